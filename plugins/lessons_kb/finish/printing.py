"""Printable briefs: give the links of a page's article their full address for print.

The print stylesheet shows a link's address after its text. Links between pages are
relative in the HTML (`../../findings/x/`), which means nothing on paper, so each link to
an entry is given a `data-print-href` attribute with its public address for the
stylesheet to show. Links to taxonomy pages (a country, a theme) are left alone: on paper
their names say enough, and their addresses would drown the metadata panel.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.kinds import KIND_FOLDERS

ENTRY_FOLDERS = tuple(f"{folder}/" for folder in KIND_FOLDERS.values())

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"')


def print_address(href: str, page_url: str, site: SiteInfo) -> str | None:
    """The public address of a relative link to an entry page; None for other links, and
    when the site has no public address (`site_url`)."""
    target = html.unescape(href)
    if not site.url or not target or target.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("//"):
        return None
    address = urljoin(site.absolute(page_url), target)
    if not address.startswith(site.url):
        return None
    within = address.removeprefix(site.url)
    is_entry = within.startswith(ENTRY_FOLDERS) and within.split("/", 1)[1] not in (
        "",
        "index.html",
    )
    return address if is_entry else None


def mark_print_links(page_html: str, page_url: str, site: SiteInfo) -> str:
    """The page with `data-print-href` on every relative link inside its `<article>`."""

    def mark(match: re.Match[str]) -> str:
        href = match.group(2)
        if not any(folder in href for folder in ENTRY_FOLDERS):
            return match.group(0)  # not a link to an entry: no need to resolve it
        address = print_address(href, page_url, site)
        if address is None or "data-print-href" in match.group(1):
            return match.group(0)
        return (
            f'<a{match.group(1)} data-print-href="{html.escape(address)}" href="{match.group(2)}"'
        )

    def in_article(article: re.Match[str]) -> str:
        return _LINK.sub(mark, article.group(0))

    return _ARTICLE.sub(in_article, page_html, count=1)
