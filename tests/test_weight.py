"""Light pages: what a reader on a slow link downloads, and that nothing comes from elsewhere.

The transferred weight of a page on first load is the sum of every response it needs,
each compressed with gzip as a web server (GitHub Pages among them) sends text; files that
are already compressed count as they are. It is printed (`pytest -s`) and kept under a
budget.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO
from served_example import PAGE_TYPES, RequestLog, served_example

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Budgets for the first load, in gzip-compressed bytes (the example weighs about 73 KB).
BUDGET = {"home": 120_000, "lesson": 120_000}
COMPRESSED_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "application/zip")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with served_example(tmp_path_factory.mktemp("weight")) as served:
        yield served


def transferred(response) -> int:
    """The bytes a server would send: gzip for text, as is for compressed formats."""
    body = response.body()
    kind = response.headers.get("content-type", "")
    if kind.startswith(COMPRESSED_TYPES):
        return len(body)
    return min(len(body), len(gzip.compress(body, compresslevel=6)))


def first_load(browser, url: str) -> tuple[int, list[str], RequestLog]:
    """A cold load of `url`: transferred bytes, the files fetched, and the request log."""
    context = browser.new_context()
    page = context.new_page()
    log = RequestLog(page, url)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    sizes = {r.url: transferred(r) for r in log.responses if r.status == 200}
    context.close()
    return sum(sizes.values()), sorted(sizes), log


@pytest.mark.parametrize("kind", list(BUDGET))
def test_first_load_is_light(browser, site, kind: str) -> None:
    base, _ = site
    total, fetched, log = first_load(browser, base + PAGE_TYPES[kind])
    print(f"\n{kind}: {total:,} bytes transferred (gzip) in {len(fetched)} files")
    for url in fetched:
        print(f"  {url.removeprefix(base) or '/'}")
    assert log.problems == [], log.problems
    assert total < BUDGET[kind], f"{kind} weighs {total:,} bytes; budget {BUDGET[kind]:,}"
    assert not [u for u in fetched if "search_index" in u or "/pagefind/" in u], (
        "no search index is downloaded before a search"
    )


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_request_leaves_the_site_and_no_font_is_fetched(browser, site, kind: str) -> None:
    base, _ = site
    context = browser.new_context()
    page = context.new_page()
    log = RequestLog(page, base)
    page.goto(base + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    fonts = [r.url for r in log.responses if r.request.resource_type == "font"]
    context.close()
    assert log.problems == [], log.problems
    assert fonts == []


def test_the_theme_loads_no_web_fonts(site) -> None:
    """`theme.font: false`: no font files, and no link to a font service in any page."""
    assert re.search(r"^theme:\n(  .*\n)*  font: false$", (REPO / "mkdocs.yml").read_text(), re.M)
    _, built = site
    for path in built.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
    # Only the editing app at admin/ has fonts of its own (its icons), served from the site.
    fonts = [p for p in built.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf")]
    assert fonts and all(p.relative_to(built).parts[0] == "admin" for p in fonts), fonts


def test_images_and_charts_are_sized(site) -> None:
    """Every image states its size, so nothing jumps while a page loads (the charts are
    text, with bars drawn by the stylesheet)."""
    _, built = site
    unsized = []
    for path in built.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "<svg class=\"lkb-chart" not in text, path
        for tag in re.findall(r"<img\b[^>]*>", text):
            if not (re.search(r'\swidth="\d', tag) and re.search(r'\sheight="\d', tag)):
                unsized.append(f"{path.relative_to(built)}: {tag[:80]}")
    assert unsized == []


@pytest.mark.parametrize("kind", ["mission", "finding", "lesson", "country briefing", "home"])
def test_pages_read_fully_without_javascript(browser, site, kind: str) -> None:
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + PAGE_TYPES[kind])
    assert page.locator("h1").count() == 1
    links = page.locator("article a[href]").count()
    if kind in ("mission", "finding", "lesson"):
        assert page.locator("header.lkb-entry > dl.lkb-panel").count() == 1  # plain HTML
        assert page.locator(".lkb-relations a").count() >= 1  # and so are the backlinks
    if kind == "home":
        assert page.locator("figure.lkb-figure table").count() >= 2  # the charts' figures
    context.close()
    assert links >= 3
