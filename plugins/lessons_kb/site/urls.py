"""Where a page lands in the built site, and links between pages.

Every engine Lessons KB runs (MkDocs, ProperDocs, Zensical) places pages the same way:
`lessons/x.md` becomes `lessons/x/` with directory URLs, `lessons/x.html` without, and
an `index.md` stands for its folder. Pages are staged with their links already relative,
so they work under any sub-path and from `file://`.
"""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL path of the page made from `src_uri` (`""` for the home page)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri.removesuffix(".md")
    if directory_urls:
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"
    return stem + ".html"


def output_file(url: str) -> str:
    """The file within the built site that serves the URL path `url`."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def directory_url(url: str) -> str:
    """A page's published address (directory URLs) from its address in the offline
    edition: `lessons/x.html` → `lessons/x/`, `index.html` → ``."""
    if url == "index.html" or url.endswith("/index.html"):
        return url.removesuffix("index.html")
    return url.removesuffix(".html") + "/" if url.endswith(".html") else url


def relative_url(target: str, from_page: str) -> str:
    """`target` (a path within the site) as a link from the page at URL path `from_page`."""
    start = posixpath.dirname(from_page) if not from_page.endswith("/") else from_page
    start = start.rstrip("/") or "."
    rel = posixpath.relpath(target or ".", start)
    if (target.endswith("/") or target == "") and not rel.endswith("/"):
        rel += "/"
    return rel
