"""The stage: the knowledge base written out as real Markdown pages that any engine builds.

Every entry page carries its panel and relations, and every generated page (collections,
taxonomies, briefings, catalog, field reference) its listing, already rendered as HTML
blocks with relative links. Hand-written pages from `docs/` come along with the site's
markers filled in (the home page's "at a glance", the offline notice) and the warning that
the knowledge base was not built taken out. Nothing here imports an engine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.site.catalog import CATALOG_URI, catalog_json
from lessons_kb.site.edition import (
    DOWNLOAD_FOLDER,
    OFFLINE_MARKER,
    WORKER_SHIM_URI,
    notice,
    worker_shim,
)
from lessons_kb.site.generated import GeneratedPage, front_matter
from lessons_kb.site.generated import page as generated_page
from lessons_kb.site.glance import GLANCE_MARKER, glance_context
from lessons_kb.site.markdown_blocks import BLOCK_END, BLOCK_START
from lessons_kb.site.navigation import NavItem, default_nav
from lessons_kb.site.pages import SEARCH_URI, generated_pages, search_page
from lessons_kb.site.render import Renderer, UrlFor
from lessons_kb.site.taxonomy import taxonomy_path
from lessons_kb.site.urls import page_url
from lessons_kb.translations.edition import STATUS_JSON, STATUS_URI, LanguageEdition

CSS_URI = "assets/lessons-kb/lessons-kb.css"
PRINT_CSS_URI = "assets/lessons-kb/lessons-kb-print.css"
PRINT_SCRIPT_URI = "assets/lessons-kb/print-links.js"
"""Linked by the finish stage from pages whose links print with their public addresses."""
SCRIPT_URIS = ("assets/lessons-kb/catalog.js", "assets/lessons-kb/search.js", PRINT_SCRIPT_URI)
BODY_START = "<!--lkb:body-->"
BODY_END = "<!--lkb:/body-->"
"""Where an entry's own body begins and ends in its page: the finish stage sanitises what
lies between (and only that: panels and listings are Lessons KB's own markup)."""
NOT_BUILT = re.compile(
    r"<!--\s*lessons-kb:not-built\s*-->.*?<!--\s*/lessons-kb:not-built\s*-->\n?", re.DOTALL
)
"""A hand-written page's warning that the site was built without Lessons KB: a plain
engine build keeps it, so that a reader sees at once that entries are missing."""


@dataclass(frozen=True, slots=True)
class StageOptions:
    """What a stage needs to know about the site beyond its knowledge base."""

    docs_dir: Path
    today: dt.date
    templates_dir: Path | None = None
    pagefind: bool = True
    offline: bool = False
    download: Path | None = None
    """The offline edition's zip, offered for download where a page has the offline marker."""
    site_url: str = ""
    nav: bool = True
    """Generate the navigation (the site's config lists none)."""
    links_from_source: bool = False
    """The engine reads links in a page's HTML as relative to its source file (Zensical
    does, as for Markdown links), not to the built page (MkDocs keeps them as written)."""
    language: str = "en"
    """The language (BCP 47) of this build's interface and entries: one build per language."""
    edition: LanguageEdition | None = None
    """In a site of several languages, this language's edition (its translations' notices
    and status page); None where the site has one language."""


@dataclass(frozen=True, slots=True)
class StagedPage:
    """A page of the staged site."""

    src_uri: str
    url: str
    entry: Entry | None = None
    generated: bool = True


@dataclass
class StagedSite:
    """Everything a build of the site starts from, in memory."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Files to write under the staged `docs/`, by path."""
    copies: dict[str, Path] = field(default_factory=dict)
    """Files to copy as they are (hand-written assets, the offline zip), by path."""
    pages: dict[str, StagedPage] = field(default_factory=dict)
    nav: list[NavItem] | None = None
    extra_css: tuple[str, ...] = (CSS_URI, PRINT_CSS_URI)
    directory_urls: bool = True
    missing_messages: tuple[str, ...] = ()
    """Interface messages its pages needed that the language's catalog lacks."""
    theme_words: dict[str, str] | None = None
    """The theme overrides' texts in the build's language (None in English)."""
    language: str | None = None
    """The language of an edition of a site of several (the engine's theme speaks it)."""
    site_url: str | None = None
    """The address of that edition (`<site_url>/<language>/`)."""

    def page_for_url(self) -> dict[str, StagedPage]:
        """The pages by their URL path."""
        return {page.url: page for page in self.pages.values()}


def stage_site(kb: KnowledgeBase, options: StageOptions) -> StagedSite:
    """The whole site as staged files: hand-written pages, entries, generated pages, assets."""
    stager = Stager(kb, options)
    stager.render(stager.staged.pages)
    stager.staged.theme_words = stager.renderer.labels.theme_words()
    stager.staged.missing_messages = tuple(sorted(stager.renderer.interface.missing))
    return stager.staged


class Stager:
    """Lays out a staged site (every page, asset and link target), then renders its pages,
    all of them or only those an edit touched."""

    def __init__(self, kb: KnowledgeBase, options: StageOptions) -> None:
        self.kb = kb
        self.options = options
        staged = self.staged = StagedSite(directory_urls=not options.offline)
        generated = generated_pages(kb, options.today, options.language)
        if options.pagefind:
            generated.append(search_page(options.language))
        if options.edition is not None:
            generated.append(_status_page(staged, options.edition, options.site_url))
        self.docs = docs = _docs_files(options.docs_dir)
        for rel, path in docs.items():
            if rel.endswith(".md"):
                _add_page(staged, rel, generated=False)
            else:
                staged.copies[rel] = path
        for entry in sorted(kb.public(), key=lambda e: e.src_uri):
            _add_page(staged, entry.src_uri, entry=entry)
        self.generated = {p.src_uri: p for p in generated if p.src_uri not in docs}
        for src in self.generated:
            _add_page(staged, src)
        _add_assets(staged, kb, options)
        self.renderer = Renderer(
            kb,
            options.today,
            templates_dir=options.templates_dir,
            taxonomy_path=lambda taxonomy, term: taxonomy_path(kb, taxonomy, term),
            language=options.language,
        )
        self.known = {*staged.pages, *staged.files, *staged.copies}
        if options.nav:
            docs_pages = sorted(rel for rel in docs if rel.endswith(".md"))
            staged.nav = default_nav(docs_pages, list(self.generated.values()), options.language)

    def render(self, sources: Iterable[str]) -> None:
        """Render the pages at `sources` into the staged files."""
        for src in sources:
            self.staged.files[src] = self.page_markdown(src).encode("utf-8")

    def page_markdown(self, src: str) -> str:
        options, staged = self.options, self.staged
        links = _links_from(src, self.known, staged.directory_urls, options.links_from_source)
        page = staged.pages[src]
        if page.entry is not None:
            edition = options.edition
            notice = (
                edition.notice(page.entry, page.url, links(STATUS_URI))
                if edition is not None
                else ""
            )
            return entry_markdown(self.renderer, page.entry, links, notice)
        if src in self.generated:
            return generated_markdown(self.renderer, self.generated[src], links)
        text = self.docs[src].read_text("utf-8")
        return _hand_written(text, src, self.kb, self.renderer, links, options)


def entry_markdown(renderer: Renderer, entry: Entry, links: UrlFor, notice: str = "") -> str:
    """An entry's page: its panel, its body between markers, what it draws on and what
    points to it; `notice` (HTML) above all, such as a translation's."""
    return (
        front_matter(entry.title, entry.summary)
        + _html_block(notice)
        + _html_block(renderer.header(entry, links))
        + f"{BODY_START}\n\n"
        + unmarked(renderer.body_markdown(entry)).strip("\n")
        + f"\n\n{BODY_END}\n\n"
        + _html_block(renderer.relations(entry, links))
    )


def generated_markdown(renderer: Renderer, page: GeneratedPage, links: UrlFor) -> str:
    """A generated page: its heading and introduction, then its listing."""
    if not page.template:
        return page.markdown
    listing = renderer.fragment(page.template, links, page.context)
    return page.markdown.rstrip("\n") + "\n\n" + _html_block(listing)


_MARKER = re.compile(r"<!--(\s*)lkb:")


def unmarked(text: str) -> str:
    """An author's text in which nothing reads as one of Lessons KB's markers: a body that
    wrote `<!--lkb:/body-->` must not end its own sanitised part early."""
    return _MARKER.sub(r"<!--\1lkb-", text)


def _html_block(fragment: str) -> str:
    """HTML that Markdown passes through untouched: one block between markers (stored at
    once by `markdown_blocks`), no blank line inside and nothing indented, so that an
    engine without that extension reads it as the same raw HTML."""
    lines = [line.strip() for line in fragment.splitlines()]
    body = "\n".join(line for line in lines if line)
    return f"{BLOCK_START}\n{body}\n{BLOCK_END}\n\n" if body else ""


def _status_page(staged: StagedSite, edition: LanguageEdition, site_url: str) -> GeneratedPage:
    """A language edition's page of translation statuses, and its data file."""
    staged.language, staged.site_url = edition.language, site_url
    staged.files[STATUS_JSON] = edition.status_json()
    return generated_page(
        STATUS_URI,
        edition.status_title(),
        edition.status_intro(),
        template="translation_status.html",
        in_nav=True,
        **edition.status_context(),
    )


def _add_page(
    staged: StagedSite, src_uri: str, *, entry: Entry | None = None, generated: bool = True
) -> None:
    url = page_url(src_uri, staged.directory_urls)
    staged.pages[src_uri] = StagedPage(src_uri, url, entry, generated and entry is None)


def _add_assets(staged: StagedSite, kb: KnowledgeBase, options: StageOptions) -> None:
    staged.files[CATALOG_URI] = catalog_json(kb, options.language).encode("utf-8")
    package = resources.files("lessons_kb.site")
    for uri in (CSS_URI, PRINT_CSS_URI, *SCRIPT_URIS):
        asset = package.joinpath("assets/" + uri.rsplit("/", 1)[1])
        staged.files[uri] = asset.read_bytes()
    if options.offline:  # served from the site itself, not from a CDN
        staged.files[WORKER_SHIM_URI] = worker_shim().encode("utf-8")
    if options.download is not None and options.download.is_file():
        staged.copies[f"{DOWNLOAD_FOLDER}/{options.download.name}"] = options.download


def _docs_files(docs_dir: Path) -> dict[str, Path]:
    """The site's hand-written files, by path within `docs/`."""
    if not docs_dir.is_dir():
        return {}
    found = {}
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        # Hidden files inside docs/ are left out; the folders above it may be hidden.
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path
    return found


def _hand_written(
    text: str,
    rel: str,
    kb: KnowledgeBase,
    renderer: Renderer,
    links: UrlFor,
    options: StageOptions,
) -> str:
    """A page from `docs/` with the site's markers filled in; what its author wrote lies
    between body markers (sanitised like an entry's body), what Lessons KB adds outside."""
    text = NOT_BUILT.sub("", text)
    head, text = split_front_matter(text)
    text = unmarked(text)
    if rel != "index.md":  # the home page is titled by the site's name
        head = _with_title(head, text)
    text = f"{BODY_START}\n\n{text.strip()}\n\n{BODY_END}\n"
    if GLANCE_MARKER in text:
        glance = renderer.fragment("glance.html", links, glance_context(kb, options.language))
        text = text.replace(GLANCE_MARKER, _ours(_html_block(glance)), 1)
    if OFFLINE_MARKER in text:
        found = notice(options.offline, options.download, links, options.site_url, options.today)
        text = text.replace(OFFLINE_MARKER, _ours(found) if found else "", 1)
    return head + text


def _ours(fragment: str) -> str:
    """Lessons KB's own HTML inside a hand-written page: outside the body markers."""
    return f"{BODY_END}\n\n{fragment.strip()}\n\n{BODY_START}"


def _with_title(head: str, text: str) -> str:
    """The front matter with the page's title from its first heading, which engines stop
    reading once a marker stands before it."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.startswith("# ") or re.search(r"^title:", head, re.M):
        return head
    line = front_matter(first[2:].strip().rstrip("#").strip()).splitlines()[1]
    return f"---\n{line}\n{head[4:]}" if head else f"---\n{line}\n---\n\n"


def split_front_matter(text: str) -> tuple[str, str]:
    """A page's front matter (with its fences) and the rest."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[: end + 5], text[end + 5 :]
    return "", text


def _links_from(src: str, known: set[str], directory_urls: bool, from_source: bool) -> UrlFor:
    """Links from the page at `src` to other staged files, relative to it."""
    # Up to the site's root, then down: every link to a page reads the same from anywhere.
    up = "../" * (src if from_source else page_url(src, directory_urls)).count("/")

    @cache
    def url_for(target: str) -> str | None:
        if target not in known:
            return None
        return up + page_url(target, directory_urls) or "./"

    return url_for


def search_url(staged: StagedSite) -> str | None:
    """The search page's URL path, where the site has Lessons KB's own search."""
    page = staged.pages.get(SEARCH_URI)
    return page.url if page is not None else None
