"""What the last check of each entry file found, for a preview that checks again on save.

Checking one file on its own (reading it, its schema, vocabularies, placeholders, body and
quality hints) needs no other entry, so while a file, the taxonomies, the day and the
options stay as they were, its result stands. A preview keeps one cache and re-reads only
the files an editor saved; the checks across the base run every time.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from lessons_kb.checks.neighbours import Neighbourhood
from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.similar import lesson_text, remember_neighbours
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem
from lessons_kb.source.load import SourceFile

FileResult = tuple[SourceFile, Entry | None, list[Problem]]
Stamp = tuple[int, int]
"""A file's modification time (ns) and size: the file is read again when either changes."""


def stamp(path: str | Path) -> Stamp | None:
    """The file's stamp, or None if it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def taxonomies_stamp(content: Path) -> tuple[tuple[str, Stamp | None], ...]:
    """The stamps of the taxonomy files, which every entry is checked against."""
    folder = content / "taxonomies"
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    return tuple((str(path), stamp(path)) for path in files)


@dataclass
class CheckCache:
    """Each entry file's result, with the stamp it was read at."""

    key: tuple[object, ...] = ()
    results: dict[str, tuple[Stamp, FileResult]] = field(default_factory=dict)
    reused: int = 0
    """How many files the last check took from the cache."""
    neighbourhood: Neighbourhood | None = None
    lesson_texts: dict[str, str] = field(default_factory=dict)

    def start(self, content: Path, today: dt.date, options: CheckOptions) -> None:
        """Forget every result if what all files are checked against has changed."""
        key = (taxonomies_stamp(content), today, options)
        if key != self.key:
            self.results.clear()
            self.key = key
        self.reused = 0

    def split(
        self, sources: list[SourceFile]
    ) -> tuple[dict[str, FileResult], list[SourceFile], dict[str, Stamp | None]]:
        """The results still good, the files to check again, and the stamps they had."""
        good: dict[str, FileResult] = {}
        again: list[SourceFile] = []
        stamps: dict[str, Stamp | None] = {}
        for source in sources:
            now = stamps[source.path] = stamp(source.path)
            known = self.results.get(source.path)
            if known is not None and now is not None and known[0] == now and known[1][0] == source:
                good[source.path] = known[1]
            else:
                again.append(source)
        self.reused = len(good)
        return good, again, stamps

    def keep(self, results: list[FileResult], stamps: dict[str, Stamp | None]) -> None:
        """Remember the results of the files just checked (and forget removed files)."""
        for result in results:
            now = stamps.get(result[0].path)
            if now is not None:
                self.results[result[0].path] = (now, result)
        for path in set(self.results) - set(stamps):
            del self.results[path]

    def neighbours(self, kb: KnowledgeBase) -> None:
        """Give `kb` its lessons' neighbours, updated from the last check's for the lessons
        whose words changed (compared in full the first time)."""
        texts = {e.id: lesson_text(e) for e in kb.entries.values() if e.kind == "lesson"}
        if self.neighbourhood is None:
            self.neighbourhood = Neighbourhood(texts)
        else:
            changed = {i: t for i, t in texts.items() if self.lesson_texts.get(i) != t}
            removed = set(self.lesson_texts) - set(texts)
            if changed or removed:
                self.neighbourhood.update(changed, removed)
        self.lesson_texts = texts
        remember_neighbours(kb, self.neighbourhood.found)
