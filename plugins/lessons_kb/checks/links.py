"""Markdown links in entry bodies, resolved as the site's engine will resolve them.

An entry's body is staged at `entry.src_uri` (`lessons/<id>.md`, `findings/<id>.md`,
`missions/<id>.md`) beside the site's hand-written pages from `docs/` and the pages it
generates; the engine reads a relative link from there, and warns (naming the staged
path, which is in no repository) when it leads to no file, or to a section the page
does not have. Here the same links are resolved from the same place first, and each one
that leads nowhere is an error at its line in the entry's own file, in words an editor
can act on.

The body is read by Python-Markdown with the extensions that decide what is a link and
which sections have which anchors (code is not a link; `## Lesson` is `#lesson`). The
site's other pages are only staged when a link points outside the entries and `docs/`,
or to a section beyond what the body itself shows.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from lessons_kb.checks.options import CheckOptions
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem
from lessons_kb.source.body import replace_wikilinks
from lessons_kb.vocab import did_you_mean

#: What decides links and anchors in the example's `mkdocs.yml` (and in most sites').
EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition", "pymdownx.superfences"]
_MAYBE_LINK = ("](", "]:", "<a", "<img", "<http")


class _Collector(Treeprocessor):
    """Every link, picture and anchor of a page, as the engine sees them."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            target = element.get("href") if element.tag == "a" else None
            if element.tag == "img":
                target = element.get("src")
            if target is not None:
                self.links.append(target)
            if element.get("id"):
                self.ids.add(str(element.get("id")))
            if element.tag == "a" and element.get("name"):
                self.ids.add(str(element.get("name")))


class _RawIds(HTMLParser):
    """The `id`s of raw HTML in a page (the engine counts them as anchors too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class _Reader:
    """One Markdown reader, reset between pages."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=EXTENSIONS)
        self.collector = _Collector(self.md)
        self.md.treeprocessors.register(self.collector, "lessons_kb_links", 0)

    def read(self, text: str) -> tuple[list[str], set[str]]:
        """The links and the anchors of a page's Markdown."""
        self.md.reset()
        self.collector.links, self.collector.ids = [], set()
        self.md.convert(text)
        raw = _RawIds()
        try:
            raw.feed(text)
            raw.close()
        except (AssertionError, ValueError):  # pragma: no cover - malformed markup
            pass
        return list(self.collector.links), self.collector.ids | raw.ids


class _Site:
    """The site's files and their anchors, staged only when needed."""

    def __init__(
        self, kb: KnowledgeBase, docs_dir: Path, options: CheckOptions, today: dt.date
    ) -> None:
        self.kb, self.docs_dir, self.options, self.today = kb, docs_dir, options, today
        self.entries = {e.src_uri: e for e in kb.public()}
        self.docs = _files(docs_dir)
        self._staged: dict[str, bytes] | None = None
        self._known: set[str] | None = None
        self._anchors: dict[str, set[str]] = {}
        self.reader = _Reader()

    def _stage(self) -> None:
        from lessons_kb.site.stage import StageOptions, stage_site

        staged = stage_site(
            self.kb,
            StageOptions(
                docs_dir=self.docs_dir,
                today=self.today,
                templates_dir=self.options.templates_dir,
            ),
        )
        self._staged = staged.files
        self._known = {*staged.files, *staged.pages, *staged.copies}

    def exists(self, uri: str) -> bool:
        if uri in self.entries or uri in self.docs:
            return True
        if self._known is None:
            self._stage()
        return uri in (self._known or set())

    def anchors(self, uri: str) -> set[str] | None:
        """The anchors of the page at `uri` (None: not a page, so any anchor goes)."""
        if not uri.endswith(".md"):
            return None
        if uri not in self._anchors:
            if self._staged is None:
                self._stage()
            text = (self._staged or {}).get(uri)
            self._anchors[uri] = self.reader.read(text.decode("utf-8"))[1] if text else set()
        return self._anchors[uri]


def _files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.parts)
    }


def body_link_problems(
    kb: KnowledgeBase, docs_dir: Path, options: CheckOptions, today: dt.date
) -> list[Problem]:
    """Every Markdown link of a public entry's body that leads to no file or section."""
    site: _Site | None = None
    problems: list[Problem] = []
    for entry in sorted(kb.public(), key=lambda e: e.rel_path):
        if not any(sign in entry.body for sign in _MAYBE_LINK):
            continue
        site = site or _Site(kb, docs_dir, options, today)
        problems += _entry_links(site, entry)
    return problems


