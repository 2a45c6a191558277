"""Pagefind reads only the indexed part of each page, and makes the same index from it."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MKDOCS_YML, Project, new_project
from lessons_kb.finish.search import SearchSource

PAGE = (
    '<!doctype html><html lang="fr" class="no-js"><head><title>T</title>'
    "<script>var theme=1</script></head><body><header>menu</header>"
    '<article class="md-content__inner md-typeset" data-pagefind-body><h1>Leçon</h1>'
    "<p>Texte</p></article><footer>pied</footer></body></html>"
)


def test_the_source_keeps_the_language_and_the_article_only(tmp_path: Path) -> None:
    source = SearchSource(tmp_path)
    source.add("lessons/one/index.html", PAGE)
    source.add("about/index.html", PAGE.replace(" data-pagefind-body", ""))
    written = (tmp_path / "lessons/one/index.html").read_text("utf-8")
    assert written == (
        '<!doctype html><html lang="fr" class="no-js"><head><meta charset="utf-8"></head><body>'
        '<article class="md-content__inner md-typeset" data-pagefind-body><h1>Leçon</h1>'
        "<p>Texte</p></article></body></html>"
    )
    assert not (tmp_path / "about").exists(), "a page that is not indexed is not copied"
    assert source.pages == 1


def test_the_names_behind_codes_go_into_the_source_only(tmp_path: Path) -> None:
    source = SearchSource(tmp_path)
    source.add("lessons/one/index.html", PAGE, '<p class="lkb-search-names">Sainte-Lucie</p>')
    written = (tmp_path / "lessons/one/index.html").read_text("utf-8")
    assert (
        '<article class="md-content__inner md-typeset" data-pagefind-body>'
        '<p class="lkb-search-names">Sainte-Lucie</p><h1>Leçon</h1>'
    ) in written


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project: Project = new_project(tmp_path_factory.mktemp("search-source"))
    # Without the theme's search plugin, the site's search is Pagefind.
    project.write("mkdocs.yml", MKDOCS_YML.replace("  - search\n", ""))
    project.build("--strict", check=True)
    return project.root / "site"


def test_the_index_holds_the_pages_pagefind_finds_in_the_whole_site(
    built: Path, tmp_path: Path
) -> None:
    entry = built / "pagefind" / "pagefind-entry.json"
    whole = tmp_path / "whole"
    subprocess.run(
        [
            *(sys.executable, "-m", "pagefind", "--site", str(built)),
            *("--output-path", str(whole), "--exclude-selectors", ".headerlink", "--silent"),
        ],
        check=True,
        timeout=300,
    )
    ours = json.loads(entry.read_text("utf-8"))["languages"]
    theirs = json.loads((whole / "pagefind-entry.json").read_text("utf-8"))["languages"]
    assert ours.keys() == theirs.keys()
    assert ours["en"]["page_count"] == theirs["en"]["page_count"] >= 3, "the same pages"


def test_published_pages_carry_no_hidden_copy_of_the_names(built: Path) -> None:
    lesson = next((built / "lessons").glob("*/index.html")).read_text("utf-8")
    assert "data-pagefind-body" in lesson
    assert "lkb-search-names" not in lesson


def _fragments(site: Path) -> dict[str, dict]:
    """Each indexed page's record in the Pagefind bundle, by URL."""
    records = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record
    return records


def test_the_index_holds_what_readers_search_and_not_panels_or_listings(built: Path) -> None:
    records = _fragments(built)
    lessons = {url: r for url, r in records.items() if url.count("/") == 3 and "/lessons/" in url}
    assert lessons, "lessons are indexed"
    for url, record in lessons.items():
        content, lesson_id = record["content"], url.split("/")[2]
        assert record["meta"]["title"] in content, f"{url}: its title is searched"
        assert "Saint Lucia" in content, f"{url}: the names behind its codes are searched"
        assert record["meta"]["kind"] == "Lesson", "the kind is kept as a result's label"
        assert content.count(lesson_id) == 1, f"{url}: its id is indexed once"
        for panel_words in ("Owner:", "Written by", "Status:", "last reviewed", "added"):
            assert panel_words not in content, f"{url}: {panel_words!r} is panel text"
    briefing = records["/countries/lca/"]["content"]
    assert "Saint Lucia" in briefing
    assert "From the lesson" not in briefing, "the briefing's listings are not indexed"
    for record in lessons.values():
        assert record["meta"]["title"] not in briefing
