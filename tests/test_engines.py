"""The same knowledge base under MkDocs 1.6, ProperDocs and Zensical.

Each engine builds the example through `lessons-kb build`; the pages, the entry panels and
relations, the feeds and the exports must be the same, and search must work; only the
theme's chrome may differ. A plain engine build, without Lessons KB, must say on its home
page that the knowledge base was not built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import copy_example, serve

pytestmark = pytest.mark.slow

ENGINES = ("mkdocs", "properdocs", "zensical")
NOT_BUILT = "This knowledge base was not built"
_HEADER = re.compile(r'<header class="lkb-entry[^"]*">.*?</header>', re.DOTALL)
_RELATIONS = re.compile(r'<section class="lkb-relations".*?</section>', re.DOTALL)
_SPACE = re.compile(r"\s+")


def lessons_kb(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`lessons-kb` in `root`; a build makes the English edition only, at the root (the
    example's three languages have their own tests, in test_languages.py)."""
    if args and args[0] == "build":
        args = (*args, "--languages", "en")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "lessons_kb.cli.main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("engines") / "kb")


@pytest.fixture(scope="module")
def sites(example: Path) -> dict[str, Path]:
    """The example built by each engine."""
    built = {}
    for engine in ENGINES:
        result = lessons_kb(
            example, "build", "--engine", engine, "--strict", "-d", f"site-{engine}"
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"with {engine}" in result.stdout
        built[engine] = example / f"site-{engine}"
    return built


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _files(site: Path, folder: str) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in (site / folder).rglob("*")
        if p.is_file()
    }


def _blocks(pattern: re.Pattern[str], page: Path) -> list[str]:
    return [_SPACE.sub(" ", block) for block in pattern.findall(page.read_text("utf-8"))]


def test_every_engine_builds_the_same_pages(sites: dict[str, Path]) -> None:
    reference = _pages(sites["mkdocs"])
    assert len(reference) > 70
    assert "lessons/plan-dissemination-from-the-start/index.html" in reference
    for engine in ENGINES[1:]:
        assert _pages(sites[engine]) == reference, engine


def test_entry_panels_and_relations_are_the_same(sites: dict[str, Path]) -> None:
    entries = [
        page
        for page in _pages(sites["mkdocs"])
        if page.split("/")[0] in ("missions", "findings", "lessons") and page.count("/") == 2
    ]
    assert len(entries) == 18
    for page in entries:
        header = _blocks(_HEADER, sites["mkdocs"] / page)
        relations = _blocks(_RELATIONS, sites["mkdocs"] / page)
        assert header, page
        assert "lkb-panel" in header[0]
        for engine in ENGINES[1:]:
            assert _blocks(_HEADER, sites[engine] / page) == header, (engine, page)
            assert _blocks(_RELATIONS, sites[engine] / page) == relations, (engine, page)


def test_feeds_and_exports_are_the_same(sites: dict[str, Path]) -> None:
    for folder in ("feeds", "api"):
        reference = _files(sites["mkdocs"], folder)
        assert reference
        for engine in ENGINES[1:]:
            assert _files(sites[engine], folder) == reference, (engine, folder)


def test_every_engine_gets_head_metadata_and_a_search_index(sites: dict[str, Path]) -> None:
    for engine, site in sites.items():
        lesson = (site / "lessons/plan-dissemination-from-the-start/index.html").read_text()
        assert '<script type="application/ld+json">' in lesson, engine
        assert 'rel="alternate" type="application/rss+xml"' in lesson, engine
        assert "data-pagefind-body" in lesson, engine
        assert (site / "pagefind" / "pagefind-ui.js").is_file(), engine
        assert NOT_BUILT not in (site / "index.html").read_text(), engine


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_search_finds_an_entry_under_each_engine(
    sites: dict[str, Path], browser: object, engine: str
) -> None:
    with serve(sites[engine]) as base:
        page = browser.new_page()  # type: ignore[attr-defined]
        try:
            page.goto(f"{base}/search/?q=dissemination")
            first = page.locator(".pagefind-ui__result-link").first
            first.wait_for(timeout=15000)
            titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
            # Each result says what it is: "Lesson: Plan who publishes…".
            assert any(title.startswith("Lesson: Plan who publishes a mission") for title in titles)
        finally:
            page.close()


def test_the_plugin_builds_the_same_site_as_lessons_kb_build(
    example: Path, sites: dict[str, Path]
) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site-plugin"],
        cwd=example,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    plugin = example / "site-plugin"
    reference = sites["mkdocs"]
    names = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(plugin).as_posix() for p in plugin.rglob("*") if p.is_file()
    )
    different = [n for n in names if (plugin / n).read_bytes() != (reference / n).read_bytes()]
    assert different == []


# --- A build that skipped Lessons KB ------------------------------------------------------


def _without_lessons_kb(example: Path, target: Path) -> Path:
    """The example's pages and config, with the lessons-kb plugin taken out."""
    shutil.copytree(example / "docs", target / "docs")
    config = yaml.safe_load(
        (example / "mkdocs.yml").read_text().replace("!ENV [SITE_URL, ", "[").replace("]\n", "]\n")
    )
    config["site_url"] = "https://example.org/kb/"
    config["plugins"] = []
    config.pop("strict", None)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return target


