"""The MkDocs and ProperDocs face: the pipeline's stages called from the engine's events.

`mkdocs build` and `mkdocs serve` build the same site as `lessons-kb build --engine mkdocs`:
the knowledge base is checked when the build is configured (every problem logged, so
`--strict` fails on warnings; any error stops the build), the staged pages are served from
memory in place of files, and the finish stage runs on the built site.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from lessons_kb.checks.run import LoadResult, build_date, load_knowledge_base
from lessons_kb.engines.site import Site
from lessons_kb.finish.run import FinishError, finish_site
from lessons_kb.model import KnowledgeBase
from lessons_kb.problems import Problem, format_github
from lessons_kb.site.edition import WORKER_SHIM_URI, local_polyfills
from lessons_kb.site.markdown_blocks import EXTENSION
from lessons_kb.site.problems_page import problems_notice, with_notice
from lessons_kb.site.stage import StagedSite, search_url, stage_site

log = get_plugin_logger(__name__)


class LessonsKBConfig(Config):
    """Options of the `lessons-kb` plugin in `mkdocs.yml` (every engine reads them)."""

    content_dir = c.Type(str, default="content")
    """The folder of the knowledge base, relative to `mkdocs.yml`."""
    templates_dir = c.Optional(c.Type(str))
    """A folder of templates overriding the package's (same file names)."""
    search = c.Choice(("auto", "pagefind", "theme"), default="auto")
    """`pagefind`: a light static search; `theme`: the theme's own; `auto`: Pagefind unless
    the theme's search plugin is configured (as in an offline edition)."""
    offline_download = c.Optional(c.Type(str))
    """The offline edition's zip (`make offline` writes it), relative to `mkdocs.yml`:
    when it exists, the site offers it for download where a page has the offline marker."""
    feed_items = c.Type(int, default=50)
    """How many entries each feed carries, its newest by publication date (the exports
    hold every entry)."""
    languages = c.Optional(c.Type((list, str)))
    """The languages of the site, such as `[en, es, fr]`: `lessons-kb build` makes one
    edition per language (`site/<language>/`); this plugin builds the theme's language only."""
    cms = c.Type((dict, bool), default=False)
    """The editing app at `/admin/`: `{repo: owner/name}` (and optionally `branch`,
    `base_url`) to publish it, `false` (the default) for none."""
    quality = c.Type((dict, bool), default={})
    """Quality hints to switch off, as `rule-name: false` (the field reference lists the
    rules), or `false` for all of them; every rule is on by default."""


class LessonsKBPlugin(BasePlugin[LessonsKBConfig]):
    """Builds a Lessons KB knowledge base into a MkDocs site."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.result: LoadResult | None = None
        self.staged: StagedSite | None = None
        self.previewing = False
        self.last_good: StagedSite | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.previewing = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        site = self.site = Site.load(config.config_file_path)
        result = self.result = load_knowledge_base(
            site.settings.content_dir,
            root=site.root,
            today=build_date(),
            options=site.settings.checks,
        )
        options = site.stage_options(build_date())
        if self.previewing and result.errors:  # keep answering: every page lists them
            self._report(result.problems, stop=False)
            base = self.last_good or stage_site(
                KnowledgeBase(vocabulary=result.kb.vocabulary), options
            )
            staged = self.staged = with_notice(base, problems_notice(result.problems))
        else:
            self._report(result.problems)
            staged = self.staged = self.last_good = stage_site(result.kb, options)
        if config.nav is None:
            config.nav = staged.nav
        for css_uri in staged.extra_css:
            if css_uri not in config.extra_css:
                config.extra_css.append(css_uri)
        config.extra["lessons_kb_search"] = search_url(staged)
        if staged.theme_words:
            config.extra["lessons_kb_words"] = staged.theme_words
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        if WORKER_SHIM_URI in staged.files:  # served from the site itself, not from a CDN
            config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))
        overrides = str(resources.files("lessons_kb.site").joinpath("theme_overrides"))
        dirs = config.theme.dirs
        if overrides not in dirs:  # after the site's own `custom_dir`, if any
            dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        return config

    def _report(self, problems: list[Problem], stop: bool = True) -> None:
        for problem in problems:
            text = f"{problem.location()}: {problem.sentence()}"
            if problem.is_error:
                log.error(text)
            else:  # `--strict` counts warnings, not what it should not stop on
                (log.warning if problem.stops_strict else log.info)(text)
        if os.environ.get("GITHUB_ACTIONS") == "true" and problems:
            print(format_github(problems), flush=True)
        errors = [p for p in problems if p.is_error]
        if errors and stop:
            raise PluginError(
                f"The knowledge base has {len(errors)} error(s), listed above with file and "
                f"line; fix them and build again (`lessons-kb check` lists them too)."
            )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.staged is not None
        listed = _nav_sources(config.nav)
        for rel, content in sorted(self.staged.files.items()):
            existing = files.get_file_from_path(rel)
            if existing is not None:
                files.remove(existing)
            page = self.staged.pages.get(rel)
            hidden = page is not None and (page.generated or page.entry is not None)
            inclusion = InclusionLevel.UNDEFINED
            if hidden and rel not in listed:
                inclusion = InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, rel, content=content, inclusion=inclusion))
        for rel, path in sorted(self.staged.copies.items()):
            if files.get_file_from_path(rel) is None:
                files.append(File.generated(config, rel, abs_src_path=str(path)))
        # In the order MkDocs reads a folder, so the sitemap matches `lessons-kb build`'s.
        return Files(sorted(files, key=lambda f: _walk_order(f.src_uri)))

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None and self.result is not None and self.staged is not None
        if self.result.errors:
            return  # a preview showing problems: nothing to publish
        try:
            finish_site(
                self.result.kb, self.staged, Path(config.site_dir), self.site.finish_options()
            )
        except FinishError as exc:
            raise PluginError(str(exc)) from exc

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        assert self.site is not None
        server.watch(str(self.site.settings.content_dir))
        return server


def _walk_order(src_uri: str) -> tuple[tuple[int, bool, str], ...]:
    """A file's place in a walk of its folder: a folder's files (`index` first) before
    its subfolders, each by name."""
    *folders, name = src_uri.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, False, folder) for folder in folders), (0, stem not in ("index", "README"), name))


def _nav_sources(nav: Any) -> set[str]:
    """Every page the navigation lists."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_sources(value)
    return found
