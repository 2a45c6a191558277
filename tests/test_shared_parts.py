"""The theme's icons and inline scripts are written once per site and linked from pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import Project, new_project
from lessons_kb.finish.shared import SPRITE, SharedParts

MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
MOON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="m17.75 4z"/></svg>'
PAGE = (
    f"<html><head><script>__md_scope=new URL('..',location)</script></head><body>"
    f"<header>{MENU}{MOON}<script>var palette=1</script></header>"
    f"<article class='md-content__inner'>{MENU}<script>var own=2</script></article>"
    f"<button>{MENU}</button></body></html>"
)


def test_the_theme_icons_come_from_one_sprite_and_the_article_is_untouched() -> None:
    shared = SharedParts()
    page = shared.page(PAGE, "lessons/one/")
    article = re.search(r"<article.*?</article>", page).group(0)  # type: ignore[union-attr]
    assert MENU in article and "<script>var own=2</script>" in article
    uses = re.findall(r'<svg viewBox="0 0 24 24"><use href="([^"]+)"/></svg>', page)
    assert len(uses) == 3, page
    assert uses[0] == uses[2] != uses[1], "one symbol per distinct icon"
    assert all(use.startswith("../../assets/lessons-kb/shared/icons.svg#i") for use in uses)
    assert page.count(MENU) == 1 and MOON not in page


def test_the_theme_scripts_become_files_in_the_same_order(tmp_path: Path) -> None:
    shared = SharedParts()
    page = shared.page(PAGE, "")
    sources = re.findall(r'<script src="([^"]+)"></script>', page)
    assert len(sources) == 2 and all(s.startswith("assets/lessons-kb/shared/") for s in sources)
    shared.write(tmp_path)
    texts = [(tmp_path / src).read_text("utf-8") for src in sources]
    assert texts == ["__md_scope=new URL('..',location)\n", "var palette=1\n"]


def test_the_sprite_holds_every_symbol_the_pages_use(tmp_path: Path) -> None:
    shared = SharedParts()
    shared.page(PAGE, "a/")
    shared.write(tmp_path)
    sprite = (tmp_path / SPRITE).read_text("utf-8")
    assert sprite.startswith('<svg xmlns="http://www.w3.org/2000/svg"><symbol id="i')
    assert sprite.count("<symbol ") == 2
    assert '<path d="M3 6h18v2H3z"/>' in sprite and '<path d="m17.75 4z"/>' in sprite


def test_nothing_is_written_for_pages_without_theme_parts(tmp_path: Path) -> None:
    shared = SharedParts()
    assert shared.page("<p>plain</p>", "") == "<p>plain</p>"
    shared.write(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project: Project = new_project(tmp_path_factory.mktemp("shared"))
    project.build("--strict", check=True)
    return project.root / "site"


def test_every_icon_and_script_a_built_page_links_exists(built: Path) -> None:
    sprite = (built / SPRITE).read_text("utf-8")
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    pages = sorted(built.rglob("*.html"))
    linked_icons = linked_scripts = 0
    for page in pages:
        text = page.read_text("utf-8")
        theme = re.sub(r"<article\b.*?</article>", "", text, flags=re.S)
        assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox' not in theme or page.name == (
            "404.html"
        ), f"{page}: an icon of the theme is still inline"
        for href in re.findall(r'<use href="([^"#]+)#([^"]+)"', text):
            assert (page.parent / href[0]).resolve() == (built / SPRITE).resolve(), page
            assert href[1] in symbols, f"{page}: no symbol {href[1]}"
            linked_icons += 1
        for src in re.findall(r'<script src="([^"]*assets/lessons-kb/shared/[^"]+)"', text):
            assert (page.parent / src).is_file(), f"{page}: {src} is missing"
            linked_scripts += 1
    assert linked_icons > len(pages) and linked_scripts > len(pages)
    # A handful of files, not one per page: the scripts differ only by a page's depth.
    assert len(list((built / SPRITE).parent.glob("*.js"))) < 10
