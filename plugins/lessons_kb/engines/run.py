"""The whole pipeline, outside any engine: check → stage → engine → finish.

`lessons-kb build` runs it once; `lessons-kb serve` stages again whenever a file under
`content/` or `docs/` changes, and the engine's own preview reloads the pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lessons_kb.checks.cache import CheckCache
from lessons_kb.checks.run import LoadResult, build_date, load_knowledge_base
from lessons_kb.engines.engine import Engine, EngineError
from lessons_kb.engines.languages import EditionFailed, build_editions
from lessons_kb.engines.registry import ENGINES
from lessons_kb.engines.site import Site
from lessons_kb.finish.run import FinishError, finish_site
from lessons_kb.i18n import SUPPORTED, is_supported, missing_warnings
from lessons_kb.model import KnowledgeBase
from lessons_kb.problems import format_github, format_text
from lessons_kb.site.folder import write_stage
from lessons_kb.site.problems_page import NOTICED, PREVIEW_NOTICE, problems_notice, with_notice
from lessons_kb.site.restage import restage
from lessons_kb.site.stage import StagedSite, Stager, stage_site

Say = Callable[[str], None]


class BuildFailed(Exception):
    """The site was not built; the message says why (problems were already printed)."""

    def __init__(self, message: str, result: LoadResult | None = None) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class Staged:
    """A checked knowledge base and its staged site, written to its folder."""

    site: Site
    result: LoadResult
    staged: StagedSite
    config: Path
    written: int


def check(
    site: Site,
    say: Say,
    strict: bool,
    cache: CheckCache | None = None,
    saved: set[str] | None = None,
) -> LoadResult:
    """Load and check the knowledge base; raises BuildFailed on errors (or, when strict,
    on warnings), after printing every problem (with `saved`, the files a preview's editor
    just saved: their warnings, every error, and how many warnings the other files have)."""
    result = load_knowledge_base(
        site.settings.content_dir,
        root=site.root,
        today=build_date(),
        options=site.settings.checks,
        cache=cache,
    )
    shown = result.problems
    if saved is not None:
        shown = [p for p in shown if p.is_error or p.file in saved]
    if shown:
        say(format_text(shown))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            say(format_github(shown))
    if len(shown) < len(result.problems):
        others = len(result.problems) - len(shown)
        say(f"{others} warning(s) in files not saved just now: `lessons-kb check` lists them.")
    stopping = [p for p in result.warnings if p.fails_strict]
    if result.errors or (strict and stopping):
        what = "error(s)" if result.errors else "warning(s), and the build is strict"
        count = len(result.errors) or len(stopping)
        raise BuildFailed(f"The knowledge base has {count} {what}: nothing was built.", result)
    return result


def stage(site: Site, engine: Engine, say: Say, strict: bool) -> Staged:
    """Check the knowledge base, then write its staged site and the engine's config."""
    result = check(site, say, strict)
    options = site.stage_options(build_date(), engine.links_from_source)
    staged = stage_site(result.kb, options)
    interface_complete(staged, options.language, say, strict)
    written = write_stage(staged, site.stage_dir, site.custom_dir)
    config = engine.write_config(site, staged, site.stage_dir)
    return Staged(site, result, staged, config, written)


def interface_complete(staged: StagedSite, language: str, say: Say, strict: bool) -> None:
    """Warn of every message the language's catalog lacks; a strict build stops there."""
    if not is_supported(language):
        say(
            f"lessons-kb: the interface has no catalog for {language!r} (it speaks "
            f"{', '.join(SUPPORTED)}): Lessons KB's labels stay in English"
        )
    warnings = missing_warnings(language, staged.missing_messages)
    for line in warnings:
        say(line)
    if warnings and strict:
        raise BuildFailed(
            f"The {language} interface lacks {len(warnings)} translation(s), and the build "
            "is strict: nothing was built."
        )


def build(site: Site, engine_name: str, site_dir: Path, say: Say, strict: bool) -> Staged | None:
    """Build the whole site into `site_dir` with the engine named (a site in several
    languages: one edition per language, `engines.languages`)."""
    engine = ENGINES[engine_name]
    clock = _Clock()
    if site.multilingual:
        try:
            pages, warned = build_editions(site, engine, site_dir, strict, check, say)
        except EditionFailed as exc:
            raise BuildFailed(str(exc)) from exc
        clock.lap("built")
        for line in warned:
            say(line)
        languages = ", ".join(site.languages)
        say(
            f"Built {pages} pages in {len(site.languages)} languages ({languages}) with "
            f"{engine.name} into {site_dir} in {clock.total:.1f} s."
        )
        return None
    staged = stage(site, engine, say, strict)
    clock.lap("checked and staged")
    try:
        printed = engine.build(staged.config, site_dir, strict)
        clock.lap(f"built by {engine.name}")
        finish_site(staged.result.kb, staged.staged, site_dir, site.finish_options())
        clock.lap("finished")
    except (EngineError, FinishError) as exc:
        raise BuildFailed(str(exc)) from exc
    warnings = [line for line in printed.splitlines() if "WARNING" in line.upper()]
    for line in warnings:
        say(line)
    pages = len(staged.staged.pages)
    say(
        f"Built {pages} pages with {engine.name} into {site_dir} in {clock.total:.1f} s "
        f"({clock.report()})."
    )
    return staged


