"""Checks beyond the schema: vocabularies and references.

`entry_problems` looks at one entry alone (with the vocabularies; its sections and dates
are checked by `sections` and `dates`); the others look across the whole base (unique
ids, references, cycles). All only report.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from lessons_kb.checks.dates import date_problems
from lessons_kb.checks.place import problem_at
from lessons_kb.checks.sections import section_problems
from lessons_kb.checks.wording import VAGUE_OWNERS
from lessons_kb.kinds import REFERENCE_FIELDS
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem
from lessons_kb.source.yamlnodes import Path
from lessons_kb.vocab import (
    Vocabulary,
    country_hint,
    did_you_mean,
    is_country,
    regions,
    sdg_codes,
    sdg_hint,
)

TAXONOMIES = "content/taxonomies"
_TAXONOMY_OF_FIELD = {
    "themes": "themes",
    "organisations": "organisations",
    "organisers": "organisations",
}


_problem = problem_at


def _items(entry: Entry, name: str) -> Iterable[tuple[Path, str]]:
    value = entry.data.get(name)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield (name, index), item


def entry_problems(entry: Entry, vocabulary: Vocabulary, today: dt.date) -> list[Problem]:
    """What is wrong with one entry, beyond its schema: its vocabularies, its body's
    sections and text, its dates."""
    problems = _vocabulary_problems(entry, vocabulary)
    problems += section_problems(entry)
    problems += date_problems(entry, today)
    return problems


def _vocabulary_problems(entry: Entry, vocabulary: Vocabulary) -> list[Problem]:
    problems = []
    for path, code in _items(entry, "countries"):
        if not is_country(code):
            problems.append(
                _problem(
                    entry,
                    path,
                    f"`{code}` is not a country code",
                    expected="an ISO 3166-1 alpha-3 code",
                    hint=country_hint(code),
                )
            )
    sdgs = entry.data.get("sdgs")
    if isinstance(sdgs, list):
        for index, code in enumerate(entry.sdgs):
            if code not in sdg_codes():
                problems.append(
                    _problem(
                        entry,
                        ("sdgs", index),
                        f"`{code}` is not an SDG goal or target",
                        expected="a goal 1–17 or a target such as 16.6",
                        hint=sdg_hint(code),
                    )
                )
    for name, taxonomy in _TAXONOMY_OF_FIELD.items():
        terms = vocabulary.taxonomy(taxonomy)
        for path, term in _items(entry, name):
            if term not in terms:
                problems.append(_unknown_term(entry, path, term, taxonomy, vocabulary))
    project = entry.data.get("project")
    if isinstance(project, str) and project not in vocabulary.projects:
        problems.append(_unknown_term(entry, ("project",), project, "projects", vocabulary))
    for index, recommendation in enumerate(entry.recommendations):
        owner = recommendation.get("owner")
        if isinstance(owner, str) and owner not in vocabulary.organisations:
            path = ("recommendations", index, "owner")
            problems.append(_unknown_term(entry, path, owner, "organisations", vocabulary))
    for path, place in _items(entry, "applies_to"):
        if not is_country(place) and place not in regions():
            problems.append(
                _problem(
                    entry,
                    path,
                    f"`{place}` is neither a country code nor a region",
                    expected="an ISO alpha-3 code or one of " + ", ".join(regions()),
                    hint=did_you_mean(place, list(regions())) or country_hint(place),
                )
            )
    return problems


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _unknown_term(
    entry: Entry, path: Path, term: str, taxonomy: str, vocabulary: Vocabulary
) -> Problem:
    terms = vocabulary.taxonomy(taxonomy)
    titled = next((t.id for t in terms.values() if _same_text(t.title, term)), None)
    if titled is not None:
        return _problem(
            entry,
            path,
            f"`{term}` is the title of a term of {taxonomy}.yml, not its id",
            expected=f"an id from content/taxonomies/{taxonomy}.yml",
            hint=f"write its id: `{titled}`",
        )
    if path[-1:] == ("owner",) and term.casefold() in VAGUE_OWNERS:
        hint = "name the one organisation that will act, by its id in organisations.yml"
    else:
        hint = did_you_mean(term, list(terms)) or f"add `{term}` to {TAXONOMIES}/{taxonomy}.yml"
    return _problem(
        entry,
        path,
        f"`{term}` is not in {TAXONOMIES}/{taxonomy}.yml",
        expected=f"an id from {taxonomy}.yml",
        hint=hint,
    )


# --- Across the whole base ----------------------------------------------------------


def duplicate_problems(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """Entries with unique ids (the first of each), and a problem for every other."""
    seen: dict[str, Entry] = {}
    kept: list[Entry] = []
    problems = []
    for entry in entries:
        key = entry.id.casefold()
        first = seen.get(key)
        if first is None:
            seen[key] = entry
            kept.append(entry)
            continue
        same = "" if first.id == entry.id else f" (differing only in case, as `{first.id}`)"
        problems.append(
            Problem(
                entry.rel_path,
                f"the id `{entry.id}` is already used{same} by {first.rel_path}",
                line=1,
                expected="an id used by no other entry",
                hint="rename one of the files; ids are unique across missions, findings, lessons",
            )
        )
    return kept, problems


def reference_problems(
    kb: KnowledgeBase, unreadable: frozenset[str] | set[str] = frozenset()
) -> list[Problem]:
    """Dangling, wrong-kind, self and public-to-internal references; supersession cycles.

    References to `unreadable` ids (files that exist but could not be read, and are
    reported on their own) are not reported again.
    """
    problems = []
    ids = list(kb.entries)
    for entry in kb.entries.values():
        for name, target_kind in REFERENCE_FIELDS[entry.kind].items():
            wanted = target_kind or entry.kind
            for path, target_id in _reference_items(entry, name):
                if target_id in unreadable:
                    continue
                problems += _check_reference(kb, entry, path, target_id, wanted, ids)
        for link in entry.outline().links:
            target = kb.get(link.target)
            line = entry.body_line + link.line
            if link.target in unreadable:
                continue
            if target is None:
                hint = did_you_mean(link.target, ids) or "check the id (the file name without .md)"
                problems.append(
                    Problem(
                        entry.rel_path,
                        f"`[[{link.target}]]` links to no entry",
                        line=line,
                        column=link.column + 1,
                        expected="the id of an existing entry",
                        hint=hint,
                    )
                )
            elif entry.is_public and not target.is_public:
                problems.append(
                    Problem(
                        entry.rel_path,
                        f"`[[{link.target}]]` links to an internal entry",
                        line=line,
                        column=link.column + 1,
                        expected="links from a public entry to public entries only",
                        hint="remove the link, or make the target public",
                    )
                )
    problems += _supersession_cycles(kb)
    return problems


def _reference_items(entry: Entry, name: str) -> Iterable[tuple[Path, str]]:
    value = entry.data.get(name)
    if isinstance(value, str):
        yield (name,), value
    else:
        yield from _items(entry, name)


def _check_reference(
    kb: KnowledgeBase, entry: Entry, path: Path, target_id: str, wanted: str, ids: list[str]
) -> list[Problem]:
    target = kb.get(target_id)
    # Only on a problem: listing the candidates costs a pass over the base.
    same_kind = (
        [i for i in ids if kb.entries[i].kind == wanted and i != entry.id]
        if target is None or target.id == entry.id or target.kind != wanted
        else []
    )
    titled = (
        next((i for i in same_kind if _same_text(kb.entries[i].title, target_id)), None)
        if target is None
        else None
    )
    if titled is not None:
        return [
            _problem(
                entry,
                path,
                f"`{target_id}` is the title of a {wanted}, not its id",
                expected=f"the id of a {wanted} (its file name without `.md`)",
                hint=f"write its id: `{titled}`",
            )
        ]
    if target is None:
        hint = did_you_mean(target_id, same_kind) or did_you_mean(target_id, ids)
        return [
            _problem(
                entry,
                path,
                f"`{target_id}` is no entry",
                expected=f"the id of a {wanted}",
                hint=hint or f"check the id; the {wanted}s are listed on the site",
            )
        ]
    if target.id == entry.id:
        return [
            _problem(
                entry,
                path,
                "an entry cannot refer to itself",
                expected=f"the id of another {wanted}",
                hint=did_you_mean(target_id, same_kind),
            )
        ]
    if target.kind != wanted:
        nearest = difflib.get_close_matches(target_id, same_kind, n=3, cutoff=0.0)
        return [
            _problem(
                entry,
                path,
                f"`{target_id}` is a {target.kind}",
                expected=f"the id of a {wanted}",
                hint="did you mean " + " or ".join(f"`{i}`" for i in nearest) + "?"
                if nearest
                else None,
            )
        ]
    if entry.is_public and not target.is_public:
        return [
            _problem(
                entry,
                path,
                f"`{target_id}` is internal and cannot be named by a public entry",
                expected="a public entry",
                hint="remove the reference, or make one of the two entries internal",
            )
        ]
    return []


def _supersession_cycles(kb: KnowledgeBase) -> list[Problem]:
    problems = []
    reported: set[str] = set()
    for start in kb.entries.values():
        chain: list[str] = []
        current: Entry | None = start
        while current is not None and current.id not in chain:
            chain.append(current.id)
            nxt = current.data.get("superseded_by")
            current = kb.get(nxt) if isinstance(nxt, str) else None
        if current is not None and current.id == start.id and start.id not in reported:
            reported.update(chain)
            cycle = " → ".join([*chain, start.id])
            problems.append(
                _problem(
                    start,
                    ("superseded_by",),
                    f"`superseded_by` goes round in a circle: {cycle}",
                    expected="a chain that ends at a current lesson",
                    hint="remove `superseded_by` from the lesson that is current",
                )
            )
    return problems


def mission_folder_problems(kb: KnowledgeBase, mission_ids_on_disk: set[str]) -> list[Problem]:
    """A finding whose mission folder holds no valid mission."""
    problems = []
    for entry in kb.entries.values():
        if entry.kind != "finding":
            continue
        mission = kb.get(entry.mission_id or "")
        if mission is not None:
            if entry.is_public and not mission.is_public:
                problems.append(
                    Problem(
                        entry.rel_path,
                        f"the finding is public but its mission `{mission.id}` is internal",
                        line=1,
                        expected="a public finding in a public mission",
                        hint="set `sensitivity: internal` on the finding, or publish the mission",
                    )
                )
            continue
        if entry.mission_id in mission_ids_on_disk:
            continue  # the mission itself is broken and reported on its own
        problems.append(
            Problem(
                entry.rel_path,
                f"the finding's folder names no mission `{entry.mission_id}`",
                line=1,
                expected="a finding stored in content/missions/<mission-id>/findings/",
            )
        )
    return problems
