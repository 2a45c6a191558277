"""Printable briefs: give the links of a page's article their full address for print.

The print stylesheet shows a link's address after its text. Links between pages are
relative in the HTML (`../../findings/x/`), which means nothing on paper, so each link to
an entry gets a `data-print-href` attribute with its public address for the stylesheet to
show. The page does not carry them: its `<article>` carries the site's public address and
the way from the page to the site's root (`data-lkb-site`, `data-lkb-root`), once, and
`print-links.js` sets the attributes when the page loads, by the rules of `print_address`.
Links to taxonomy pages (a country, a theme) are left alone: on paper their names say
enough, and their addresses would drown the metadata panel.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from lessons_kb.finish.metadata import inject_head
from lessons_kb.finish.siteinfo import SiteInfo, relative_url
from lessons_kb.kinds import KIND_FOLDERS
from lessons_kb.site.stage import PRINT_SCRIPT_URI

ENTRY_FOLDERS = tuple(f"{folder}/" for folder in KIND_FOLDERS.values())

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_LINK = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')


def print_address(href: str, page_url: str, site: SiteInfo) -> str | None:
    """The public address of a relative link to an entry page; None for other links, and
    when the site has no public address (`site_url`). `print-links.js` follows the same
    rules in the browser."""
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


def links_entries(article: str, page_url: str, site: SiteInfo) -> bool:
    """Whether an article holds a link that prints with its public address."""
    return any(print_address(href, page_url, site) for href in _LINK.findall(article))


def print_attributes(page_url: str, site: SiteInfo) -> str:
    """What the `<article>` tag carries for `print-links.js`: the site's public address and
    the site's root as a link from the page (`../../`, or `../` for `lessons/x.html`)."""
    root = relative_url("", page_url)
    return f' data-lkb-site="{html.escape(site.url)}" data-lkb-root="{html.escape(root)}"'


def print_script_tag(page_url: str) -> str:
    """The deferred `<script>` that sets the print addresses, linked from the page."""
    return f'<script src="{html.escape(relative_url(PRINT_SCRIPT_URI, page_url))}" defer></script>'


def mark_print_links(page_html: str, page_url: str, site: SiteInfo) -> str:
    """The page made ready to print its article's links to entries with their public
    addresses: the addresses `print-links.js` needs on the `<article>` tag, and that script
    in the head. A page whose article links no entry, or a site with no public address,
    is left as it is."""
    article = _ARTICLE.search(page_html) if site.url else None
    if article is None or not links_entries(article.group(0), page_url, site):
        return page_html
    opened = page_html.index(">", article.start())
    if "data-lkb-site" in page_html[article.start() : opened]:
        return page_html
    page_html = page_html[:opened] + print_attributes(page_url, site) + page_html[opened:]
    return inject_head(page_html, [print_script_tag(page_url)])
