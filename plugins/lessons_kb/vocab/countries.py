"""Countries (ISO 3166-1 alpha-3, from pycountry) and the regions lessons apply to.

A country is shown by the name the United Nations uses (its standard country names for
statistical use, M49), which differs from the ISO name pycountry gives for about thirty
countries and areas ("Bolivia (Plurinational State of)", not "Bolivia, Plurinational State
of"); The Bahamas and The Gambia carry the article that is part of their names. Every page,
feed and export names a country through `country_name`, so it is spelt one way everywhere.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache

import pycountry

from lessons_kb.vocab.data import data_text, load_yaml
from lessons_kb.vocab.terms import Term

#: The UN's names where they differ from pycountry's ISO names.
UN_NAMES: dict[str, str] = {
    "BHS": "The Bahamas",
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "GMB": "The Gambia",
    "HKG": "China, Hong Kong Special Administrative Region",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MAC": "China, Macao Special Administrative Region",
    "MAF": "Saint Martin (French Part)",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "SHN": "Saint Helena",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}


@cache
def _countries() -> dict[str, str]:
    return {
        country.alpha_3: UN_NAMES.get(country.alpha_3, country.name)
        for country in pycountry.countries
    }


def country_name(code: str) -> str:
    """The name the UN uses for a country, by its alpha-3 code (the code itself if unknown)."""
    return _countries().get(code, code)


def country_sort_key(name: str, language: str = "en") -> str:
    """A country's name as it sorts in a list: "The Bahamas" among the B, "Égypte"
    among the E."""
    if language == "en":
        return name.removeprefix("The ").casefold()
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def is_country(code: str) -> bool:
    return code in _countries()


@cache
def _country_lookup() -> dict[str, str]:
    """Lower-cased names, official names and alpha-2 codes → alpha-3 code."""
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            UN_NAMES.get(country.alpha_3),
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            country.alpha_2,
            country.alpha_3,
        ):
            if name:
                lookup[name.lower()] = country.alpha_3
    return lookup


def country_hint(value: str) -> str | None:
    """`Saint Lucia` → did you mean `LCA` (Saint Lucia)?"""
    lookup = _country_lookup()
    key = value.strip().lower()
    code = lookup.get(key)
    if code is None:
        close = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
        code = lookup[close[0]] if close else None
    if code is None:
        return "use an ISO 3166-1 alpha-3 code, such as LCA for Saint Lucia"
    return f"did you mean `{code}` ({country_name(code)})?"


@cache
def regions() -> dict[str, Term]:
    """The regions lessons can apply to, with their member countries."""
    data = load_yaml(data_text("regions.yml"))
    return {
        key: Term(key, value["title"], members=tuple(value.get("members", ())))
        for key, value in data.items()
    }


def regions_of(country: str) -> list[str]:
    """The ids of the regions a country belongs to."""
    return [key for key, term in regions().items() if country in term.members]