class _Clock:
    """Seconds spent in each stage."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.laps: list[tuple[str, float]] = []

    def lap(self, what: str) -> None:
        now = time.monotonic()
        self.laps.append((what, now - self.last))
        self.last = now

    @property
    def total(self) -> float:
        return self.last - self.started

    def report(self) -> str:
        return ", ".join(f"{what} {seconds:.1f} s" for what, seconds in self.laps)


def serve(site: Site, engine_name: str, address: str, say: Say, poll: float = 0.5) -> int:
    """Preview the site: the engine serves the staged folder, and every change under
    `content/` or `docs/` is checked and staged again, so the engine reloads the page.
    While the knowledge base has errors, every page lists them above the last good
    version, and the preview keeps answering."""
    engine = ENGINES[engine_name]
    preview = Preview(site, engine, say)
    preview.refresh()
    command = engine.serve_command(site.stage_dir / "mkdocs.yml", address)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, cwd=site.stage_dir, env=env)
    signal.signal(signal.SIGTERM, _stop)
    path = urlsplit(str(site.config.get("site_url") or "")).path if engine.serves_site_path else ""
    say(f"Previewing with {engine.name} at http://{address}/{path.lstrip('/')} (Ctrl+C stops).")
    watched = (site.settings.content_dir, site.docs_dir, site.settings.config_file)
    seen = _snapshot(watched)
    try:
        while server.poll() is None:
            time.sleep(poll)
            now = _snapshot(watched)
            if now != seen:
                changed = {Path(p) for p in now.keys() ^ seen.keys()}
                changed |= {Path(p) for p in now.keys() & seen.keys() if now[p] != seen[p]}
                seen = now
                preview.refresh(changed)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


@dataclass
class Preview:
    """The staged folder a preview serves. After an edit to entries only, just the pages
    it touched are staged again; while there are errors, every page lists them above the
    last good version."""

    site: Site
    engine: Engine
    say: Say
    stager: Stager | None = None
    cache: CheckCache = field(default_factory=CheckCache)
    """Each file's own check, kept between saves: only the saved files are read again."""

    def refresh(self, changed: set[Path] | None = None) -> None:
        """Check and stage again after the files `changed` (None: stage everything)."""
        site, engine = self.site, self.engine
        started = time.monotonic()
        try:
            saved = self._saved(changed)
            result = check(site, self.say, strict=False, cache=self.cache, saved=saved)
        except BuildFailed as exc:
            self.say(f"{exc} Every page of the preview lists the problems until they are fixed.")
            if exc.result is not None:
                self._show(self._base(exc.result), problems_notice(exc.result.problems), None)
            return
        ids = self._edited_entries(result, changed)
        options = site.stage_options(build_date(), engine.links_from_source)
        if self.stager is not None and ids is not None:
            self.stager, touched = restage(self.stager, result.kb, ids)
        else:
            self.stager, touched = Stager(result.kb, options), None
            self.stager.render(self.stager.staged.pages)
        written = self._show(self.stager.staged, PREVIEW_NOTICE, NOTICED, touched)
        seconds = time.monotonic() - started
        self.say(f"Staged again in {seconds:.1f} s: {written} file(s) changed.")

    def _saved(self, changed: set[Path] | None) -> set[str] | None:
        """The files saved, as problems name them (None: the first check, or anything)."""
        if changed is None or self.stager is None:
            return None
        root = self.site.root.resolve()
        return {
            path.resolve().relative_to(root).as_posix()
            for path in changed
            if path.resolve().is_relative_to(root)
        }

    def _edited_entries(self, result: LoadResult, changed: set[Path] | None) -> set[str] | None:
        """The ids of the entries whose files changed, or None when anything else changed
        (a taxonomy, a hand-written page, the config): then everything is staged again."""
        if changed is None or self.stager is None:
            return None
        by_source = {
            Path(e.source): e.id
            for e in (*self.stager.kb.entries.values(), *result.kb.entries.values())
        }
        content = self.site.settings.content_dir
        ids: set[str] = set()
        for path in changed:
            if path in by_source:
                ids.add(by_source[path])
            elif not _is_entry_file(path, content):
                return None
        return ids

    def _base(self, result: LoadResult) -> StagedSite:
        if self.stager is not None:
            return self.stager.staged
        # Nothing good yet: the hand-written pages, with no entries.
        empty = KnowledgeBase(vocabulary=result.kb.vocabulary)
        return stage_site(
            empty, self.site.stage_options(build_date(), self.engine.links_from_source)
        )

    def _show(
        self,
        staged: StagedSite,
        notice: str,
        pages: frozenset[str] | None,
        only: set[str] | None = None,
    ) -> int:
        """Write `staged` with `notice` on `pages` (None: every page)."""
        marked = with_notice(staged, notice, pages)
        written = write_stage(marked, self.site.stage_dir, self.site.custom_dir, only)
        self.engine.write_config(self.site, marked, self.site.stage_dir, preview=True)
        return written


def _is_entry_file(path: Path, content: Path) -> bool:
    """Could `path` be an entry's file (a `.md` under `content/`, not a taxonomy)?"""
    if path.suffix != ".md" or not path.is_relative_to(content):
        return False
    return "taxonomies" not in path.relative_to(content).parts


def _stop(signum: int, frame: object) -> None:
    """Stopped from outside (SIGTERM): end the engine's preview too, as Ctrl+C does."""
    raise KeyboardInterrupt


def _snapshot(paths: tuple[Path, ...]) -> dict[str, tuple[float, int]]:
    """Each watched file's modification time and size."""
    found: dict[str, tuple[float, int]] = {}
    for root in paths:
        files = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            found[str(path)] = (info.st_mtime, info.st_size)
    return found


def say_out(text: str) -> None:
    """Print for the person who ran the command."""
    print(text, file=sys.stderr if text.startswith("The knowledge base has") else sys.stdout)
