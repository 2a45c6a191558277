"""The MkDocs plugin: MkDocs events only; every piece of logic lives in the core.

It loads and checks the knowledge base when the build is configured (failing the build
on any error, logging warnings so `--strict` fails on them), serves each public entry
as a page straight from its file in `content/`, adds the generated pages, and renders
each entry page's panel and backlinks.
"""

from __future__ import annotations

import html
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from lessons_kb.checks.run import LoadResult, build_date, load_knowledge_base
from lessons_kb.finish.metadata import html_safe_json
from lessons_kb.finish.offline import (
    DOWNLOAD_FOLDER,
    OFFLINE_MARKER,
    WORKER_SHIM_URI,
    directory_url,
    is_offline_build,
    local_polyfills,
    notice,
    worker_shim,
)
from lessons_kb.finish.offline import finish_page as finish_offline_page
from lessons_kb.finish.publish import Publisher
from lessons_kb.finish.sanitize import sanitize_html
from lessons_kb.finish.search import SEARCH_URI, SearchIndexError, index_site, mark_searchable
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.finish.theme_fixes import fix_theme_markup
from lessons_kb.model import Entry
from lessons_kb.problems import Problem, format_github
from lessons_kb.site.catalog import CATALOG_URI, catalog_data, catalog_json
from lessons_kb.site.glance import GLANCE_MARKER, glance_context
from lessons_kb.site.navigation import default_nav
from lessons_kb.site.pages import GeneratedPage, generated_pages, search_page, taxonomy_path
from lessons_kb.site.render import Renderer

log = get_plugin_logger(__name__)
CSS_URI = "assets/lessons-kb/lessons-kb.css"
PRINT_CSS_URI = "assets/lessons-kb/lessons-kb-print.css"
SCRIPT_URIS = ("assets/lessons-kb/catalog.js", "assets/lessons-kb/search.js")


class LessonsKBConfig(Config):
    """Options of the `lessons-kb` plugin in `mkdocs.yml`."""

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


