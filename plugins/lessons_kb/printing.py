"""Printable briefs: give each link of a page's article its full address for print.

The print stylesheet shows a link's address after its text. Links between pages are
relative in the HTML (`../../findings/x/`), which means nothing on paper, so each one is
given a `data-print-href` attribute with its public address for the stylesheet to show.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from .siteinfo import SiteInfo

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"')


def print_address(href: str, page_url: str, site: SiteInfo) -> str | None:
    """The public address a relative link points at; None for in-page and absolute links,
    and when the site has no public address (`site_url`)."""
    target = html.unescape(href)
    if not site.url or not target or target.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("//"):
        return None
    return urljoin(site.absolute(page_url), target)


def mark_print_links(page_html: str, page_url: str, site: SiteInfo) -> str:
    """The page with `data-print-href` on every relative link inside its `<article>`."""

    def mark(match: re.Match[str]) -> str:
        address = print_address(match.group(2), page_url, site)
        if address is None or "data-print-href" in match.group(1):
            return match.group(0)
        return (
            f'<a{match.group(1)} data-print-href="{html.escape(address)}" href="{match.group(2)}"'
        )

    def in_article(article: re.Match[str]) -> str:
        return _LINK.sub(mark, article.group(0))

    return _ARTICLE.sub(in_article, page_html, count=1)