def _entry_links(site: _Site, entry: Entry) -> list[Problem]:
    body = replace_wikilinks(entry.body, lambda link: link.text or link.target)
    links, own_ids = site.reader.read(body)
    lines = body.split("\n")
    finder = _Finder(lines)
    problems: list[Problem] = []
    for href in links:
        where = finder.find(href)
        found = _resolve(site, entry, href, own_ids)
        if found is not None:
            message, hint = found
            problems.append(
                Problem(
                    entry.rel_path,
                    message,
                    line=entry.body_line + where[0],
                    column=where[1] + 1,
                    expected="a link to an entry's file, a page of the site, a section it has, "
                    "or a web address",
                    hint=hint,
                )
            )
    return problems


class _Finder:
    """Where each link stands in the body, in order of appearance."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.after: dict[str, tuple[int, int]] = {}

    def find(self, href: str) -> tuple[int, int]:
        start_line, start_column = self.after.get(href, (0, -1))
        for number in range(start_line, len(self.lines)):
            line = self.lines[number]
            begin = start_column + 1 if number == start_line else 0
            for sign in _signs(href):
                column = line.find(sign, begin)
                if column >= 0:
                    self.after[href] = (number, column)
                    return number, column + (1 if sign[0] in "(<\"'" else 0)
        return 0, 0


def _signs(href: str) -> tuple[str, ...]:
    """How a link to `href` may be written: inline, by reference, as an autolink, in HTML."""
    return (f"({href}", f"(<{href}>", f"]: {href}", f"]:{href}", f"<{href}>", f'"{href}"')


def _resolve(
    site: _Site, entry: Entry, href: str, own_ids: set[str]
) -> tuple[str, str] | None:
    """What is wrong with one link (message, hint), or None when it leads somewhere."""
    scheme, netloc, path, _, anchor = urlsplit(href)
    if scheme or netloc or "\x02amp\x03" in href or href.startswith("mailto:"):
        return None
    if urlsplit(html.unescape(href).replace("\\", "")).scheme:
        return None  # an address in disguise (`jav&#x61;script:`): the site removes it
    if href.startswith(("/", "\\")):
        relative = posixpath.relpath(href.lstrip("/\\") or ".", posixpath.dirname(entry.src_uri))
        return (
            f"the link `{href}` starts with `/`, so it breaks where the site is published "
            "under a sub-path (such as …/lessons-kb/)",
            f"write it relative to the entry: `{_as_file(site, entry, relative)}`",
        )
    if not path:
        if anchor and anchor not in own_ids:
            ids = site.anchors(entry.src_uri) or set()
            if anchor not in ids:
                return (
                    f"the link `{href}` points to a section this entry does not have",
                    _anchor_hint(anchor, own_ids | ids),
                )
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.src_uri), unquote(path)))
    target = target.lstrip("/")
    if not site.exists(target):
        return _nowhere(site, entry, href, target)
    page_ids = site.anchors(target) if anchor else None
    if page_ids is not None and anchor not in page_ids:
        return (
            f"the link `{href}` points to a section `#{anchor}` that its page does not have",
            _anchor_hint(anchor, page_ids),
        )
    return None


def _anchor_hint(anchor: str, ids: set[str]) -> str:
    shown = sorted(i for i in ids if not i.startswith(("lkb-", "__")))
    guess = did_you_mean(anchor, shown)
    if guess:
        return guess + " (a section's anchor is its heading in lowercase, with hyphens)"
    if shown:
        return "link to one of its sections: " + ", ".join(f"`#{i}`" for i in shown[:8])
    return "remove the `#…` part of the link"


def _nowhere(site: _Site, entry: Entry, href: str, target: str) -> tuple[str, str]:
    message = f"the link `{href}` leads to no page or file of the site"
    stem = target.removesuffix("/").removesuffix(".html").removesuffix("/index")
    for candidate in (f"{stem}.md", f"{stem}/index.md"):
        if candidate != target and site.exists(candidate):
            relative = posixpath.relpath(candidate, posixpath.dirname(entry.src_uri))
            return message, f"link to the page's file: `{relative}`"
    name = posixpath.basename(stem.removesuffix(".md"))
    if name in site.kb.entries:
        return message, f"to link to an entry, write `[[{name}]]`"
    if "/" not in href and "." not in href:
        return (
            message,
            f"if `({href})` is not meant as a link, put a backslash before the `[` in front "
            f"of it (`\\[`), or a space between `]` and `(`",
        )
    ids = [e.id for e in site.kb.public()]
    guess = did_you_mean(name, ids)
    if guess:
        return message, f"to link to an entry, write `[[id]]`; {guess}"
    return (
        message,
        "link to entries with `[[id]]`, and to the site's pages with their file, such as "
        "`../about.md`; a file must be in docs/",
    )


def _as_file(site: _Site, entry: Entry, relative: str) -> str:
    """A relative link, written with the file it lands on when there is one."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.src_uri), relative))
    stem = target.removesuffix("/").removesuffix(".html").removesuffix("/index")
    for candidate in (stem, f"{stem}.md", f"{stem}/index.md"):
        if site.exists(candidate):
            return posixpath.relpath(candidate, posixpath.dirname(entry.src_uri))
    return relative
