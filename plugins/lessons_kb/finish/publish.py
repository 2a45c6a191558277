"""Dissemination as one object: the files a build adds to the site (feeds, open data) and
the tags it adds to each page's head. The MkDocs plugin only calls this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lessons_kb.finish.csvout import csv_text
from lessons_kb.finish.datapackage import descriptor
from lessons_kb.finish.export import (
    EXPORT_FILE,
    EXPORT_VERSION,
    api_path,
    entries_document,
    entries_lines,
    entry_document,
    entry_record,
    exported_entries,
    json_bytes,
)
from lessons_kb.finish.export_schema import published_schemas
from lessons_kb.finish.feeds import (
    FeedScope,
    FeedWriter,
    feed_keys_for,
    feed_links,
    feed_scopes,
    feeds_by_page,
    folder_sitemaps,
)
from lessons_kb.finish.metadata import attr, entry_head, feed_link_tags, inject_head
from lessons_kb.finish.printing import mark_print_links
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.kinds import KIND_FOLDERS
from lessons_kb.model import Entry, KnowledgeBase


@dataclass
class Publisher:
    """Feeds, exports and head metadata of one build of the site."""

    kb: KnowledgeBase
    site: SiteInfo
    scopes: list[FeedScope] = field(init=False)
    by_page: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.scopes = feed_scopes(self.kb, self.site.name, self.site.language)
        self.by_page = feeds_by_page(self.scopes)

    # --- pages ---------------------------------------------------------------------

    def head_tags(self, page_src: str, page_url: str, entry: Entry | None) -> list[str]:
        """Feed links for every page; canonical link, Open Graph and JSON-LD for entries."""
        keys = feed_keys_for(page_src, entry, self.by_page)
        tags = feed_link_tags(feed_links(self.scopes, keys), page_url)
        if entry is not None:
            tags += entry_head(self.kb, entry, self.site)
        return tags

    def finish_page(self, page_html: str, page_src: str, page_url: str, entry: Entry | None) -> str:
        """A rendered page with its head tags, and, on briefs, print addresses of links."""
        tags = self.head_tags(page_src, page_url, entry)
        if entry is not None and self.site.url and 'rel="canonical"' not in page_html:
            tags.insert(0, f'<link rel="canonical" href="{attr(self.site.entry_url(entry))}">')
        page_html = inject_head(page_html, tags)
        if entry is not None or page_src.startswith("countries/"):
            page_html = mark_print_links(page_html, page_url, self.site)
        return page_html

    # --- files ---------------------------------------------------------------------

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file the build adds, as `(path within the site, content)`, in a fixed order."""
        feeds = FeedWriter(self.kb, self.site)
        for scope in self.scopes:
            yield scope.rss_path, feeds.rss(scope)
            yield scope.atom_path, feeds.atom(scope)
        yield from folder_sitemaps(self.scopes)
        records = [entry_record(self.kb, e, self.site) for e in exported_entries(self.kb)]
        document = entries_document(self.kb, self.site, records)
        yield api_path(EXPORT_FILE), entries_lines(document)
        for record in records:
            path = api_path(f"entries/{record['id']}.json")
            yield path, json_bytes(entry_document(self.site, record))
        for kind, folder in KIND_FOLDERS.items():
            yield api_path(f"{folder}.csv"), csv_text(self.kb, kind, self.site).encode("utf-8")
        for name, schema in published_schemas(self.site.url).items():
            yield api_path(f"schemas/{name}"), json_bytes(schema)
        package = descriptor(self.site, document["updated"], EXPORT_VERSION)
        yield api_path("datapackage.json"), json_bytes(package)

    def write(self, site_dir: str | Path) -> list[str]:
        """Write every file into the built site; returns their paths within it."""
        root = Path(site_dir)
        written = []
        for rel, content in self.files():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(rel)
        return written
