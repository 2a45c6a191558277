"""A site in several languages: the knowledge base is checked once, then each language is
staged into its own folder, built by the engine and finished as its own site under
`<site>/<language>/`; a page at the root sends readers to their language.

A site with one language is built as before, at the root (`engines.run.build`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lessons_kb.checks.run import LoadResult, build_date
from lessons_kb.cms import CmsMissing, publish_admin
from lessons_kb.engines.engine import Engine, EngineError
from lessons_kb.engines.site import Site
from lessons_kb.finish.run import FinishError, finish_site
from lessons_kb.i18n import missing_warnings
from lessons_kb.site.chooser import write_chooser
from lessons_kb.site.folder import write_stage
from lessons_kb.site.stage import stage_site
from lessons_kb.translations.apply import edition_kb
from lessons_kb.translations.edition import LanguageEdition
from lessons_kb.translations.status import Status, Translations

Say = Callable[[str], None]
Checker = Callable[[Site, Say, bool], LoadResult]


def build_editions(
    site: Site,
    engine: Engine,
    site_dir: Path,
    strict: bool,
    check: Checker,
    say: Say,
) -> tuple[int, list[str]]:
    """Build every language's edition into `site_dir/<language>/` and the chooser at the
    root; returns the number of pages and what the engine warned about."""
    result = check(site, say, strict)
    translations = Translations.of(result.kb, result.translations, site.languages)
    pages = 0
    warnings: list[str] = []
    for language in site.languages:
        edition = LanguageEdition(language, site.languages, translations, result.kb)
        kb = edition_kb(result.kb, translations, language)
        options = site.stage_options(build_date(), engine.links_from_source, edition)
        staged = stage_site(kb, options)
        missing = missing_warnings(language, staged.missing_messages)
        if missing and strict:
            raise EditionFailed(
                f"{language}: the interface lacks {len(missing)} translation(s) "
                f"({', '.join(map(repr, staged.missing_messages))}), and the build is strict"
            )
        warnings += missing
        stage_dir = site.stage_dir / language
        write_stage(staged, stage_dir, site.custom_dir)
        config = engine.write_config(site, staged, stage_dir)
        try:
            printed = engine.build(config, site_dir / language, strict)
            finish_site(kb, staged, site_dir / language, site.finish_options(language))
        except (EngineError, FinishError) as exc:
            raise EditionFailed(f"{language}: {exc}") from exc
        warnings += [
            f"{language}: {line}" for line in printed.splitlines() if "WARNING" in line.upper()
        ]
        pages += len(staged.pages)
        counts = translations.counts(result.kb)[language]
        say(
            f"  {language}: {len(staged.pages)} pages; translated {counts[Status.CURRENT]}, "
            f"outdated {counts[Status.OUTDATED]}, not translated {counts[Status.MISSING]}"
        )
    name = str(site.config.get("site_name") or "Lessons KB")
    site_url = str(site.config.get("site_url") or "")
    write_chooser(site_dir, name, site.languages, site.offline, site_url)
    cms = site.cms
    if cms is not None:  # one editor for every edition: the entries are the same files
        try:
            publish_admin(site_dir, result.kb, cms, name, site_url)
        except CmsMissing as exc:
            raise EditionFailed(str(exc)) from exc
    return pages, warnings


class EditionFailed(RuntimeError):
    """One language's edition could not be built."""
