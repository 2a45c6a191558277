"""Bytes a reader downloads, measured in Chromium and counted as a server would send them
(each response gzip-compressed, unless it is compressed already)."""

from __future__ import annotations

import gzip
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _sent_size(body: bytes) -> int:
    if body[:2] == b"\x1f\x8b":  # already gzip (Pagefind's index chunks)
        return len(body)
    return min(len(body), len(gzip.compress(body, 6)))


def _load(base: str, path: str, wait_for: str | None = None) -> dict[str, int]:
    """{url: bytes sent} for everything a cold page load (and its wait) fetches."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page()

            def record(response) -> None:
                try:
                    sizes[response.url] = _sent_size(response.body())
                except Exception:  # a redirect or an aborted request has no body
                    sizes.setdefault(response.url, 0)

            page.on("response", record)
            page.goto(base + path)
            if wait_for:
                page.wait_for_selector(wait_for, timeout=60000)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    return sizes


def first_entry(site: Path) -> str:
    lesson = sorted((site / "lessons").glob("*/index.html"))[0]
    return "/" + lesson.parent.relative_to(site).as_posix() + "/"


def page_weights(base: str, site: Path) -> dict[str, int]:
    """Bytes for a cold load of the home page and of an entry page."""
    home = _load(base, "/")
    entry = _load(base, first_entry(site))
    return {"home_total": sum(home.values()), "entry_total": sum(entry.values())}


def search_weight(base: str, site: Path, query: str = "digital") -> dict[str, int]:
    """Bytes to a first search result: opening the search page cold with a query, and
    searching from the header of a page the reader already has open (its theme assets
    are then in the browser's cache, as they are for every page of the site)."""
    sizes = _load(base, f"/search/?q={query}", wait_for=".pagefind-ui__result")
    search_only = sum(size for url, size in sizes.items() if "/pagefind/" in url)
    return {
        "search_total": sum(sizes.values()),
        "search_only": search_only,
        "search_from_page": _search_from_page(base, query),
    }


def _search_from_page(base: str, query: str) -> int:
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(180_000)  # a loaded machine is slow, not broken
            page.goto(base + "/")
            page.wait_for_load_state("networkidle")

            def record(response) -> None:
                try:
                    if response.request.sizes()["responseBodySize"] < 0:
                        return  # served from the browser's cache: nothing was transferred
                    sizes[response.url] = _sent_size(response.body())
                except Exception:  # a redirect has no body
                    sizes.setdefault(response.url, 0)

            page.on("response", record)
            page.fill("#lkb-header-q", query)
            page.press("#lkb-header-q", "Enter")
            page.wait_for_selector(".pagefind-ui__result", timeout=60000)
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    return sum(sizes.values())
