"""Printable briefs: entry and country pages print on A4 and Letter in one or two pages,
with the title and metadata panel, link addresses shown, and the site's chrome hidden.
The addresses of links to entries are set in the browser (`print-links.js`), from the
site's address and root that the page's `<article>` carries.

The PDF's text is compared after Unicode normalisation (NFKC): fonts print "ff" or "fi"
as one ligature glyph, which a PDF's text gives back as `ﬀ`, and which fonts do so
depends on the machine."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pypdf
import pytest
from helpers import Project, new_project, serve
from lessons_kb.finish.printing import mark_print_links, print_address
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.kinds import KIND_FOLDERS
from lessons_kb.site.stage import PRINT_SCRIPT_URI
from lessons_kb.site.urls import directory_url

SITE_URL = "https://example.org/kb/"
PRINT_CSS = "assets/lessons-kb/lessons-kb-print.css"
SCRIPT = Path(__file__).parents[1] / "plugins/lessons_kb/site/assets/print-links.js"
PRINT_HREFS = "l => l.map(a => [a.getAttribute('href'), a.getAttribute('data-print-href')])"
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
def test_pages_carry_what_the_script_needs_and_no_address_per_link(site: Project) -> None:
    assert site.site(PRINT_SCRIPT_URI).read_bytes() == SCRIPT.read_bytes()
    for path in ("lessons/pair-assessments/index.html", "countries/lca/index.html"):
        page = site.site(path).read_text("utf-8")
        assert "data-print-href" not in page, path
        article = re.findall(r"<article\b[^>]*>", page)
        assert len(article) == 1 and f' data-lkb-site="{SITE_URL}"' in article[0], path
        assert ' data-lkb-root="../../"' in article[0], path
        head = page.split("</head>", 1)[0]
        assert '<script src="../../assets/lessons-kb/print-links.js" defer></script>' in head
        assert page.count("print-links.js") == 1 and page.count("data-lkb-") == 2, path
    home = site.site("index.html").read_text("utf-8")
    assert "data-lkb-site" not in home and "print-links.js" not in home, "no links to entries"


def test_print_addresses() -> None:
    site = SiteInfo(url=SITE_URL)
    assert print_address("../../findings/x/", "lessons/y/", site) == SITE_URL + "findings/x/"
    assert print_address("../x/", "findings/y/", site) == SITE_URL + "findings/x/"
    assert print_address("../findings/x.html", "lessons/y.html", site) == (
        SITE_URL + "findings/x.html"
    )
    assert print_address("../../countries/lca/", "lessons/y/", site) is None
    assert print_address("../", "lessons/y/", site) is None, "a collection page"
    assert print_address("index.html", "lessons/y.html", site) is None, "a collection page"
    assert print_address("#section", "lessons/y/", site) is None
    assert print_address("mailto:a@b.org", "lessons/y/", site) is None
    assert print_address("https://other.example/", "lessons/y/", site) is None
    assert print_address("//other.example/lessons/x/", "lessons/y/", site) is None
    assert print_address("../../findings/x/", "lessons/y/", SiteInfo()) is None


def _page(article: str) -> str:
    return f'<html><head>\n</head><body><nav><a href="../x/">n</a></nav>{article}</body></html>'


def test_the_article_names_the_site_and_its_root_once_for_the_script() -> None:
    site = SiteInfo(url=SITE_URL)
    links = '<a class="c" href="../../lessons/z/">z</a><a href="../../findings/w/">w</a>'
    marked = mark_print_links(_page(f'<article class="a">{links}</article>'), "lessons/y/", site)
    assert f'<article class="a" data-lkb-site="{SITE_URL}" data-lkb-root="../../">' in marked
    assert "data-print-href" not in marked and links in marked, "links are left as they are"
    assert '<script src="../../assets/lessons-kb/print-links.js" defer></script>\n</head>' in marked
    assert mark_print_links(marked, "lessons/y/", site) == marked, "marked once"
    offline = _page('<article><a href="../findings/w.html">w</a></article>')
    offline = mark_print_links(offline, "lessons/y.html", site)
    assert '<article data-lkb-site="https://example.org/kb/" data-lkb-root="../">' in offline
    assert '<script src="../assets/lessons-kb/print-links.js" defer>' in offline
    sibling = mark_print_links(
        _page('<article><a href="../w/">w</a></article>'), "findings/y/", site
    )
    assert "data-lkb-root" in sibling, "a link to a finding beside the page"
    unpublished = _page(f"<article>{links}</article>")
    assert mark_print_links(unpublished, "lessons/y/", SiteInfo()) == unpublished, "no site_url"


@pytest.mark.parametrize(
    "article",
    [
        '<article><a href="../../countries/lca/">Saint Lucia</a></article>',
        '<article><a href="../">Lessons</a><a href="#top">top</a></article>',
        '<article><a href="https://example.org/kb/lessons/z/">z</a></article>',
        '<article><a href="mailto:a@b.org">mail</a></article>',
        "<article><p>No links.</p></article>",
    ],
)
def test_an_article_without_links_to_entries_is_left_as_it_is(article: str) -> None:
    page = _page(article)  # its nav links an entry: only the article's links count
    assert mark_print_links(page, "lessons/y/", SiteInfo(url=SITE_URL)) == page


def test_the_script_knows_the_entry_folders() -> None:
    folders = re.search(r"const FOLDERS = \[([^\]]*)\]", SCRIPT.read_text("utf-8"))
    assert folders is not None
    assert sorted(re.findall(r'"([^"]+)"', folders.group(1))) == sorted(
        f"{folder}/" for folder in KIND_FOLDERS.values()
    )


#: Links from `findings/y/` (published) and from `findings/y.html` (offline edition).
HREFS = {
    "published": [
        "../../findings/x/",
        "../../findings/x/#part",
        "../../lessons/z/?a=1",
        "../x/",
        "../../missions/m-1/",
        "../../findings/",
        "../../findings/index.html",
        "../../countries/lca/",
        "../../../outside/lessons/x/",
        "#section",
        "mailto:a@b.org",
        "https://example.org/kb/lessons/x/",
        "//example.org/kb/lessons/x/",
        "",
    ],
    "offline": [
        "../findings/x.html",
        "../findings/x.html#part",
        "../lessons/z.html?a=1",
        "x.html",
        "../missions/m-1.html",
        "index.html",
        "../findings/index.html",
        "../countries/lca.html",
        "../../outside/lessons/x.html",
        "#section",
        "mailto:a@b.org",
        "https://example.org/kb/lessons/x.html",
        "//example.org/kb/lessons/x.html",
        "",
    ],
}


def _published(address: str | None) -> str | None:
    """An address as the published site has it: a folder's, not a `.html` file's."""
    if address is None:
        return None
    path = re.split(r"[?#]", address, maxsplit=1)[0]
    return directory_url(path) + address[len(path) :]


def _script_page(folder: Path, page: str, root: str, hrefs: list[str]) -> Path:
    """A page at `page` within the site in `folder`, with the script and an article of
    `hrefs`; its navigation links an entry too."""
    links = "".join(f'<a href="{h}">{i}</a>' for i, h in enumerate(hrefs))
    script = folder / PRINT_SCRIPT_URI
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCRIPT, script)
    target = folder / page
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        f'<!doctype html><html><head><script src="{root}{PRINT_SCRIPT_URI}" defer></script>'
        f'</head><body><nav><a href="{hrefs[0]}">nav</a></nav><article data-lkb-site='
        f'"{SITE_URL}" data-lkb-root="{root}">{links}</article></body></html>',
        "utf-8",
    )
    return target


def _print_hrefs(browser, url: str) -> list[list[str | None]]:
    """`[href, data-print-href]` of each link of the page's article, once it has loaded."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        found = page.eval_on_selector_all("article a", PRINT_HREFS)
        assert page.locator("nav a[data-print-href]").count() == 0, "only the article's links"
    finally:
        page.close()
    assert errors == []
    return found


