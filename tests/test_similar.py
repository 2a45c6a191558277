"""Similar lessons: the computation, the lesson page's list, and `lessons-kb new`'s warning."""

from __future__ import annotations

import datetime as dt
import math
import random
import subprocess
import sys
from pathlib import Path

from helpers import Project, lesson_md
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.checks.similar import (
    SAME_LESSON,
    SimilarityIndex,
    similar_lessons,
    text_similarity,
    words,
)
from lessons_kb.site.render import Renderer

TODAY = dt.date(2025, 1, 1)
LESSONS_KB = Path(sys.executable).parent / "lessons-kb"


def test_words_drop_common_words_and_endings() -> None:
    assert words("The missions agreed on focal points") == ["mission", "agre", "focal", "point"]
    assert words("Missions") == words("mission")


def test_the_same_text_is_one_and_unrelated_texts_are_apart() -> None:
    index = SimilarityIndex(
        {
            "a": "Agree focal points during the scoping mission",
            "b": "Agree focal points during the scoping mission",
            "c": "Publish open data on procurement contracts",
        }
    )
    found = index.neighbours(keep=5, floor=0.0)
    assert [(n.id, n.percent) for n in found["a"]] == [("b", 100)]
    assert found["c"] == []
    assert text_similarity("focal points", "budget lines") == 0.0


def _vectors_cosine(index: SimilarityIndex, a: int, b: int) -> float:
    first, second = index.vectors[a], index.vectors[b]
    return sum(weight * second.get(word, 0.0) for word, weight in first.items())


def _word(stem: str, number: int) -> str:
    """A made-up word of letters only (`words` keeps letters): `rareqb`."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if number == 0:
            return stem + "q" + letters


def test_the_pass_over_the_index_finds_what_comparing_every_pair_finds() -> None:
    """Words most texts use are left out of the index (not out of the scores): every pair
    that also shares a rarer word, as near copies do, is found with its exact cosine."""
    rng = random.Random(7)
    common = [_word("every", i) for i in range(40)]
    rare = [_word("rare", i) for i in range(3000)]
    weights = [1 / (rank + 1) for rank in range(len(common))]
    texts = {}
    for number in range(300):
        chosen = rng.choices(common, weights, k=20) + rng.sample(rare, 10)
        texts[f"t{number}"] = " ".join(chosen)
        if number % 10 == 0:  # a near copy
            texts[f"copy{number}"] = " ".join(chosen[:-1] + rng.sample(rare, 1))
    index = SimilarityIndex(texts)
    assert index.common, "the test needs words common enough to be left out of the index"
    found = index.neighbours(keep=len(texts), floor=SAME_LESSON)
    ids = index.ids
    for a, text_id in enumerate(ids):
        rarer = set(index.vectors[a]) - index.common
        expected = {
            ids[b]
            for b in range(len(ids))
            if b != a
            and rarer & set(index.vectors[b])
            and _vectors_cosine(index, a, b) >= SAME_LESSON
        }
        assert {n.id for n in found[text_id]} == expected
        for neighbour in found[text_id]:
            exact = _vectors_cosine(index, a, ids.index(neighbour.id))
            assert math.isclose(neighbour.score, min(1.0, exact), abs_tol=1e-9)
    for number in range(0, 300, 10):
        assert f"copy{number}" in {n.id for n in found[f"t{number}"]}


def _three_lessons(project: Project) -> None:
    project.lesson()
    project.write(
        "content/lessons/pair-assessments-and-skills.md",
        lesson_md(
            title="Pair capability assessments with work on mindsets and skills",
            summary="Pair each capability assessment with a programme on mindsets and skills.",
        ),
    )
    project.write(
        "content/lessons/publish-contracts.md",
        lesson_md(
            title="Publish procurement contracts as open data",
            summary="Publish every procurement contract as open data within a month.",
        ),
    )


def test_a_lesson_page_lists_similar_lessons_not_already_linked(project: Project) -> None:
    _three_lessons(project)
    kb = load_knowledge_base(project.content, project.root, today=TODAY).kb
    lesson = kb.entries["pair-assessments"]
    assert [e.id for e in similar_lessons(kb, lesson)] == ["pair-assessments-and-skills"]
    html = Renderer(kb, TODAY).relations(lesson, lambda src: src)
    assert '<h2 id="lkb-similar">Similar lessons</h2>' in html
    assert 'href="lessons/pair-assessments-and-skills.md"' in html
    assert "publish-contracts" not in html
    assert "Similar lessons" not in Renderer(kb, TODAY).relations(kb.entries["skills-gap"], str)


def test_a_lesson_already_linked_is_not_listed_again(project: Project) -> None:
    _three_lessons(project)
    path = project.content / "lessons/pair-assessments.md"
    path.write_text(
        path.read_text("utf-8").replace("sdgs:", "related: [pair-assessments-and-skills]\nsdgs:"),
        "utf-8",
    )
    kb = load_knowledge_base(project.content, project.root, today=TODAY).kb
    for lesson_id in ("pair-assessments", "pair-assessments-and-skills"):
        assert similar_lessons(kb, kb.entries[lesson_id]) == []


def test_internal_lessons_are_never_listed(project: Project) -> None:
    _three_lessons(project)
    path = project.content / "lessons/pair-assessments-and-skills.md"
    path.write_text(path.read_text("utf-8").replace("sdgs:", "sensitivity: internal\nsdgs:"))
    kb = load_knowledge_base(project.content, project.root, today=TODAY).kb
    assert similar_lessons(kb, kb.entries["pair-assessments"]) == []


def _new(project: Project, title: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LESSONS_KB), "new", "lesson", "--title", title, "--findings", "skills-gap"],
        cwd=project.root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_new_lesson_names_the_lessons_it_may_repeat(project: Project) -> None:
    _three_lessons(project)
    result = _new(project, "Pair every assessment with mindset work")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Created content/lessons/pair-every-assessment-with-mindset-work.md"
    assert lines[1].startswith("This may already exist: lessons like it")
    listed = [line for line in lines if "% similar" in line]
    assert listed[0].endswith(
        "similar  Pair assessments with mindset work  (content/lessons/pair-assessments.md)"
    )
    assert not any("procurement" in line for line in listed)


def test_new_lesson_on_a_new_subject_says_nothing_more(project: Project) -> None:
    _three_lessons(project)
    result = _new(project, "Translate the toolkit into Spanish and French")
    assert result.returncode == 0, result.stderr
    assert "may already exist" not in result.stdout
