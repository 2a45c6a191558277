"""Printable briefs: entry and country pages print on A4 and Letter in one or two pages,
with the title and metadata panel, link addresses shown, and the site's chrome hidden.

The PDF's text is compared after Unicode normalisation (NFKC): fonts print "ff" or "fi"
as one ligature glyph, which a PDF's text gives back as `ﬀ`, and which fonts do so
depends on the machine."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
import pytest
from helpers import Project, new_project, serve
from lessons_kb.finish.printing import mark_print_links, print_address
from lessons_kb.finish.siteinfo import SiteInfo

SITE_URL = "https://example.org/kb/"
PRINT_CSS = "assets/lessons-kb/lessons-kb-print.css"
BRIEFS = {
    "lessons/pair-assessments/": [
        "Pair assessments with mindset work",
        "Keep or change",
        "Improve: do this differently",
        "Recommendations",
        "Drawn from",
        "Skills gap in the public service",
        "Saint Lucia",
        "2024-08-07",
        "Plan a mindset programme.",
        SITE_URL + "findings/skills-gap/",
    ],
    "countries/lca/": [
        "Saint Lucia",
        "Scoping mission to Saint Lucia",
        "Pair assessments with mindset work",
        "Plan a mindset programme.",
        SITE_URL + "missions/lca-2024/",
    ],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("print") / "kb")
    project.build("--strict", check=True)
    return project


@pytest.mark.slow
def test_every_page_loads_the_print_stylesheet(site: Project) -> None:
    assert site.site(PRINT_CSS).is_file()
    css = site.site(PRINT_CSS).read_text("utf-8")
    assert "@media print" in css and "attr(data-print-href)" in css
    for page in ("index.html", "lessons/pair-assessments/index.html", "countries/lca/index.html"):
        assert PRINT_CSS in site.site(page).read_text("utf-8"), page


@pytest.mark.slow
def test_links_to_entries_carry_their_address_for_print(site: Project) -> None:
    page = site.site("lessons/pair-assessments/index.html").read_text("utf-8")
    addresses = set(re.findall(r'data-print-href="([^"]+)"', page))
    assert SITE_URL + "findings/skills-gap/" in addresses
    assert all(a.startswith(SITE_URL) for a in addresses)
    assert not any("/countries/" in a for a in addresses), "taxonomy links print as names only"
    nav = page.split("<article", 1)[0]
    assert "data-print-href" not in nav, "only the article's links"


def test_print_addresses() -> None:
    site = SiteInfo(url=SITE_URL)
    assert print_address("../../findings/x/", "lessons/y/", site) == SITE_URL + "findings/x/"
    assert print_address("../../countries/lca/", "lessons/y/", site) is None
    assert print_address("../", "lessons/y/", site) is None, "a collection page"
    assert print_address("#section", "lessons/y/", site) is None
    assert print_address("https://other.example/", "lessons/y/", site) is None
    assert print_address("../../findings/x/", "lessons/y/", SiteInfo()) is None
    html = '<nav><a href="../x/">n</a></nav><article><a class="c" href="../../lessons/z/">z</a>'
    marked = mark_print_links(html + "</article>", "lessons/y/", site)
    assert f'<a class="c" data-print-href="{SITE_URL}lessons/z/" href="../../lessons/z/">' in marked
    assert '<a href="../x/">' in marked


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(BRIEFS))
def test_brief_prints_on_a4_and_letter(site: Project, browser, path: str) -> None:
    with serve(site.site()) as base:
        page = browser.new_page()
        try:
            response = page.goto(f"{base}/{path}")
            assert response is not None and response.ok
            page.emulate_media(media="print")
            for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
                hidden = page.locator(selector).first
                assert hidden.count() == 0 or not hidden.is_visible(), selector
            if path.startswith("lessons/"):
                assert page.locator(".lkb-panel").is_visible(), "the metadata panel is kept"
            for paper in ("A4", "Letter"):
                pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
                assert 1 <= len(pdf.pages) <= 2, (paper, len(pdf.pages))
                assert all(p.extract_text().strip() for p in pdf.pages), "no blank page"
                text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
                flat = re.sub(r"\s+", "", text)
                for expected in BRIEFS[path]:
                    assert re.sub(r"\s+", "", expected) in flat, (paper, expected)
                assert "Test KB" not in text, "the header (site name, search) is not printed"
        finally:
            page.close()
