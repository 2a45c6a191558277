"""The offline edition: the site made to be opened from disk (`file://`), packed as one zip.

The theme's `offline` plugin does most of it (page addresses ending in `.html`, the search
index as a script). This module does the rest: the theme's shim that runs search from
`file://` is served from the site itself instead of a CDN, the catalog's data is embedded
in its page (browsers refuse to fetch files from `file://`), and the built folder is packed
into a deterministic zip that the published site offers for download.

`lessons-kb offline` builds the edition and packs it (what `make offline` runs).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

from lessons_kb.site.urls import directory_url

CATALOG_DATA_ID = "lkb-catalog-data"
CONFIG = "mkdocs.offline.yml"
SITE_DIR = "site-offline"
ZIP_NAME = "lessons-kb-offline.zip"
#: Files a reader never needs: source maps of the theme's scripts and styles.
LEFT_OUT = (".map",)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


_CANONICAL = re.compile(r'(<link rel="canonical" href=")(https?://[^"]*?\.html)"')


_FEED_LINK = re.compile(r'\s*<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*>')


def finish_page(page_html: str, catalog_json: str) -> str:
    """An offline page: the catalog's data embedded; its canonical address made the
    published site's (a directory URL, not `.html`; `print-links.js` does the same for the
    printed addresses of its links); no feed links in its head (feeds are for following
    the published site, and the theme's script would try to read a sitemap beside each,
    which browsers refuse from `file://`)."""
    page_html = embed_catalog(page_html, catalog_json)
    page_html = _FEED_LINK.sub("", page_html)
    return _CANONICAL.sub(lambda m: f'{m.group(1)}{directory_url(m.group(2))}"', page_html)


def embed_catalog(page_html: str, data_json: str) -> str:
    """The catalog page with its data in a `<script type="application/json">` element, for
    the catalog script to read where it cannot fetch `catalog.json`. `data_json` must be
    HTML-safe JSON (no `<`, `>` or `&`)."""
    if 'id="lkb-catalog"' not in page_html or CATALOG_DATA_ID in page_html:
        return page_html
    element = f'<script type="application/json" id="{CATALOG_DATA_ID}">{data_json}</script>\n'
    index = page_html.find("</article>")
    if index < 0:
        raise LookupError("the catalog page has no `</article>` to put its data before")
    return page_html[:index] + element + page_html[index:]


# --- packing ---------------------------------------------------------------------------


def _zip_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(max(int(epoch), 315532800), dt.UTC)
        return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return _ZIP_EPOCH


def pack(site_dir: Path, zip_path: Path, folder: str = "lessons-kb") -> int:
    """Pack `site_dir` into `zip_path` under one top folder; returns the number of files.

    The same folder always gives the same bytes: files in sorted order, one fixed date
    (`SOURCE_DATE_EPOCH` when set), fixed permissions."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.name.endswith(LEFT_OUT))
    if not any(p.name == "index.html" for p in files):
        raise SystemExit(f"{site_dir}: no index.html; build the offline edition first")
    stamp = _zip_time()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)
    return len(files)
