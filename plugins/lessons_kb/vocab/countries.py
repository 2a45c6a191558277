"""Countries (ISO 3166-1 alpha-3, from pycountry) and the regions lessons apply to."""

from __future__ import annotations

import difflib
from functools import cache

import pycountry

from lessons_kb.vocab.data import data_text, load_yaml
from lessons_kb.vocab.terms import Term


@cache
def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.alpha_3] = getattr(country, "common_name", None) or country.name
    return names


def country_name(code: str) -> str:
    """The name of a country by its alpha-3 code (the code itself if unknown)."""
    return _countries().get(code, code)


def is_country(code: str) -> bool:
    return code in _countries()


@cache
def _country_lookup() -> dict[str, str]:
    """Lower-cased names, official names and alpha-2 codes → alpha-3 code."""
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
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
