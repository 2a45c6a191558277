"""What feeds, exports and page metadata need to know about the published site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lessons_kb.finish.license import License
from lessons_kb.model import Entry
from lessons_kb.site.urls import page_url, relative_url

__all__ = ["SiteInfo", "UrlOf", "relative_url"]

UrlOf = Callable[[str], str | None]
"""Maps a page's source path (`lessons/x.md`) to its URL path in the site (`lessons/x/`),
or None when the site has no such page."""


FEED_ITEMS = 50
"""Each feed's newest entries, by default: the full record is in the exports."""


def _default_url_of(src_uri: str) -> str | None:
    return page_url(src_uri)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """The site's name, public address and language, and where its pages live."""

    name: str = "Lessons KB"
    url: str = ""
    """The public address of the site (`site_url`), with a trailing slash; may be empty."""
    description: str = ""
    language: str = "en"
    url_of: UrlOf = field(default=_default_url_of, compare=False)
    license: License | None = None
    """Under which licence others may reuse the content."""
    feed_items: int = FEED_ITEMS
    """How many entries each feed carries (its newest)."""

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def absolute(self, path: str) -> str:
        """The public URL of a path within the site (the path itself without `site_url`)."""
        return self.url + path.lstrip("/") if self.url else path

    def page_path(self, src_uri: str) -> str | None:
        """The URL path of a page within the site (`""` for the home page), if it has it."""
        found = self.url_of(src_uri)
        return None if found is None else "" if found in (".", "./") else found

    def entry_path(self, entry: Entry) -> str:
        """The URL path of an entry's page."""
        found = self.page_path(entry.src_uri)
        return found if found is not None else entry.url_path

    def entry_url(self, entry: Entry) -> str:
        return self.absolute(self.entry_path(entry))

    def stable_id(self, kind: str, key: str, path: str) -> str:
        """A permanent id: the public URL where the site has one, else a URN."""
        return self.absolute(path) if self.url else f"urn:lessons-kb:{kind}:{key}"
