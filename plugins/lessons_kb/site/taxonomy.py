"""Taxonomy indexes: which public entries carry each country, SDG, theme, organisation,
year and lesson status. Built once per build, in one pass over the base.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lessons_kb.i18n import N_, Interface, interface
from lessons_kb.model import Entry, KnowledgeBase, newest_first
from lessons_kb.site.words import plain
from lessons_kb.vocab import sdg_goal_of, sdg_targets

#: Taxonomies in the order readers meet them, with their page folder and label.
TAXONOMIES: dict[str, str] = {
    "countries": N_("Countries"),
    "sdgs": N_("SDGs"),
    "themes": N_("Themes"),
    "organisations": N_("Organisations"),
    "years": N_("Years"),
    "statuses": N_("Statuses"),
}


@dataclass(slots=True)
class TermIndex:
    """One value of a taxonomy and the entries that carry it."""

    taxonomy: str
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def src_uri(self) -> str:
        return term_src_uri(self.taxonomy, self.key)


def term_src_uri(taxonomy: str, key: str) -> str:
    """The source path of a term's page: `countries/lca.md`, `sdgs/16.md`."""
    return f"{taxonomy}/{key.lower()}.md"


def terms_of(entry: Entry) -> Iterable[tuple[str, str]]:
    """The taxonomy terms an entry is listed under: `("countries", "LCA")`, …"""
    for code in entry.countries:
        yield "countries", code
    for goal in dict.fromkeys(sdg_goal_of(code) for code in entry.sdgs):
        yield "sdgs", goal
    for theme in entry.themes:
        yield "themes", theme
    for org in dict.fromkeys([*entry.organisations, *entry.strings("organisers")]):
        yield "organisations", org
    if len(entry.date) >= 4:
        yield "years", entry.date[:4]
    if entry.kind == "lesson" and entry.status:
        yield "statuses", entry.status


def _label(kb: KnowledgeBase, taxonomy: str, key: str, words: Interface) -> str:
    if taxonomy == "countries":
        return words.country(key)
    if taxonomy == "sdgs":
        return words.gettext("SDG %(code)s: %(title)s") % {
            "code": key,
            "title": words.sdg_short(key),
        }
    if taxonomy in ("themes", "organisations"):
        return kb.vocabulary.label(taxonomy, key)
    if taxonomy == "statuses":
        return words.gettext("%(status)s lessons") % {"status": words.gettext(plain(key))}
    return key


def _order(taxonomy: str, term: TermIndex) -> tuple[object, ...]:
    if taxonomy == "sdgs":
        return (int(term.key) if term.key.isdigit() else 99,)
    if taxonomy == "years":
        return (-int(term.key) if term.key.isdigit() else 0,)
    if taxonomy == "statuses":
        from lessons_kb.schema import status_values

        order = status_values("lesson")
        return (order.index(term.key) if term.key in order else 99,)
    return (term.label.casefold(), term.key)


@dataclass(slots=True)
class Taxonomies:
    """Every taxonomy's terms in use, each with its public entries (newest first)."""

    terms: dict[str, dict[str, TermIndex]]

    def ordered(self, taxonomy: str) -> list[TermIndex]:
        return sorted(self.terms[taxonomy].values(), key=lambda t: _order(taxonomy, t))

    def get(self, taxonomy: str, key: str) -> TermIndex | None:
        return self.terms.get(taxonomy, {}).get(key)


def build_taxonomies(kb: KnowledgeBase, language: str = "en") -> Taxonomies:
    """Index every public entry under each term it carries, labelled in `language`."""
    words = interface(language)
    found: dict[str, dict[str, list[Entry]]] = {name: defaultdict(list) for name in TAXONOMIES}
    for entry in kb.public():
        for taxonomy, key in terms_of(entry):
            found[taxonomy][key].append(entry)
    terms = {
        taxonomy: {
            key: TermIndex(taxonomy, key, _label(kb, taxonomy, key, words), newest_first(entries))
            for key, entries in by_key.items()
        }
        for taxonomy, by_key in found.items()
    }
    return Taxonomies(terms)


def entries_by_target(goal: str, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """A goal's entries grouped by target (`16.6`), then those tagged with the goal alone."""
    groups: dict[str, list[Entry]] = {code: [] for code in sdg_targets(goal)}
    whole_goal: list[Entry] = []
    for entry in entries:
        codes = [c for c in entry.sdgs if sdg_goal_of(c) == goal]
        targets = [c for c in codes if "." in c]
        for code in targets:
            groups.setdefault(code, []).append(entry)
        if not targets:
            whole_goal.append(entry)
    ordered = [(code, items) for code, items in groups.items() if items]
    if whole_goal:
        ordered.append((goal, whole_goal))
    return ordered


def taxonomy_path(kb: KnowledgeBase, taxonomy: str, term: str) -> str | None:
    """The source path of a taxonomy term's page (every term in use has one)."""
    if taxonomy in ("countries", "sdgs", "themes", "organisations", "years", "statuses"):
        return term_src_uri(taxonomy, term)
    return None
