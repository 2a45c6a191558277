"""The offline edition: built as `make offline` builds it, packed as one zip, unpacked and
read from `file://` in Chromium (navigation, catalog, search), offered by the site."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import REPO, Project, need
from lessons_kb.finish.offline import embed_catalog, finish_page, pack
from lessons_kb.site.edition import DOWNLOAD_FOLDER, OFFLINE_MARKER, notice
from lessons_kb.site.urls import directory_url

pytestmark = pytest.mark.slow
ZIP = "lessons-kb-offline.zip"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, its offline edition built and packed by
    `lessons-kb offline` (what `make offline` runs), then its site built."""
    root = tmp_path_factory.mktemp("offline") / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "mkdocs.offline.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "node_modules").is_dir():  # the editor's files (`cms:` in mkdocs.yml)
        (root / "node_modules").symlink_to(REPO / "node_modules")
    result = subprocess.run(
        # English only (at the root): test_languages reads the edition in three languages.
        [sys.executable, "-m", "lessons_kb.cli.main", "offline", "--languages", "en"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Offline edition:" in result.stdout and ZIP in result.stdout
    Project(root).build("--strict", check=True)
    return root


@pytest.fixture(scope="module")
def unpacked(example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(example / ZIP) as archive:
        archive.extractall(target)
    return target / "lessons-kb"


# --- the zip and the site that offers it ---------------------------------------------


def test_the_editor_is_on_the_site_and_not_in_the_offline_edition(example: Path) -> None:
    assert (example / "site" / "admin" / "index.html").is_file()
    assert (example / "site-offline").is_dir()
    assert not list((example / "site-offline").rglob("admin"))
    with zipfile.ZipFile(example / ZIP) as archive:
        assert not [n for n in archive.namelist() if "/admin/" in n or "sveltia" in n]


def test_the_offline_edition_keeps_the_theme_icons_inline(example: Path) -> None:
    # A browser reading files from disk refuses `<use>` of another file: no sprite there.
    offline, published = example / "site-offline", example / "site"
    assert not (offline / "assets" / "lessons-kb" / "shared").exists()
    page = (offline / "index.html").read_text("utf-8")
    assert "<use href=" not in page and '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<use href=" in (published / "index.html").read_text("utf-8")


def test_the_zip_holds_one_folder_with_the_whole_offline_site(example: Path) -> None:
    with zipfile.ZipFile(example / ZIP) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert all(name.startswith("lessons-kb/") for name in names)
    for needed in (
        "index.html",
        "lessons/agree-focal-points-during-scoping.html",
        "browse/index.html",
        "search/search_index.js",
        "assets/lessons-kb/iframe-worker.js",
        "assets/lessons-kb/print-links.js",
        "feeds/all.xml",
        "api/v1/entries.jsonl.gz",
    ):
        assert f"lessons-kb/{needed}" in names, needed
    assert not [n for n in names if n.endswith(".map")], "source maps are left out"
    assert not [n for n in names if n.endswith("/index.md") or "pagefind" in n]


def test_the_same_folder_always_packs_into_the_same_bytes(example: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    pack(example / "site-offline", first)
    (example / "site-offline" / "index.html").touch()  # a newer file time changes nothing
    pack(example / "site-offline", second)
    assert first.read_bytes() == second.read_bytes()


def test_packing_an_empty_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="build the offline edition first"):
        pack(tmp_path, tmp_path / "x.zip")


def test_the_published_site_offers_the_zip_for_download(example: Path) -> None:
    site = example / "site"
    offered = site / DOWNLOAD_FOLDER / ZIP
    assert offered.read_bytes() == (example / ZIP).read_bytes()
    home = (site / "index.html").read_text("utf-8")
    about = (site / "about" / "index.html").read_text("utf-8")
    assert f'<a href="{DOWNLOAD_FOLDER}/{ZIP}" download>' in home
    assert f'<a href="../{DOWNLOAD_FOLDER}/{ZIP}" download>' in about
    assert "MB)" in home or "KB)" in home
    assert OFFLINE_MARKER not in home and OFFLINE_MARKER not in about


def test_the_offline_edition_says_what_it_is_and_keeps_public_addresses(example: Path) -> None:
    offline = example / "site-offline"
    home = (offline / "index.html").read_text("utf-8")
    assert "This is the offline edition, made on" in home
    assert 'href="https://un-desa.github.io/lessons-kb/"' in home
    assert f"{DOWNLOAD_FOLDER}/{ZIP}" not in home  # no zip inside the zip
    page = (offline / "lessons" / "agree-focal-points-during-scoping.html").read_text("utf-8")
    public = "https://un-desa.github.io/lessons-kb/lessons/agree-focal-points-during-scoping/"
    assert f'<link rel="canonical" href="{public}">' in page
    assert f'content="{public}"' in page  # og:url
    # Links print with their public addresses, which `print-links.js` sets from these.
    assert "data-print-href" not in page
    root = 'data-lkb-site="https://un-desa.github.io/lessons-kb/" data-lkb-root="../"'
    assert f"{root}>" in page and '<script src="../assets/lessons-kb/print-links.js" defer>' in page
    assert (offline / "assets" / "lessons-kb" / "print-links.js").is_file()
    assert "unpkg.com" not in home and "application/rss+xml" not in home


# --- small pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("index.html", ""),
        ("lessons/index.html", "lessons/"),
        ("lessons/x.html", "lessons/x/"),
        ("https://e.org/kb/findings/y.html", "https://e.org/kb/findings/y/"),
        ("browse/catalog.json", "browse/catalog.json"),
    ],
)
def test_directory_url(url: str, published: str) -> None:
    assert directory_url(url) == published


def test_the_catalog_data_is_embedded_once_and_only_in_the_catalog() -> None:
    page = '<article><div id="lkb-catalog"></div></article>'
    once = embed_catalog(page, '{"entries":[]}')
    assert '<script type="application/json" id="lkb-catalog-data">{"entries":[]}</script>' in once
    assert embed_catalog(once, "{}") == once
    assert embed_catalog("<article><p>home</p></article>", "{}") == "<article><p>home</p></article>"
    head = '<head>\n  <link rel="alternate" type="application/rss+xml" title="t" href="f.xml">\n'
    assert "alternate" not in finish_page(head + "</head>", "{}")


def test_the_notice_depends_on_the_edition(tmp_path: Path) -> None:
    day = dt.date(2025, 1, 2)
    zip_path = tmp_path / ZIP
    assert notice(False, zip_path, lambda uri: uri, "", day) == ""  # not built yet
    zip_path.write_bytes(b"x" * 2_500_000)
    offered = notice(False, zip_path, lambda uri: "../" + uri, "", day)
    assert f'href="../{DOWNLOAD_FOLDER}/{ZIP}"' in offered and "2.5 MB" in offered
    offline = notice(True, zip_path, lambda uri: uri, "https://e.org/kb/", day)
    assert "2025-01-02" in offline and 'href="https://e.org/kb/"' in offline
    assert "download" not in offline


# --- read from disk in Chromium ----------------------------------------------------------


@pytest.fixture
def disk_page(browser):
    """A page that records every request that is not a file of the unpacked folder, and
    every script error."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))

    def check(request) -> None:
        if urlsplit(request.url).scheme not in ("file", "data", "blob", "about"):
            problems.append(f"request outside the folder: {request.url}")

    page.on("request", check)
    yield page
    context.close()
    assert problems == [], problems


@pytest.mark.browser
def test_reading_from_disk_by_clicking_from_the_home_page_to_a_lesson_and_back(
    disk_page, unpacked: Path
) -> None:
    page = disk_page
    page.goto((unpacked / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Lessons learned")
    page.locator("nav.md-nav--primary a", has_text="Missions").first.click()
    page.wait_for_url("**/missions/index.html")
    page.locator("article a", has_text="Saint Lucia").first.click()
    page.wait_for_url("**/missions/lca-2024-changing-mindsets.html")
    page.locator("section.lkb-relations--findings a", has_text="Year of Infrastructure").click()
    page.wait_for_url("**/findings/lca-year-of-infrastructure.html")
    lessons = page.locator("section.lkb-relations--lessons a")
    title = lessons.first.inner_text()
    lessons.first.click()
    page.wait_for_url("**/lessons/*.html")
    assert page.locator("h1").first.inner_text() == title
    page.locator(".lkb-findings a", has_text="Year of Infrastructure").click()
    page.wait_for_url("**/findings/lca-year-of-infrastructure.html")
    # Every page came from the unpacked folder.
    assert page.url.startswith(unpacked.as_uri())


@pytest.mark.browser
def test_links_print_with_their_public_addresses_from_disk(disk_page, unpacked: Path) -> None:
    page = disk_page
    page.goto((unpacked / "missions" / "lca-2024-changing-mindsets.html").as_uri())
    finding = page.locator('article a[href="../findings/lca-year-of-infrastructure.html"]').first
    public = "https://un-desa.github.io/lessons-kb/findings/lca-year-of-infrastructure/"
    assert finding.get_attribute("data-print-href") == public
    addresses = page.eval_on_selector_all(
        "[data-print-href]", "l => l.map(a => a.getAttribute('data-print-href'))"
    )
    assert addresses and all(
        a.startswith("https://un-desa.github.io/lessons-kb/") for a in addresses
    )
    assert not [a for a in addresses if a.endswith(".html") or "/countries/" in a]


@pytest.mark.browser
def test_search_works_from_disk(disk_page, unpacked: Path) -> None:
    page = disk_page
    page.goto((unpacked / "index.html").as_uri())
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Saint Lucia")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "l => l.map(a => a.href)")
    target = (unpacked / "missions" / "lca-2024-changing-mindsets.html").as_uri()
    assert any(link.startswith(target) for link in links), links[:5]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(unpacked.as_uri())


@pytest.mark.browser
def test_the_catalog_filters_from_disk(disk_page, unpacked: Path) -> None:
    page = disk_page
    page.goto((unpacked / "browse" / "index.html").as_uri())
    page.wait_for_selector("form.lkb-facets", timeout=10000)
    rows = page.locator(".lkb-catalog-table tbody tr:not([hidden])")
    everything = rows.count()
    page.get_by_label("Lesson (", exact=False).check()
    page.wait_for_function("location.search.includes('kind=lesson')")
    assert 0 < rows.count() < everything
    link = rows.first.locator("a")
    link.click()
    page.wait_for_url("**/lessons/*.html")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "lessons/agree-focal-points-during-scoping.html"])
def test_the_offline_edition_is_accessible(disk_page, unpacked: Path, path: str) -> None:
    """axe-core on pages with the theme's search dialog (the published site has none)."""
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    need(axe.exists(), "axe-core", "run `npm ci` (make test does)")
    page = disk_page
    page.goto((unpacked / path).as_uri())
    page.add_script_tag(path=str(axe))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    # No `preload`: axe would fetch the stylesheets, which browsers refuse from file://.
    script = "t => axe.run(document, {runOnly: {type: 'tag', values: t}, preload: false})"
    result = page.evaluate(script, tags)
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert page.locator(".md-search[role=dialog][aria-label]").count() == 1
