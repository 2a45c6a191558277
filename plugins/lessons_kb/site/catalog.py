"""The catalog's data: every public entry with its facet values, as compact JSON.

The browse page lists every entry in plain HTML; the catalog script reads this file to
filter those rows by facets and words, and to count what each facet value would give.
"""

from __future__ import annotations

import json
from typing import Any

from lessons_kb.model import KnowledgeBase, newest_first
from lessons_kb.vocab import country_name, sdg_goal_of, sdg_short

#: Facets in the order they are shown: key in the data, label for readers.
FACETS: dict[str, str] = {
    "kind": "Kind",
    "country": "Country",
    "sdg": "SDG",
    "theme": "Theme",
    "organisation": "Organisation",
    "year": "Year",
    "status": "Status",
    "polarity": "Polarity",
}
CATALOG_URI = "browse/catalog.json"


def _values(entry: Any) -> dict[str, list[str]]:
    values = {
        "kind": [entry.kind],
        "country": entry.countries,
        "sdg": list(dict.fromkeys(sdg_goal_of(code) for code in entry.sdgs)),
        "theme": entry.themes,
        "organisation": list(dict.fromkeys([*entry.organisations, *entry.strings("organisers")])),
        "year": [entry.date[:4]] if len(entry.date) >= 4 else [],
        "status": [entry.status] if entry.status else [],
        "polarity": [str(entry.data["polarity"])] if entry.data.get("polarity") else [],
    }
    return {key: value for key, value in values.items() if value}


def _label(kb: KnowledgeBase, facet: str, value: str) -> str:
    if facet == "country":
        return country_name(value)
    if facet == "sdg":
        return f"{value}. {sdg_short(value)}"
    if facet == "theme":
        return kb.vocabulary.label("themes", value)
    if facet == "organisation":
        return kb.vocabulary.label("organisations", value)
    return value.capitalize() if facet in ("kind", "status", "polarity") else value


def catalog_data(kb: KnowledgeBase) -> dict[str, Any]:
    """`{"facets": {facet: {"label", "values": {value: label}}}, "entries": [...]}`."""
    entries = []
    labels: dict[str, dict[str, str]] = {facet: {} for facet in FACETS}
    for entry in newest_first(kb.public()):
        values = _values(entry)
        for facet, items in values.items():
            for value in items:
                labels[facet].setdefault(value, _label(kb, facet, value))
        entries.append(
            {"id": entry.id, "t": entry.title, "s": entry.summary, "u": entry.url_path, "f": values}
        )
    facets = {
        facet: {"label": FACETS[facet], "values": dict(sorted(labels[facet].items(), key=_order))}
        for facet in FACETS
        if labels[facet]
    }
    return {"version": 1, "facets": facets, "entries": entries}


def _order(item: tuple[str, str]) -> tuple[object, ...]:
    value, label = item
    return (0, int(value), "") if value.isdigit() and len(value) <= 2 else (1, 0, label.casefold())


def catalog_json(kb: KnowledgeBase) -> str:
    """The catalog data as compact, deterministic JSON."""
    return json.dumps(catalog_data(kb), ensure_ascii=False, separators=(",", ":"))