class LessonsKBPlugin(BasePlugin[LessonsKBConfig]):
    """Builds a Lessons KB knowledge base into a MkDocs site."""

    def __init__(self) -> None:
        self.result: LoadResult | None = None
        self.renderer: Renderer | None = None
        self.entries_by_uri: dict[str, Entry] = {}
        self.generated: dict[str, GeneratedPage] = {}
        self.content_dir = Path("content")
        self.publisher: Publisher | None = None
        self.pagefind = False
        self._files: Files | None = None
        self.offline = False
        self.download: Path | None = None
        self.offline_catalog = ""

    # --- configuration and loading -----------------------------------------------

    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        today = self.today = build_date()
        self.offline = is_offline_build(config)
        download = self.config.offline_download
        self.download = root / download if download and not self.offline else None
        self.result = load_knowledge_base(self.content_dir, root=root, today=today)
        self._report(self.result.problems)
        kb = self.result.kb
        templates = self.config.templates_dir
        self.renderer = Renderer(
            kb,
            today,
            templates_dir=(root / templates) if templates else None,
            taxonomy_path=lambda taxonomy, term: taxonomy_path(kb, taxonomy, term),
        )
        theme_search = "material/search" in config.plugins or "search" in config.plugins
        self.pagefind = self.config.search == "pagefind" or (
            self.config.search == "auto" and not theme_search
        )
        pages = generated_pages(kb, today)
        if self.pagefind:
            pages.append(search_page())
        self.generated = {page.src_uri: page for page in pages}
        self._add_theme_overrides(config)
        if config.nav is None:
            docs = Path(config.docs_dir)
            pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
            config.nav = default_nav(pages, list(self.generated.values()))
        for css_uri in (CSS_URI, PRINT_CSS_URI):
            if css_uri not in config.extra_css:
                config.extra_css.append(css_uri)
        return config

    @staticmethod
    def _add_theme_overrides(config: Any) -> None:
        """Put the package's theme overrides after the site's own (`custom_dir`), if any."""
        overrides = str(resources.files("lessons_kb.site").joinpath("theme_overrides"))
        dirs = config.theme.dirs
        if overrides not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, overrides)

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            text = f"{problem.location()}: {problem.sentence()}"
            (log.error if problem.is_error else log.warning)(text)
        if os.environ.get("GITHUB_ACTIONS") == "true" and problems:
            print(format_github(problems), flush=True)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise PluginError(
                f"The knowledge base has {len(errors)} error(s), listed above with file and "
                f"line; fix them and build again (`lessons-kb check` lists them too)."
            )

    # --- files and pages ---------------------------------------------------------

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.result is not None
        kb = self.result.kb
        self.entries_by_uri = {}
        for entry in sorted(kb.public(), key=lambda e: e.src_uri):
            files.append(
                File.generated(
                    config,
                    entry.src_uri,
                    abs_src_path=entry.source,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
            self.entries_by_uri[entry.src_uri] = entry
        for page in self.generated.values():
            if files.get_file_from_path(page.src_uri) is None:
                inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(
                    File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
                )
        files.append(File.generated(config, CATALOG_URI, content=catalog_json(kb)))
        for uri in (CSS_URI, PRINT_CSS_URI, *SCRIPT_URIS):
            asset = resources.files("lessons_kb.site").joinpath("assets/" + uri.rsplit("/", 1)[1])
            files.append(File.generated(config, uri, content=asset.read_text("utf-8")))
        if self.offline:  # served from the site itself, not from a CDN
            config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))
            files.append(File.generated(config, WORKER_SHIM_URI, content=worker_shim()))
            self.offline_catalog = html_safe_json(catalog_data(kb))
        if self.download is not None and self.download.is_file():
            uri = f"{DOWNLOAD_FOLDER}/{self.download.name}"
            files.append(File.generated(config, uri, abs_src_path=str(self.download)))
        site = SiteInfo(
            name=config.site_name,
            url=config.site_url or "",
            description=config.site_description or "",
            language=config.theme["language"] or "en",
            url_of=lambda src: (
                (directory_url(f.url) if self.offline else f.url)
                if (f := files.get_file_from_path(src))
                else None
            ),
        )
        self.publisher = Publisher(kb, site)
        self._files = files
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        entry = self.entries_by_uri.get(page.file.src_uri)
        if entry is None or self.renderer is None:
            return markdown
        # Themes print the page title unescaped (<title>, search results): escape it here.
        page.meta["title"] = html.escape(entry.title)
        page.meta["description"] = html.escape(entry.summary)
        return self.renderer.body_markdown(entry)

    def on_page_content(self, html: str, page: Page, config: Any, files: Files) -> str:
        html = sanitize_html(html)  # editors' raw HTML: no script, handler or javascript: link
        if self.renderer is None or self.result is None:
            return html

        # From this page back to the site's root (the home page's URL is "./": none).
        up = "../" * page.file.url.removeprefix("./").count("/")

        @cache
        def url_for(src_uri: str) -> str | None:
            target = files.get_file_from_path(src_uri)
            return (up + target.url or "./") if target else None

        if OFFLINE_MARKER in html:
            text = notice(self.offline, self.download, url_for, config.site_url or "", self.today)
            html = html.replace(OFFLINE_MARKER, text, 1)
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and generated.template:
            return html + self.renderer.fragment(generated.template, url_for, generated.context)
        if GLANCE_MARKER in html:
            glance = self.renderer.fragment("glance.html", url_for, glance_context(self.result.kb))
            return html.replace(GLANCE_MARKER, glance, 1)
        entry = self.entries_by_uri.get(page.file.src_uri)
        if entry is None:
            return html
        return (
            self.renderer.header(entry, url_for)
            + '\n<div class="lkb-body">\n'
            + html
            + "\n</div>\n"
            + self.renderer.relations(entry, url_for)
        )

    def on_page_context(self, context: Any, page: Page, config: Any, nav: Any) -> Any:
        if self.pagefind:
            target = self._files.get_file_from_path(SEARCH_URI) if self._files else None
            if target is not None:
                context["lessons_kb_search_url"] = get_relative_url(target.url, page.file.url)
        return context

    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        output = fix_theme_markup(output)
        if self.pagefind and page.file.src_uri not in (SEARCH_URI, "404.md"):
            output = mark_searchable(output)
        if self.publisher is not None:
            entry = self.entries_by_uri.get(page.file.src_uri)
            output = self.publisher.finish_page(output, page.file.src_uri, page.url, entry)
        if self.offline:
            output = finish_offline_page(output, self.offline_catalog)
        return output

    def on_post_build(self, config: Any) -> None:
        if self.publisher is not None:
            self.publisher.write(config.site_dir)
        if self.pagefind:
            try:
                index_site(config.site_dir)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from exc

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        return server
