"""Loading a whole knowledge base: files → entries → problems → cross-linked base.

This is the one entry point the MkDocs plugin and the command line share.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .load import discover, load_entry, load_taxonomies
from .model import Entry, KnowledgeBase, derive_backlinks
from .placeholders import placeholder_problems
from .problems import Problem
from .schema_check import schema_problems
from .validate import (
    duplicate_problems,
    entry_problems,
    mission_folder_problems,
    reference_problems,
)


def build_date() -> dt.date:
    """Today, or the day of `SOURCE_DATE_EPOCH` when set (for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(slots=True)
class LoadResult:
    """A knowledge base and every problem found while loading it."""

    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_knowledge_base(
    content_dir: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> LoadResult:
    """Load, validate and cross-link the knowledge base under `content_dir`.

    `root` is the folder file paths in problems are shown relative to (by default the
    parent of `content_dir`). Never raises on bad content: every problem is returned.
    """
    content = Path(content_dir).resolve()
    base = Path(root).resolve() if root is not None else content.parent
    today = today or build_date()
    problems: list[Problem] = []
    if not content.is_dir():
        problems.append(
            Problem(
                str(content_dir),
                "the content folder does not exist",
                expected="a folder with missions/ and lessons/",
            )
        )
        return LoadResult(KnowledgeBase(), problems)

    vocabulary, taxonomy_problems = load_taxonomies(content, base)
    problems += taxonomy_problems
    sources, discovery_problems = discover(content, base)
    problems += discovery_problems

    loaded: list[Entry] = []
    unreadable: set[str] = set()
    for source in sources:
        entry, entry_load_problems = load_entry(source)
        problems += entry_load_problems
        if entry is not None:
            loaded.append(entry)
        else:
            unreadable.add(source.id)
    entries, duplicates = duplicate_problems(loaded)
    problems += duplicates

    for entry in entries:
        problems += schema_problems(entry)
        problems += entry_problems(entry, vocabulary, today)
        problems += placeholder_problems(entry)

    kb = KnowledgeBase(entries={e.id: e for e in entries}, vocabulary=vocabulary)
    problems += reference_problems(kb, unreadable)
    missions_on_disk = {s.id for s in sources if s.kind == "mission"}
    problems += mission_folder_problems(kb, missions_on_disk)
    derive_backlinks(kb)
    # A rule reached through two schema paths is reported once.
    return LoadResult(kb, sorted(dict.fromkeys(problems), key=Problem.sort_key))
