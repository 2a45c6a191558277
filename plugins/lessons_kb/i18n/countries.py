"""Country names in the reader's language, from pycountry's own translations.

Where the United Nations name a country otherwise than ISO does (`vocab.countries.UN_NAMES`),
the UN's Spanish and French names (its standard country names, M49) are used: pycountry's
translations of ISO's inverted forms ("Bolivia, Estado plurinacional de") are not how a UN
page names a member State.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from lessons_kb.vocab import country_name

DOMAIN = "iso3166-1"

UN_NAMES_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "es": {
        "BHS": "Bahamas",
        "BOL": "Bolivia (Estado Plurinacional de)",
        "COD": "República Democrática del Congo",
        "FSM": "Micronesia (Estados Federados de)",
        "GBR": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "GMB": "Gambia",
        "HKG": "China, Región Administrativa Especial de Hong Kong",
        "IRN": "Irán (República Islámica del)",
        "KOR": "República de Corea",
        "MAC": "China, Región Administrativa Especial de Macao",
        "MAF": "San Martín (parte francesa)",
        "MDA": "República de Moldova",
        "NLD": "Países Bajos (Reino de los)",
        "PRK": "República Popular Democrática de Corea",
        "PSE": "Estado de Palestina",
        "SHN": "Santa Elena",
        "TZA": "República Unida de Tanzanía",
        "USA": "Estados Unidos de América",
        "VAT": "Santa Sede",
        "VEN": "Venezuela (República Bolivariana de)",
        "VGB": "Islas Vírgenes Británicas",
        "VIR": "Islas Vírgenes de los Estados Unidos",
    },
    "fr": {
        "BHS": "Bahamas",
        "BOL": "Bolivie (État plurinational de)",
        "COD": "République démocratique du Congo",
        "FSM": "Micronésie (États fédérés de)",
        "GBR": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
        "GMB": "Gambie",
        "HKG": "Chine, région administrative spéciale de Hong Kong",
        "IRN": "Iran (République islamique d’)",
        "KOR": "République de Corée",
        "MAC": "Chine, région administrative spéciale de Macao",
        "MAF": "Saint-Martin (partie française)",
        "MDA": "République de Moldova",
        "NLD": "Pays-Bas (Royaume des)",
        "PRK": "République populaire démocratique de Corée",
        "PSE": "État de Palestine",
        "SHN": "Sainte-Hélène",
        "TZA": "République-Unie de Tanzanie",
        "USA": "États-Unis d’Amérique",
        "VAT": "Saint-Siège",
        "VEN": "Venezuela (République bolivarienne du)",
        "VGB": "Îles Vierges britanniques",
        "VIR": "Îles Vierges américaines",
    },
}


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def localised_country(code: str, language: str) -> str:
    """A country's name in `language` by its alpha-3 code: the UN's name where it differs
    from ISO's, else pycountry's translation of the ISO name (the ISO name where it has
    none); in English the UN's name, and the code itself where the code is unknown."""
    english = country_name(code)
    if language == "en":
        return english
    un_name = UN_NAMES_BY_LANGUAGE.get(language, {}).get(code)
    if un_name is not None:
        return un_name
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return english
    return _translations(language).gettext(country.name)
