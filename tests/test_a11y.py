"""Accessibility (WCAG 2.1 AA) of every page type, in Chromium, in both colour schemes.

axe-core (from npm, `make test` installs it) runs on one page of each type: no violation
of impact serious or critical. Around it, what axe cannot judge alone: one `h1` and no
skipped heading level on every page of the site, the page's language, labels on every
control of the catalog, a visible focus on everything reached with the keyboard, charts
that are tables of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import REPO, need
from served_example import PAGE_TYPES, RequestLog, served_example

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
#: What changes with the colour scheme: the dark scheme is checked for these alone.
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with served_example(tmp_path_factory.mktemp("a11y")) as served:
        yield served


@pytest.fixture(scope="module")
def axe_script() -> Path:
    need(AXE.exists(), "axe-core", "run `npm ci` (make test does)")
    return AXE


def _open(browser, url: str, scheme: str = "light"):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = RequestLog(page, url)
    page.goto(url, wait_until="load")
    return context, page, log


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_nothing_serious(browser, site, axe_script, kind: str, scheme: str) -> None:
    base, _ = site
    context, page, log = _open(browser, base + PAGE_TYPES[kind], scheme)
    try:
        if kind == "catalog":
            page.wait_for_selector("form.lkb-facets")  # judge the controls the script adds
        if kind == "search":
            page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        page.add_script_tag(path=str(axe_script))
        rules = WCAG_AA if scheme == "light" else COLOUR_RULES
        result = page.evaluate("only => axe.run(document, {runOnly: only})", rules)
    finally:
        context.close()
    blocking = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], "\n".join(blocking)
    assert len(result["passes"]) > (10 if scheme == "light" else 0)  # axe did run its checks
    assert log.problems == [], log.problems


# --- structure of every page, read from the built files ---------------------------------


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.levels: list[int] = []
        self.mains = 0
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "main":
            self.mains += 1
        elif tag == "article":
            self._in_article += 1
        elif self._in_article and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1


def test_every_page_has_its_language_a_main_landmark_and_headings_in_order(site) -> None:
    _, built = site
    # The editing app at admin/ is Sveltia CMS's page, judged in test_cms.py.
    pages = sorted(p for p in built.rglob("*.html") if "admin" not in p.relative_to(built).parts)
    assert len(pages) > 50
    problems = []
    for path in pages:
        outline = _Outline()
        outline.feed(path.read_text("utf-8"))
        name = path.relative_to(built).as_posix()
        if outline.lang != "en":
            problems.append(f"{name}: lang={outline.lang!r}")
        if outline.mains != 1:
            problems.append(f"{name}: {outline.mains} <main>")
        if outline.levels.count(1) != 1 or outline.levels[0] != 1:
            problems.append(f"{name}: headings {outline.levels[:6]} do not start with one h1")
        for before, after in zip(outline.levels, outline.levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{name}: h{before} followed by h{after}")
                break
    assert problems == [], "\n".join(problems[:20])


# --- what a keyboard or a screen reader needs ---------------------------------------


def test_every_control_of_the_catalog_has_a_label(browser, site) -> None:
    base, _ = site
    context, page, _ = _open(browser, base + "browse/")
    page.wait_for_selector("form.lkb-facets")
    unnamed = page.eval_on_selector_all(
        "#lkb-catalog input, #lkb-catalog button, #lkb-catalog select",
        """els => els.filter(el => {
            const label = [...(el.labels || [])].map(l => l.textContent.trim()).join('');
            const own = (el.getAttribute('aria-label') || '').trim();
            const text = el.tagName === 'BUTTON' ? el.textContent.trim() : '';
            return !(label || own || text);
        }).map(el => el.outerHTML)""",
    )
    controls = page.locator("#lkb-catalog input").count()
    groups = page.eval_on_selector_all(
        "fieldset.lkb-facet", "fs => fs.map(f => f.querySelector('legend')?.textContent.trim())"
    )
    context.close()
    assert controls > 10
    assert unnamed == []
    assert groups and all(groups), "each facet is a fieldset named by its legend"


def _focus_ring(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 40),
                    style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    color: s.outlineColor};
        }"""
    )


@pytest.mark.parametrize("path", ["lessons/agree-focal-points-during-scoping/", "browse/"])
def test_the_focus_is_visible_on_everything_the_keyboard_reaches(browser, site, path) -> None:
    base, _ = site
    context, page, _ = _open(browser, base + path)
    if path == "browse/":
        page.wait_for_selector("form.lkb-facets")
    rings = []
    for _ in range(25):
        page.keyboard.press("Tab")
        rings.append(_focus_ring(page))
    context.close()
    reached = [r for r in rings if r["tag"] != "BODY"]
    assert len(reached) >= 20
    invisible = [r for r in reached if r["style"] in ("none", "hidden") or r["width"] < 2]
    assert invisible == [], invisible


def test_charts_are_tables_of_text_at_a_readable_size(browser, site) -> None:
    """Each chart is a captioned table: a label and a figure on every row, in text at the
    page's size; the bars beside them only draw the figures."""
    base, _ = site
    context, page, _ = _open(browser, base)
    charts = page.eval_on_selector_all(
        "figure.lkb-figure",
        """figures => figures.map(f => ({
            caption: (f.querySelector('figcaption') || {}).textContent,
            heads: [...f.querySelectorAll('th[scope=col]')].map(th => th.textContent.trim()),
            rows: [...f.querySelectorAll('tbody tr')].map(tr => ({
                label: tr.cells[0].textContent.trim(),
                value: tr.cells[1].textContent.trim(),
                size: parseFloat(getComputedStyle(tr.cells[0]).fontSize),
                bar: tr.querySelector('.lkb-bar').textContent,
            })),
        }))""",
    )
    context.close()
    assert len(charts) >= 2
    for chart in charts:
        assert chart["caption"] and len(chart["heads"]) == 2, chart
        assert chart["rows"], chart
        for row in chart["rows"]:
            assert row["label"] and row["value"].isdigit(), row
            assert row["size"] >= 12 and row["bar"] == "", row
