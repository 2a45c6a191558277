"""Loading a whole knowledge base: files → entries → problems → cross-linked base.

This is the one entry point the MkDocs plugin and the command line share.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from lessons_kb.checks.body_html import body_html_problems
from lessons_kb.checks.cache import CheckCache, FileResult
from lessons_kb.checks.dates import lifecycle_problems
from lessons_kb.checks.links import body_link_problems
from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.placeholders import placeholder_problems
from lessons_kb.checks.quality import base_quality_problems, entry_quality_problems
from lessons_kb.checks.schema_check import schema_problems, warm_up_validators
from lessons_kb.checks.validate import (
    duplicate_problems,
    entry_problems,
    mission_folder_problems,
    reference_problems,
)
from lessons_kb.model import Entry, KnowledgeBase, derive_backlinks
from lessons_kb.problems import Problem
from lessons_kb.source.load import (
    SourceFile,
    discover,
    load_taxonomies,
    parse_entry,
    read_text,
)
from lessons_kb.translations.checks import translation_problems
from lessons_kb.translations.load import Translation, load_translations
from lessons_kb.vocab import Vocabulary


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
    translations: list[Translation] = field(default_factory=list)
    """The translation files that could be read (checked against their sources)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


_DEFAULT_OPTIONS = CheckOptions()
#: From this many files on, they are read and checked in parallel, one process per core.
PARALLEL_FROM = 2000
_CHUNK = 250


def _check_file(
    source: SourceFile,
    vocabulary: Vocabulary,
    today: dt.date,
    options: CheckOptions = _DEFAULT_OPTIONS,
) -> FileResult:
    """Read one entry file and run every check that needs no other entry."""
    text, problems = read_text(source.path, source.rel_path)
    if text is None:
        return source, None, problems
    entry, problems = parse_entry(source, text, keep_tree=True)
    if entry is not None:
        problems += schema_problems(entry)
        problems += entry_problems(entry, vocabulary, today)
        problems += placeholder_problems(entry, text)
        problems += body_html_problems(entry)
        problems += entry_quality_problems(entry, vocabulary, options, today)
        entry.marks.forget_tree()
    return source, entry, problems


def _check_chunk(
    sources: list[SourceFile],
    vocabulary: Vocabulary,
    today: dt.date,
    options: CheckOptions = _DEFAULT_OPTIONS,
) -> list[FileResult]:
    return [_check_file(source, vocabulary, today, options) for source in sources]


def check_files(
    sources: list[SourceFile],
    vocabulary: Vocabulary,
    today: dt.date,
    options: CheckOptions = _DEFAULT_OPTIONS,
) -> list[FileResult]:
    """Every file read and checked on its own, in order; in parallel for large bases."""
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _check_chunk(sources, vocabulary, today, options)
    warm_up_validators()  # compiled once here, inherited by the forked workers
    chunks = [sources[i : i + _CHUNK] for i in range(0, len(sources), _CHUNK)]
    context = mp.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = pool.map(
            _check_chunk, chunks, repeat(vocabulary), repeat(today), repeat(options)
        )
        return [result for part in parts for result in part]


def _checked(
    sources: list[SourceFile],
    vocabulary: Vocabulary,
    today: dt.date,
    options: CheckOptions,
    cache: CheckCache | None,
) -> list[FileResult]:
    """Every file's own check, in order, from `cache` where the file has not changed."""
    if cache is None:
        return check_files(sources, vocabulary, today, options)
    good, again, stamps = cache.split(sources)
    fresh = check_files(again, vocabulary, today, options)
    cache.keep(fresh, stamps)
    good.update((result[0].path, result) for result in fresh)
    return [good[source.path] for source in sources]


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (in forked workers too) while the block runs.

    Loading a base makes millions of objects that live on (entries, their data, the
    problems) and almost no garbage in cycles: the collector would only scan the growing
    heap again and again (a sixth of the check's time at 10,000 entries). Objects freed by
    reference counting are freed as usual; cycles wait for the next collection after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cycle_collection_paused()
def load_knowledge_base(
    content_dir: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    options: CheckOptions | None = None,
    cache: CheckCache | None = None,
) -> LoadResult:
    """Load, validate and cross-link the knowledge base under `content_dir`.

    `root` is the folder file paths in problems are shown relative to (by default the
    parent of `content_dir`); `options` say what the site's `mkdocs.yml` chose (by
    default every quality rule is on, and the site's pages are in `docs/` beside
    `content/`); with a `cache` (a preview's), files unchanged since its last check are
    not read again. Never raises on bad content: every problem is returned.
    """
    options = options or _DEFAULT_OPTIONS
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
    if cache is not None:
        cache.start(content, today, options)
    for source, entry, entry_problems_found in _checked(sources, vocabulary, today, options, cache):
        problems += entry_problems_found
        if entry is not None:
            loaded.append(entry)
        else:
            unreadable.add(source.id)
    entries, duplicates = duplicate_problems(loaded)
    problems += duplicates

    kb = KnowledgeBase(entries={e.id: e for e in entries}, vocabulary=vocabulary)
    problems += reference_problems(kb, unreadable)
    missions_on_disk = {s.id for s in sources if s.kind == "mission"}
    problems += mission_folder_problems(kb, missions_on_disk)
    derive_backlinks(kb)
    problems += lifecycle_problems(kb)
    if cache is not None:
        cache.neighbours(kb)
    problems += base_quality_problems(kb, options)
    docs_dir = options.docs_dir or content.parent / "docs"
    problems += body_link_problems(kb, docs_dir, options, today)
    translations, read_problems = load_translations(content, base)
    problems += read_problems + translation_problems(kb, translations, options.languages)
    # A rule reached through two schema paths is reported once.
    return LoadResult(kb, sorted(dict.fromkeys(problems), key=Problem.sort_key), translations)
