"""Staging again after an edit renders only the pages the edit touched, and those pages come
out exactly as a full stage would write them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lessons_kb.checks.run import build_date, load_knowledge_base
from lessons_kb.engines.site import Site
from lessons_kb.site.restage import restage
from lessons_kb.site.stage import Stager, stage_site
from lessons_kb.synthetic.generate import generate


@pytest.fixture
def base(tmp_path: Path) -> Path:
    corpus = generate(tmp_path / "kb", 80, seed=3)
    return corpus.root


def _stager(root: Path) -> Stager:
    site = Site.load(str(root / "mkdocs.yml"))
    result = load_knowledge_base(site.settings.content_dir, root=root)
    assert not result.errors
    stager = Stager(result.kb, site.stage_options(build_date()))
    stager.render(stager.staged.pages)
    return stager


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text
    path.write_text(changed, "utf-8")


def _same_as_a_full_stage(old: Stager, root: Path, ids: set[str]) -> set[str]:
    site = Site.load(str(root / "mkdocs.yml"))
    kb = load_knowledge_base(site.settings.content_dir, root=root).kb
    new, touched = restage(old, kb, ids)
    full = stage_site(kb, site.stage_options(build_date()))
    assert new.staged.files.keys() == full.files.keys()
    different = [src for src in full.files if new.staged.files[src] != full.files[src]]
    assert different == []
    return touched


def test_a_new_title_is_everywhere_the_entry_is_listed(base: Path) -> None:
    old = _stager(base)
    lesson = sorted((base / "content/lessons").glob("*.md"))[0]
    _edit(lesson, r"^title: .*$", "title: A title given while previewing")
    touched = _same_as_a_full_stage(old, base, {lesson.stem})
    assert f"lessons/{lesson.stem}.md" in touched
    assert len(touched) < len(old.staged.pages) / 2


def test_new_terms_and_a_removed_entry(base: Path) -> None:
    old = _stager(base)
    lessons = sorted((base / "content/lessons").glob("*.md"))
    _edit(lessons[1], r"^countries:\n(?:- .*\n)+", "countries: [JAM]\n")
    texts = "".join(p.read_text() for p in (base / "content").rglob("*.md"))
    unnamed = next(p for p in lessons[2:] if texts.count(p.stem) == 0)
    unnamed.unlink()
    _same_as_a_full_stage(old, base, {lessons[1].stem, unnamed.stem})


def test_an_edited_finding_updates_its_mission_and_lessons(base: Path) -> None:
    old = _stager(base)
    finding = sorted((base / "content/missions").glob("*/findings/*.md"))[0]
    _edit(finding, r"^title: .*$", "title: A finding renamed while previewing")
    _same_as_a_full_stage(old, base, {finding.stem})


def test_an_edited_site_template_is_used_at_the_next_stage(base: Path, tmp_path: Path) -> None:
    """Renderers share compiled templates; a site's template edited between two stages
    (as in a preview) is compiled again, not served from that store."""
    templates = tmp_path / "templates"
    templates.mkdir()
    site = Site.load(str(base / "mkdocs.yml"))
    kb = load_knowledge_base(site.settings.content_dir, root=base).kb
    options = replace(site.stage_options(build_date()), templates_dir=templates)
    lesson = next(e.src_uri for e in kb.of_kind("lesson") if e.is_public)
    for text in ("<p>Panel, first version</p>", "<p>Panel, second version</p>"):
        (templates / "lesson_panel.html").write_text(text, "utf-8")
        stager = Stager(kb, options)
        stager.render([lesson])
        page = stager.staged.files[lesson].decode("utf-8")
        assert text in page
