"""The finish stage: the work that needs the built site, whichever engine built it.

Each page gets its head metadata (feed links, canonical address, Open Graph, JSON-LD),
the theme's markup fixes, its search marks and print addresses; an entry's body is
sanitised; then feeds, open-data exports and the search index are written beside the
pages. Every pass that relies on the engine's markup fails with a clear message when its
anchor is missing, instead of doing nothing.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lessons_kb.cms import CmsMissing, CmsOptions, publish_admin
from lessons_kb.finish.languages import LanguageLinks
from lessons_kb.finish.license import License
from lessons_kb.finish.metadata import html_safe_json, inject_head
from lessons_kb.finish.offline import finish_page as finish_offline_page
from lessons_kb.finish.publish import Publisher
from lessons_kb.finish.sanitize import sanitize_html
from lessons_kb.finish.search import (
    SearchIndexError,
    SearchSource,
    entry_names,
    index_site,
    mark_searchable,
    search_names,
)
from lessons_kb.finish.shared import SharedParts
from lessons_kb.finish.siteinfo import FEED_ITEMS, SiteInfo
from lessons_kb.finish.theme_fixes import fix_theme_markup, without_theme_search
from lessons_kb.finish.whitespace import compact
from lessons_kb.model import KnowledgeBase
from lessons_kb.site.catalog import catalog_data
from lessons_kb.site.edition import human_size
from lessons_kb.site.pages import SEARCH_URI
from lessons_kb.site.stage import BODY_END, BODY_START, StagedPage, StagedSite
from lessons_kb.site.urls import directory_url, output_file

NOT_FOUND_PAGE = "404.html"


class FinishError(RuntimeError):
    """The built site is not what the finish stage needs (a theme's markup, a page)."""


@dataclass(frozen=True, slots=True)
class FinishOptions:
    """How the site is published."""

    name: str = "Lessons KB"
    url: str = ""
    description: str = ""
    language: str = "en"
    pagefind: bool = True
    offline: bool = False
    license: License | None = None
    """The licence of the content, named in feeds, the JSON export and the data package."""
    feed_items: int = FEED_ITEMS
    """How many of the newest entries each feed carries."""
    languages: LanguageLinks | None = None
    """In a site of several languages, this edition's links to the others."""
    cms: CmsOptions | None = None
    """The editing app to publish at `admin/` (None: none)."""


def finish_site(
    kb: KnowledgeBase, staged: StagedSite, site_dir: Path, options: FinishOptions
) -> None:
    """Finish every page the engine built under `site_dir`, then add feeds, exports and
    the search index."""
    publisher = Publisher(kb, site_info(staged, options))
    publisher.write(site_dir)  # first, so that pages can say how large the exports are
    not_found = site_dir / NOT_FOUND_PAGE
    if not_found.is_file():
        not_found.write_text(fix_theme_markup(not_found.read_text("utf-8")), "utf-8")
    with tempfile.TemporaryDirectory(prefix="lessons-kb-search-") as folder:
        search = SearchSource(Path(folder)) if options.pagefind else None
        _finish_pages(kb, staged, site_dir, publisher, options, search)
        if search is not None:
            try:
                index_site(site_dir, search)
            except SearchIndexError as exc:
                raise FinishError(str(exc)) from exc
    if options.cms is not None:  # after the search index, which must not hold it
        try:
            publish_admin(site_dir, kb, options.cms, options.name, options.url)
        except CmsMissing as exc:
            raise FinishError(str(exc)) from exc


def _finish_pages(
    kb: KnowledgeBase,
    staged: StagedSite,
    site_dir: Path,
    publisher: Publisher,
    options: FinishOptions,
    search: SearchSource | None,
) -> None:
    """Finish each page the engine wrote, keeping for `search` the part it indexes."""
    offline_catalog = html_safe_json(catalog_data(kb, options.language)) if options.offline else ""
    shared = None if options.offline else SharedParts()
    for page in staged.pages.values():
        path = site_dir / output_file(page.url)
        if not path.is_file():
            raise FinishError(
                f"the engine wrote no page for {page.src_uri} (expected {path}); "
                "check that the engine uses directory URLs as configured"
            )
        text = path.read_text("utf-8")
        finished = finish_page(
            with_sizes(text, site_dir), page, publisher, options, offline_catalog, shared
        )
        if finished != text:
            path.write_text(finished, "utf-8")
        if search is not None:
            names = ""
            if page.entry is not None:
                names = search_names(page.entry, entry_names(kb, page.entry))
            search.add(output_file(page.url), finished, names)
    if shared is not None:
        shared.write(site_dir)


_SIZE = re.compile(r"<!--\s*lessons-kb:size\s+([\w./-]+)\s*-->")


def with_sizes(text: str, site_dir: Path) -> str:
    """A page's `<!-- lessons-kb:size api/v1/entries.jsonl.gz -->` markers as the size of
    that file of the built site ("8.2 MB"), so that a download says what it weighs."""

    def size(match: re.Match[str]) -> str:
        path = site_dir / match.group(1)
        if not path.is_file() or ".." in Path(match.group(1)).parts:
            raise FinishError(f"a page gives the size of {match.group(1)}, which the site lacks")
        return human_size(path.stat().st_size)

    return _SIZE.sub(size, text)


def site_info(staged: StagedSite, options: FinishOptions) -> SiteInfo:
    """Where the site's pages live, for feeds, exports and head metadata."""
    urls = {src: page.url for src, page in staged.pages.items()}
    urls.update({rel: rel for rel in (*staged.files, *staged.copies) if rel not in urls})

    def url_of(src: str) -> str | None:
        found = urls.get(src)
        return directory_url(found) if found is not None and options.offline else found

    return SiteInfo(
        options.name,
        options.url,
        options.description,
        options.language,
        url_of,
        license=options.license,
        feed_items=options.feed_items,
    )


def finish_page(
    text: str,
    page: StagedPage,
    publisher: Publisher,
    options: FinishOptions,
    offline_catalog: str = "",
    shared: SharedParts | None = None,
) -> str:
    """One built page, finished; with `shared`, its theme's icons and scripts are linked
    from the files they are collected into."""
    where = f"{page.src_uri} ({output_file(page.url)})"
    if page.entry is not None or not page.generated:
        text = sanitize_body(text, where)
    text = fix_theme_markup(text)
    if options.pagefind and page.src_uri != SEARCH_URI:
        searchable = mark_searchable(text)
        if searchable == text:
            raise FinishError(
                f"{where}: the theme's page has no `<article class=\"md-content__inner "
                'md-typeset">`, which marks what the search indexes; use the Material '
                "theme (or Zensical's), or set `search: theme` for the lessons-kb plugin"
            )
        text = without_theme_search(searchable)
    if "</head>" not in text:
        raise FinishError(f"{where}: the page has no `</head>` to add its metadata to")
    text = publisher.finish_page(text, page.src_uri, page.url, page.entry)
    if options.languages is not None:
        text = _in_languages(text, page, options.languages)
    if options.offline:
        try:
            text = finish_offline_page(text, offline_catalog)
        except LookupError as exc:
            raise FinishError(f"{where}: {exc}") from exc
    if shared is not None:
        text = shared.page(text, page.url)
    return compact(text)


def _in_languages(text: str, page: StagedPage, links: LanguageLinks) -> str:
    """A page of one language's edition: its switcher, its alternates, and the language
    of its author's text (an entry not yet translated; a hand-written page)."""
    where = f"{page.src_uri} ({output_file(page.url)})"
    if page.entry is not None:
        text_language: str | None = page.entry.language
    else:
        text_language = None if page.generated else links.source_language
    try:
        text = links.finish_page(text, page.url, text_language)
    except LookupError as exc:
        raise FinishError(f"{where}: {exc}") from exc
    return inject_head(text, links.head_tags(page.url))


def sanitize_body(text: str, where: str) -> str:
    """The page with what its author wrote sanitised: every part between body markers,
    each wrapped as `<div class="lkb-body">`."""
    if BODY_START not in text:
        raise FinishError(
            f"{where}: the engine left out the markers around what the page's author wrote, "
            "so it cannot be sanitised; is an extension or plugin stripping HTML comments?"
        )
    parts: list[str] = []
    rest = text
    while (start := rest.find(BODY_START)) >= 0:
        end = rest.find(BODY_END, start)
        if end < 0:
            raise FinishError(f"{where}: a body marker is not closed")
        body = sanitize_html(rest[start + len(BODY_START) : end]).strip()
        parts.append(rest[:start])
        if body:
            parts.append(f'<div class="lkb-body">\n{body}\n</div>')
        rest = rest[end + len(BODY_END) :]
    return "".join(parts) + rest
