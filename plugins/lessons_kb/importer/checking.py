"""Checking candidates with the checks of `lessons-kb check`, on the text they would have.

Each candidate's text is written to a scratch folder and read back by the project's own
loader, then checked as a file of the base would be (`checks.run.check_files`: schema,
vocabularies, sections, placeholders, body HTML); references are checked against the
base and the import together. Every problem is told as a problem of its row, at the
column its value came from.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from lessons_kb.checks.run import check_files
from lessons_kb.checks.validate import mission_folder_problems, reference_problems
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem
from lessons_kb.source.load import MAX_FILE_BYTES, SourceFile, split_front_matter
from lessons_kb.source.yamlnodes import load_marked
from lessons_kb.vocab import did_you_mean

from .convert import Candidate
from .entrytext import entry_text
from .report import describe, plain

_FIELD = re.compile(r"^(?P<top>[^.\[]+)(?:\[\d+\])?(?:\.(?P<key>[^.\[]+))?")
_NO_SECTION = re.compile(r"^the body has no `## (?P<title>.+)` section$")
_NO_MISSION = "the finding's folder names no mission"


def _section_lines(text: str, titles: list[str]) -> list[tuple[int, str]]:
    """(first line, title) of each section the import wrote, in order."""
    wanted = {f"## {t}" for t in titles}
    return [
        (number, line[3:].casefold())
        for number, line in enumerate(text.split("\n"), start=1)
        if line in wanted
    ]


def _checkable_text(candidate: Candidate) -> str:
    """The candidate's text; for one too large to be an entry, its problem is told here
    and its longest sections are cut, so that every other problem is still found."""
    size = len(candidate.text.encode("utf-8"))
    if size <= MAX_FILE_BYTES:
        return candidate.text
    title, longest = max(candidate.sections, key=lambda s: len(s[1]))
    candidate.problem(
        candidate.section_sources.get(title.casefold()),
        f"the entry would be {size:,} bytes, more than the {MAX_FILE_BYTES:,} an entry may "
        f"have; this cell gives {len(longest.encode('utf-8')):,} of them — shorten it, or "
        "link the full text from `documents`",
    )
    share = MAX_FILE_BYTES // (2 * max(len(candidate.sections), 1))
    sections = [(t, text[:share]) for t, text in candidate.sections]
    return entry_text(candidate.kind, candidate.data, sections)


def reads_back(candidate: Candidate) -> bool:
    """Whether the project's loader reads the candidate's front matter as its values
    (before the checks, which fill in the schema's defaults)."""
    split = split_front_matter(candidate.text, candidate.rel_path or "")
    if isinstance(split, Problem):
        return False
    return bool(load_marked(split[0], line_offset=1).data == (candidate.data or None))


def where_of(problem: Problem, candidate: Candidate) -> str | None:
    """The column (or value of the mapping) a problem comes from; None for the row."""
    if problem.field:
        match = _FIELD.match(problem.field)
        if match:
            key = f"{match.group('top')}.{match.group('key')}"
            return candidate.sources.get(key) or candidate.sources.get(match.group("top"))
    missing = _NO_SECTION.match(problem.message)
    if missing:
        return candidate.section_sources.get(missing.group("title").casefold())
    if problem.message.startswith(_NO_MISSION):
        return candidate.sources.get("mission")
    if problem.line is not None:
        titles = [title for title, _ in candidate.sections]
        current = None
        for first, title in _section_lines(candidate.text, titles):
            if first <= problem.line:
                current = title
        if current is not None:
            return candidate.section_sources.get(current)
    return None


def _add(candidate: Candidate, problems: list[Problem], kb: KnowledgeBase) -> None:
    for problem in problems:
        text = describe(problem)
        missing = _NO_SECTION.match(problem.message)
        if missing and candidate.section_sources.get(missing.group("title").casefold()):
            text = (
                f'is empty, so the body has no "## {missing.group("title")}" section, '
                f"which every {candidate.kind} needs"
            )
        if problem.message.startswith(_NO_MISSION):
            missions = [e.id for e in kb.entries.values() if e.kind == "mission"]
            hint = did_you_mean(candidate.mission_id or "", missions)
            text = f'there is no mission "{candidate.mission_id}" in the knowledge base — ' + (
                plain(hint) if hint else "import or write the mission first"
            )
        candidate.problem(where_of(problem, candidate), text, problem.severity)


def check_candidates(
    candidates: list[Candidate],
    kb: KnowledgeBase,
    missions_on_disk: set[str],
    today: dt.date,
    *,
    strict: bool,
    skip_invalid: bool,
) -> None:
    """Add to each candidate (with an id and a text) every problem the checks find."""
    todo = [c for c in candidates if c.rel_path and not c.already and c.entry_id]
    by_path = {c.rel_path: c for c in todo}
    entries: dict[str, Entry] = {}
    with tempfile.TemporaryDirectory(prefix="lessons-kb-import-") as scratch:
        sources = []
        for number, candidate in enumerate(todo):
            if not reads_back(candidate):  # the writer's own mistake, never the row's
                candidate.problem(None, "the entry would not read back as the row's values")
            path = Path(scratch) / f"{number}.md"
            path.write_text(_checkable_text(candidate), "utf-8")
            assert candidate.entry_id is not None and candidate.rel_path is not None
            sources.append(
                SourceFile(
                    str(path),
                    candidate.rel_path,
                    candidate.kind,
                    candidate.entry_id,
                    candidate.mission_id,
                )
            )
        for source, entry, problems in check_files(sources, kb.vocabulary, today):
            candidate = by_path[source.rel_path]
            _add(candidate, problems, kb)
            if entry is None:
                continue
            entries[source.rel_path] = entry
    # References between entries: the base and the import together, as the build sees them.
    # With `skip_invalid`, the rows that fail are left out and the rest checked again, until
    # no row names one that will not be written.
    reported: dict[str, set[str]] = {rel: set() for rel in entries}
    active = dict(entries)
    while True:
        merged = KnowledgeBase({**kb.entries}, kb.vocabulary)
        merged.entries.update({e.id: e for e in active.values()})
        problems = reference_problems(merged)
        problems += mission_folder_problems(merged, missions_on_disk)
        for problem in problems:
            if problem.file not in active:
                continue
            key = problem.sentence()
            if key not in reported[problem.file]:
                reported[problem.file].add(key)
                _add(by_path[problem.file], [problem], merged)
        if not skip_invalid:
            return
        passing = {rel: e for rel, e in active.items() if not by_path[rel].blocked(strict)}
        if len(passing) == len(active):
            return
        active = passing
