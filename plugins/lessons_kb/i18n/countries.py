"""Country names in the reader's language, from pycountry's own translations."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from lessons_kb.vocab import country_name

DOMAIN = "iso3166-1"


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        DOMAIN, pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def localised_country(code: str, language: str) -> str:
    """A country's name in `language` by its alpha-3 code: in English the UN's name, in
    another language pycountry's translation of the ISO name (the ISO name where it has
    none), and the code itself where the code is unknown."""
    english = country_name(code)
    if language == "en":
        return english
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return english
    return _translations(language).gettext(country.name)
