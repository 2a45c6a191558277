"""The two editions of the site: the published one offers the offline edition's zip for
download; the offline one (opened from `file://`) says when it was made, and serves the
theme's search shim from the site itself instead of a CDN."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

OFFLINE_MARKER = "<!-- lessons-kb:offline -->"
WORKER_SHIM_URI = "assets/lessons-kb/iframe-worker.js"
DOWNLOAD_FOLDER = "download"


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
