"""The synthetic corpus generator: valid by the project's own check, deterministic, varied."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import Project
from lessons_kb.checks.run import LoadResult, load_knowledge_base
from lessons_kb.cli.config import load_settings
from lessons_kb.cli.main import main
from lessons_kb.source.body import wikilinks
from lessons_kb.synthetic.generate import LESSON_STATUSES, GeneratedCorpus, generate
from lessons_kb.vocab import regions, sdg_goals

ENTRIES = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    return generate(tmp_path_factory.mktemp("kb") / "site", ENTRIES, seed=1)


@pytest.fixture(scope="module")
def loaded(corpus: GeneratedCorpus) -> LoadResult:
    return check(corpus.root)


def check(root: Path) -> LoadResult:
    """The base checked as `lessons-kb check` does: with the choices of its mkdocs.yml."""
    options = load_settings(str(root / "mkdocs.yml")).checks
    return load_knowledge_base(root / "content", root, options=options)


@pytest.fixture(scope="module")
def with_internal(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    return generate(tmp_path_factory.mktemp("kb") / "site", ENTRIES, seed=3, internal_share=0.1)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_a_generated_base_has_no_problems(loaded: LoadResult) -> None:
    assert [str(p) for p in loaded.errors] == []
    assert [str(p) for p in loaded.warnings] == []
    assert len(loaded.kb.entries) == ENTRIES


def test_the_site_files_are_written(corpus: GeneratedCorpus) -> None:
    config = (corpus.root / "mkdocs.yml").read_text("utf-8")
    assert "font: false" in config and "lessons-kb" in config and "- search" in config
    assert not re.search(r"^nav:", config, re.M)
    assert "<!-- lessons-kb:glance -->" in (corpus.root / "docs/index.md").read_text("utf-8")
    for name in ("themes", "organisations", "projects"):
        assert (corpus.root / f"content/taxonomies/{name}.yml").is_file()


def test_proportions_and_every_lesson_status(corpus: GeneratedCorpus, loaded: LoadResult) -> None:
    kb = loaded.kb
    counts = Counter(e.kind for e in kb.entries.values())
    assert counts == {"mission": 20, "finding": 100, "lesson": 80}
    assert (corpus.missions, corpus.findings, corpus.lessons) == (20, 100, 80)
    statuses = Counter(e.status for e in kb.entries.values() if e.kind == "lesson")
    assert set(statuses) == set(LESSON_STATUSES)
    assert statuses == Counter(corpus.lesson_statuses)
    assert {e.status for e in kb.entries.values() if e.kind == "mission"} == {
        "planned",
        "completed",
        "reported",
    }
    assert {e.status for e in kb.entries.values() if e.kind == "finding"} == {"draft", "verified"}


def test_lengths_are_realistic(loaded: LoadResult) -> None:
    for entry in loaded.kb.entries.values():
        assert 6 <= len(entry.title.split()) <= 14, entry.title
        sentences = re.findall(r"[.!?](?=\s+[A-Z]|$)", entry.summary)
        assert 1 <= len(sentences) <= 3, entry.summary
        sections = re.split(r"^## .*$", entry.body, flags=re.M)[1:]
        for text in sections[:2]:  # the prose sections have paragraphs
            assert len([p for p in text.split("\n\n") if p.strip()]) >= 2


def test_vocabularies_are_exercised(loaded: LoadResult) -> None:
    entries = list(loaded.kb.entries.values())
    vocabulary = loaded.kb.vocabulary
    assert len({c for e in entries for c in e.countries}) >= 20
    codes = {c for e in entries for c in e.sdgs}
    assert any("." in c for c in codes) and codes & set(sdg_goals())
    assert {g.split(".")[0] for g in codes} == set(sdg_goals())
    assert {t for e in entries for t in e.themes} == set(vocabulary.themes)
    organisations = {o for e in entries for o in (*e.organisations, *e.strings("organisers"))}
    assert len(organisations) >= 20 and organisations <= set(vocabulary.organisations)
    assert {e.data["project"] for e in entries if e.kind == "mission"} <= set(vocabulary.projects)
    places = {p for e in entries for p in e.strings("applies_to")}
    assert places & set(regions()) and places - set(regions())


def test_cross_references_are_exercised(loaded: LoadResult) -> None:
    kb = loaded.kb
    lessons = kb.of_kind("lesson")
    assert sum(bool(e.strings("findings")) for e in lessons) > len(lessons) / 2
    assert any(e.strings("related") for e in lessons)
    assert any(e.strings("related") for e in kb.of_kind("mission"))
    for lesson in lessons:
        if lesson.status == "learned":
            assert lesson.strings("applied_in") and lesson.data["evidence_of_effectiveness"]
        if lesson.status in ("validated", "actioned", "learned"):
            assert lesson.data["validated_by"] and lesson.data["validated_on"]
        if lesson.status == "superseded":
            successor = kb.get(lesson.data["superseded_by"])
            assert successor is not None and successor.status != "superseded"
    links = [link for e in kb.entries.values() for link in wikilinks(e.body)]
    assert len(links) >= ENTRIES and any(link.text for link in links)
    assert all(kb.get(link.target) for link in links)


def test_future_dates_stay_far_in_the_future(loaded: LoadResult) -> None:
    for entry in loaded.kb.of_kind("lesson"):
        assert dt.date.fromisoformat(entry.data["review_due"]) >= dt.date(2090, 1, 1)
        for recommendation in entry.recommendations:
            assert dt.date.fromisoformat(recommendation["due"]).year >= 2090


def test_internal_entries_only_on_request(
    loaded: LoadResult, with_internal: GeneratedCorpus
) -> None:
    assert all(e.is_public for e in loaded.kb.entries.values())
    result = check(with_internal.root)
    assert [str(p) for p in result.problems] == []
    internal = [e for e in result.kb.entries.values() if not e.is_public]
    assert len(internal) == with_internal.internal
    assert 0.05 * ENTRIES <= len(internal) <= 0.2 * ENTRIES
    assert {e.kind for e in internal} == {"mission", "finding", "lesson"}


def test_same_seed_same_bytes_other_seed_other_bytes(
    tmp_path: Path, corpus: GeneratedCorpus
) -> None:
    again = generate(tmp_path / "again", ENTRIES, seed=1)
    other = generate(tmp_path / "other", ENTRIES, seed=2)
    first = _tree(corpus.root)
    assert _tree(again.root) == first
    different = _tree(other.root)
    assert different != first
    assert different.keys() != first.keys()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kb"
    assert main(["synthetic", "--entries", "30", "--seed", "5", "--out", str(out)]) == 0
    assert "30 entries" in capsys.readouterr().out
    assert check(out).problems == []
    assert main(["synthetic", "--entries", "30", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["synthetic", "--entries", "2", "--out", str(tmp_path / "small")]) == 2
    assert "at least 3" in capsys.readouterr().err


@pytest.mark.parametrize("entries", [3, 7, 12])
def test_small_bases_are_valid(tmp_path: Path, entries: int) -> None:
    corpus = generate(tmp_path / "kb", entries, seed=entries)
    assert corpus.total == entries
    assert check(corpus.root).problems == []


@pytest.mark.slow
def test_a_generated_base_builds_strictly(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "kb", 100, seed=4, internal_share=0.05)
    project = Project(corpus.root)
    result = project.build("--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    public = 100 - corpus.internal
    pages = [
        p
        for folder in ("missions", "findings", "lessons")
        for p in project.site(folder).glob("*/index.html")
    ]
    assert len(pages) == public
    assert (project.site("browse/catalog.json")).is_file()
