"""The catalog's data: every public entry with its facet values, as compact JSON.

The browse page holds the newest entries as a plain HTML table (every entry, where there
are few); the catalog script reads this file to list the others, to filter them by facets
and words, and to count what each facet value would give.
"""

from __future__ import annotations

import json
from typing import Any

from lessons_kb.i18n import N_, interface
from lessons_kb.kinds import KINDS
from lessons_kb.model import Entry, KnowledgeBase, newest_first
from lessons_kb.site.labels import Labels
from lessons_kb.vocab import regions, sdg_goal_of
from lessons_kb.vocab.countries import country_sort_key

#: Facets in the order they are shown: key in the data (and in the page's address), label.
FACETS: dict[str, str] = {
    "kind": N_("Kind"),
    "country": N_("Country"),
    "applies": N_("Lessons for"),
    "sdg": N_("SDG"),
    "theme": N_("Theme"),
    "organisation": N_("Organisation"),
    "year": N_("Year"),
    "mission-status": N_("Mission status"),
    "finding-status": N_("Finding status"),
    "lesson-status": N_("Lesson status"),
    "finding-kind": N_("Finding kind"),
    "polarity": N_("Keep or change"),
}
CATALOG_URI = "browse/catalog.json"
CATALOG_ROWS = 200
"""How many rows the catalog's page holds as HTML (the newest); its script lists the
others from its data, so that the page stays small at any number of entries."""


def _values(entry: Entry) -> dict[str, list[str]]:
    lesson = entry.kind == "lesson"
    values = {
        "kind": [entry.kind],
        "country": entry.countries,
        # Where a lesson applies, as its editor named it: countries and regions.
        "applies": list(dict.fromkeys([*entry.strings("applies_to"), *entry.countries]))
        if lesson
        else [],
        "sdg": list(dict.fromkeys(sdg_goal_of(code) for code in entry.sdgs)),
        "theme": entry.themes,
        "organisation": list(dict.fromkeys([*entry.organisations, *entry.strings("organisers")])),
        "year": [entry.date[:4]] if len(entry.date) >= 4 else [],
        f"{entry.kind}-status": [entry.status] if entry.status else [],
        "finding-kind": [str(entry.data["kind"])]
        if entry.kind == "finding" and entry.data.get("kind")
        else [],
        "polarity": [str(entry.data["polarity"])] if lesson and entry.data.get("polarity") else [],
    }
    return {key: value for key, value in values.items() if value}


def _label(kb: KnowledgeBase, facet: str, value: str, labels: Labels) -> str:
    words = labels.words
    if facet == "country" or (facet == "applies" and value not in regions()):
        return words.country(value)
    if facet == "applies":
        return labels.region(value)
    if facet == "sdg":
        return f"{value}. {words.sdg_short(value)}"
    if facet == "theme":
        return kb.vocabulary.label("themes", value)
    if facet == "organisation":
        return kb.vocabulary.label("organisations", value)
    if facet == "kind":
        return labels.kind(value)
    if facet == "polarity":
        return f"{labels.plain(value)}: {labels.polarity(value).lower()}"
    return labels.plain(value) if facet != "year" else value


def catalog_data(kb: KnowledgeBase, language: str = "en") -> dict[str, Any]:
    """`{"facets": {facet: {"label", "values": {value: label}}}, "entries": [...]}`.

    Each entry has its id, title (`t`), summary (`s`), page (`u`), date (`d`), its
    countries' names (`c`) and its facet values (`f`); labels are in `language`."""
    words = interface(language)
    labeller = Labels(words)
    entries = []
    labels: dict[str, dict[str, str]] = {facet: {} for facet in FACETS}
    for entry in newest_first(kb.public()):
        values = _values(entry)
        for facet, items in values.items():
            for value in items:
                labels[facet].setdefault(value, _label(kb, facet, value, labeller))
        entries.append(
            {
                "id": entry.id,
                "t": entry.title,
                "s": entry.summary,
                "u": entry.url_path,
                "d": entry.date,
                "c": ", ".join(words.country(c) for c in entry.countries),
                "f": values,
            }
        )
    facets = {
        facet: {
            "label": words.gettext(FACETS[facet]),
            "values": dict(
                sorted(labels[facet].items(), key=lambda item: _order(facet, item, language))
            ),
        }
        for facet in FACETS
        if labels[facet]
    }
    return {"version": 2, "facets": facets, "entries": entries}


def _order(facet: str, item: tuple[str, str], language: str) -> tuple[object, ...]:
    value, label = item
    if facet == "kind":
        return (list(KINDS).index(value) if value in KINDS else 9, 0, "")
    if facet.endswith("-status") and facet != "finding-kind":
        kind = facet.removesuffix("-status")
        order = KINDS[kind].statuses if kind in KINDS else []
        return (order.index(value) if value in order else 99, 0, "")
    if facet == "year":
        return (0, -int(value) if value.isdigit() else 0, "")
    if value.isdigit() and len(value) <= 2:
        return (0, int(value), "")
    return (1, 0, country_sort_key(label, language))


def catalog_json(kb: KnowledgeBase, language: str = "en") -> str:
    """The catalog data as compact, deterministic JSON."""
    return json.dumps(catalog_data(kb, language), ensure_ascii=False, separators=(",", ":"))