@pytest.mark.parametrize("engine", ENGINES)
def test_a_plain_engine_build_says_the_knowledge_base_is_missing(
    example: Path, tmp_path: Path, engine: str
) -> None:
    plain = _without_lessons_kb(example, tmp_path)
    command = [sys.executable, "-m", engine, "build", "-f", "mkdocs.yml"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=plain, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (plain / "site" / "index.html").read_text("utf-8")
    assert NOT_BUILT in home
    assert 'role="alert"' in home
    assert not (plain / "site" / "lessons").exists()


def test_zensical_on_the_repository_itself_shows_the_warning(tmp_path: Path) -> None:
    """`zensical build` run as a publisher might, on the example as it is: it ignores the
    plugin without a word, and the home page says so instead."""
    project = copy_example(tmp_path / "kb")
    config = (project / "mkdocs.yml").read_text().replace("strict: true\n", "")
    (project / "mkdocs.yml").write_text(config)
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert NOT_BUILT in (project / "site" / "index.html").read_text("utf-8")


# --- The stage -----------------------------------------------------------------------------


def test_staging_again_rewrites_only_what_changed(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "kb")
    assert lessons_kb(project, "build", "-d", "site").returncode == 0
    docs = project / ".lessons-kb" / "mkdocs" / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    assert lessons_kb(project, "build", "-d", "site").returncode == 0
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before

    lesson = project / "content/lessons/plan-dissemination-from-the-start.md"
    lesson.write_text(lesson.read_text().replace("## Context", "## Context\n\nA new line.", 1))
    assert lessons_kb(project, "build", "-d", "site").returncode == 0
    changed = {
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*")
        if p.is_file() and p.stat().st_mtime_ns != before.get(p)
    }
    assert changed == {"lessons/plan-dissemination-from-the-start.md"}
    assert (
        "A new line."
        in (project / "site/lessons/plan-dissemination-from-the-start/index.html").read_text()
    )


def test_a_theme_without_the_anchor_fails_with_a_clear_message(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "kb")
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"theme:\n(  .*\n)+", "theme:\n  name: mkdocs\n", config)
    (project / "mkdocs.yml").write_text(config)
    result = lessons_kb(project, "build", "-d", "site")
    assert result.returncode == 1
    assert "md-content__inner" in result.stderr
    assert "search: theme" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_knowledge_base_with_errors_builds_nothing(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "kb")
    lesson = project / "content/lessons/plan-dissemination-from-the-start.md"
    lesson.write_text(lesson.read_text().replace("countries:", "countires:", 1))
    result = lessons_kb(project, "build", "--engine", "zensical", "-d", "site")
    assert result.returncode == 1
    assert "plan-dissemination-from-the-start.md" in result.stdout
    assert "did you mean `countries`?" in result.stdout
    assert "nothing was built" in result.stderr
    assert not (project / "site").exists()


def test_a_page_cannot_end_its_own_sanitised_part(tmp_path: Path) -> None:
    """Text that imitates Lessons KB's body markers is still sanitised."""
    project = copy_example(tmp_path / "kb")
    about = project / "docs" / "about.md"
    forged = "\n\n<!--lkb:/body-->\n\n<img src=x onerror=alert(1)>\n\n<!--lkb:body-->\n\nEnd.\n"
    about.write_text(about.read_text() + forged)
    result = lessons_kb(project, "build", "-d", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site" / "about" / "index.html").read_text("utf-8")
    assert "onerror" not in page
    assert "<p>End.</p>" in page


def test_the_licence_reaches_feeds_exports_and_the_data_package(sites: dict[str, Path]) -> None:
    """The `extra.license` setting of mkdocs.yml, in a real build under every engine."""
    import gzip
    import json

    for engine, site in sites.items():
        package = json.loads((site / "api/v1/datapackage.json").read_text("utf-8"))
        assert package["licenses"][0]["name"] == "CC-BY-3.0-IGO", engine
        with gzip.open(site / "api/v1/entries.jsonl.gz", "rt") as lines:
            assert json.loads(next(lines))["license"]["id"] == "CC-BY-3.0-IGO", engine
        assert "CC-BY-3.0-IGO" in (site / "feeds/all.xml").read_text("utf-8"), engine
        assert "CC-BY-3.0-IGO" in (site / "feeds/all.atom.xml").read_text("utf-8"), engine
        assert "CC-BY-3.0-IGO" in (site / "index.html").read_text("utf-8"), engine  # footer


def test_a_project_inside_a_hidden_folder_keeps_its_pages(tmp_path: Path) -> None:
    """Only hidden files inside docs/ are left out, not a project under `.something/`."""
    project = copy_example(tmp_path / ".work" / "kb")
    result = lessons_kb(project, "build", "-d", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "about" / "index.html").is_file()
    assert NOT_BUILT not in (project / "site" / "index.html").read_text("utf-8")
