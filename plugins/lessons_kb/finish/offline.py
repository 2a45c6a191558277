"""The offline edition: the site made to be opened from disk (`file://`), packed as one zip.

The theme's `offline` plugin does most of it (page addresses ending in `.html`, the search
index as a script). This module does the rest: the theme's shim that runs search from
`file://` is served from the site itself instead of a CDN, the catalog's data is embedded
in its page (browsers refuse to fetch files from `file://`), and the built folder is packed
into a deterministic zip that the published site offers for download.

`python -m lessons_kb.finish.offline` builds the edition and packs it (what `make offline` runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

OFFLINE_MARKER = "<!-- lessons-kb:offline -->"
WORKER_SHIM_URI = "assets/lessons-kb/iframe-worker.js"
DOWNLOAD_FOLDER = "download"
CATALOG_DATA_ID = "lkb-catalog-data"
CONFIG = "mkdocs.offline.yml"
SITE_DIR = "site-offline"
ZIP_NAME = "lessons-kb-offline.zip"
#: Files a reader never needs: source maps of the theme's scripts and styles.
LEFT_OUT = (".map",)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def is_offline_build(config: Any) -> bool:
    """True when the theme's offline plugin is on (the site is built for `file://`)."""
    for name in ("material/offline", "offline"):
        plugin = config.plugins.get(name) if hasattr(config.plugins, "get") else None
        if plugin is not None:
            return bool(getattr(plugin, "config", {}).get("enabled", True))
    return False


def local_polyfills(polyfills: list[Any]) -> list[Any]:
    """The theme's polyfills with its `iframe-worker` shim (a CDN address) served locally."""
    return [WORKER_SHIM_URI if "iframe-worker" in str(p) else p for p in polyfills]


def worker_shim() -> str:
    """The `iframe-worker` shim (MIT), shipped with the package."""
    return resources.files("lessons_kb.site").joinpath("assets/iframe-worker.js").read_text("utf-8")


def directory_url(url: str) -> str:
    """A page's address on the published site (directory URLs) from its address in the
    offline edition: `lessons/x.html` → `lessons/x/`, `index.html` → ``."""
    if url == "index.html" or url.endswith("/index.html"):
        return url.removesuffix("index.html")
    return url.removesuffix(".html") + "/" if url.endswith(".html") else url


_PUBLIC_HREF = re.compile(
    r'(data-print-href="|<link rel="canonical" href=")(https?://[^"]*?\.html)"'
)


_FEED_LINK = re.compile(r'\s*<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*>')


def finish_page(page_html: str, catalog_json: str) -> str:
    """An offline page: the catalog's data embedded; its canonical address and the printed
    addresses of its links made the published site's (directory URLs, not `.html`); no
    feed links in its head (feeds are for following the published site, and the theme's
    script would try to read a sitemap beside each, which browsers refuse from `file://`)."""
    page_html = embed_catalog(page_html, catalog_json)
    page_html = _FEED_LINK.sub("", page_html)
    return _PUBLIC_HREF.sub(lambda m: f'{m.group(1)}{directory_url(m.group(2))}"', page_html)


def embed_catalog(page_html: str, data_json: str) -> str:
    """The catalog page with its data in a `<script type="application/json">` element, for
    the catalog script to read where it cannot fetch `catalog.json`. `data_json` must be
    HTML-safe JSON (no `<`, `>` or `&`)."""
    if 'id="lkb-catalog"' not in page_html or CATALOG_DATA_ID in page_html:
        return page_html
    element = f'<script type="application/json" id="{CATALOG_DATA_ID}">{data_json}</script>\n'
    index = page_html.find("</article>")
    if index < 0:
        return page_html
    return page_html[:index] + element + page_html[index:]


def human_size(size: int) -> str:
    """`1.4 MB`, `820 KB`."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def download_notice(href: str, size: int) -> str:
    """A paragraph offering the offline edition's zip for download."""
    return (
        '<p class="lkb-offline">Reading without a connection? <a href="'
        f'{html.escape(href, quote=True)}" download>Download the offline edition</a> '
        f"(one zip file, {human_size(size)}), unzip it and open <code>index.html</code>: "
        "every page works from a computer, a USB stick or a shared drive, search "
        "included.</p>"
    )


def edition_notice(site_url: str, built: dt.date) -> str:
    """A paragraph telling readers of the offline edition when it was made."""
    latest = (
        f' The latest edition is at <a href="{html.escape(site_url, quote=True)}">'
        f"{html.escape(site_url)}</a>."
        if site_url
        else ""
    )
    return (
        f'<p class="lkb-offline">This is the offline edition, made on '
        f'<time datetime="{built.isoformat()}">{built.isoformat()}</time>.{latest}</p>'
    )


def notice(
    offline: bool,
    download: Path | None,
    url_for: Callable[[str], str | None],
    site_url: str,
    built: dt.date,
) -> str:
    """What replaces the offline marker on a page."""
    if offline:
        return edition_notice(site_url, built)
    if download is not None and download.is_file():
        href = url_for(f"{DOWNLOAD_FOLDER}/{download.name}")
        if href:
            return download_notice(href, download.stat().st_size)
    return ""


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


def build(root: Path, config: str = CONFIG, site_dir: str = SITE_DIR) -> None:
    """`mkdocs build --strict` of the offline edition; exits with MkDocs' status on failure."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config]
    result = subprocess.run([*command, "--site-dir", site_dir], cwd=root, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(result.returncode)


def main(argv: list[str] | None = None) -> int:
    """Build the offline edition and pack it as one zip."""
    parser = argparse.ArgumentParser(
        prog="python -m lessons_kb.finish.offline",
        description="Build the offline edition of the site and pack it as one zip file.",
    )
    parser.add_argument("--config", default=CONFIG, help=f"its MkDocs file (default {CONFIG})")
    parser.add_argument("--site-dir", default=SITE_DIR, help=f"where to build (default {SITE_DIR})")
    parser.add_argument("--zip", default=ZIP_NAME, help=f"the zip to write (default {ZIP_NAME})")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not (root / args.config).is_file():
        parser.error(f"{args.config} not found in {root}")
    build(root, args.config, args.site_dir)
    zip_path = root / args.zip
    count = pack(root / args.site_dir, zip_path)
    size = human_size(zip_path.stat().st_size)
    print(f"Offline edition: {count} files in {args.zip} ({size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