@pytest.mark.browser
def test_the_script_gives_each_link_the_address_the_build_would(browser, tmp_path: Path) -> None:
    site = SiteInfo(url=SITE_URL)
    _script_page(tmp_path / "www" / "kb", "findings/y/index.html", "../../", HREFS["published"])
    with serve(tmp_path / "www") as base:
        online = _print_hrefs(browser, f"{base}/kb/findings/y/")
    assert online == [[h, print_address(h, "findings/y/", site)] for h in HREFS["published"]]
    assert [a for _, a in online if a] == [
        f"{SITE_URL}findings/x/",
        f"{SITE_URL}findings/x/#part",
        f"{SITE_URL}lessons/z/?a=1",
        f"{SITE_URL}findings/x/",
        f"{SITE_URL}missions/m-1/",
    ]
    # The offline edition, opened from disk: `.html` pages, printed as the published ones.
    disk = _script_page(tmp_path / "disk", "findings/y.html", "../", HREFS["offline"])
    offline = _print_hrefs(browser, disk.as_uri())
    expected = [_published(print_address(h, "findings/y.html", site)) for h in HREFS["offline"]]
    assert [a for _, a in offline] == expected
    assert [a for _, a in offline if a] == [a for _, a in online if a]


@pytest.mark.browser
@pytest.mark.slow
def test_a_built_brief_gives_its_links_to_entries_their_public_address(
    site: Project, browser
) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        with serve(site.site()) as base:
            page.on(
                "request",
                lambda r: r.url.startswith(base) or problems.append(f"request to {r.url}"),
            )
            page.goto(f"{base}/lessons/pair-assessments/")
            marked = dict(page.eval_on_selector_all("article a[data-print-href]", PRINT_HREFS))
            outside = page.eval_on_selector_all("a[data-print-href]:not(article a)", PRINT_HREFS)
            country = page.locator('article a[href="../../countries/lca/"]').first
            country_address = country.get_attribute("data-print-href")
    finally:
        page.close()
    assert problems == []
    assert marked["../../findings/skills-gap/"] == SITE_URL + "findings/skills-gap/"
    assert all(a.startswith(SITE_URL) for a in marked.values())
    assert outside == [] and country_address is None, "taxonomy links print as names only"


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
