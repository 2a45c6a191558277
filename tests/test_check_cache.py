"""A preview's check reads again only the files saved since the last one, and finds
exactly what a check from scratch finds."""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import pytest
from lessons_kb.checks.cache import CheckCache
from lessons_kb.checks.neighbours import KEEP, Neighbourhood
from lessons_kb.checks.run import LoadResult, cycle_collection_paused, load_knowledge_base
from lessons_kb.checks.similar import SHOWN_FROM, lesson_text
from lessons_kb.engines.registry import ENGINES
from lessons_kb.engines.run import Preview
from lessons_kb.engines.site import Site
from lessons_kb.synthetic.generate import generate

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return generate(tmp_path / "kb", 60, seed=5).root


def _check(root: Path, cache: CheckCache | None) -> LoadResult:
    return load_knowledge_base(root / "content", root=root, today=TODAY, cache=cache)


def _as_from_scratch(root: Path, cache: CheckCache) -> LoadResult:
    cached, fresh = _check(root, cache), _check(root, None)
    assert cached.problems == fresh.problems
    assert {e.id: (e.data, e.body) for e in cached.kb.entries.values()} == {
        e.id: (e.data, e.body) for e in fresh.kb.entries.values()
    }
    return cached


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    # Some file systems keep whole seconds: make the save visible whatever the clock.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_preview_collects_garbage_again_between_checks(base: Path) -> None:
    """The load pauses the cyclic collector; a long-running preview gets it back after
    each check (one that finds errors, or one that stops on an exception), and a caller
    that had paused it keeps it paused."""
    assert gc.isenabled()
    broken = sorted((base / "content" / "lessons").glob("*.md"))[0]
    _save(broken, "title: ", "title: [")  # an error is reported, not raised
    assert _check(base, CheckCache()).problems
    assert gc.isenabled()
    with pytest.raises(KeyboardInterrupt), cycle_collection_paused():
        raise KeyboardInterrupt  # an editor stopping the preview mid-check
    assert gc.isenabled()
    gc.disable()
    try:
        _check(base, None)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_saved_files_are_read_again(base: Path) -> None:
    cache = CheckCache()
    first = _as_from_scratch(base, cache)
    files = len(first.kb.entries)
    assert cache.reused == 0
    _as_from_scratch(base, cache)
    assert cache.reused == files

    lesson = sorted((base / "content" / "lessons").glob("*.md"))[0]
    _save(lesson, "title: ", "title: Edited ")
    after = _as_from_scratch(base, cache)
    assert cache.reused == files - 1
    assert any(e.title.startswith("Edited ") for e in after.kb.entries.values())


def test_a_broken_save_is_reported_and_a_fix_clears_it(base: Path) -> None:
    cache = CheckCache()
    assert not _as_from_scratch(base, cache).errors
    lesson = sorted((base / "content" / "lessons").glob("*.md"))[0]
    _save(lesson, "status: ", "status: nonsense-")
    broken = _as_from_scratch(base, cache)
    assert [p.file for p in broken.errors] == [lesson.relative_to(base).as_posix()]
    _save(lesson, "status: nonsense-", "status: ")
    assert not _as_from_scratch(base, cache).errors


def test_a_taxonomy_change_checks_every_file_again(base: Path) -> None:
    cache = CheckCache()
    _as_from_scratch(base, cache)
    themes = base / "content" / "taxonomies" / "themes.yml"
    used = next(
        e.strings("themes")[0]
        for e in _check(base, None).kb.entries.values()
        if e.strings("themes")
    )
    _save(themes, f"{used}:", f"{used}-renamed:")
    after = _as_from_scratch(base, cache)
    assert cache.reused == 0
    assert any(used in p.message for p in after.errors)


def test_removed_and_added_files(base: Path) -> None:
    cache = CheckCache()
    first = _as_from_scratch(base, cache)
    lessons = sorted((base / "content" / "lessons").glob("*.md"))
    lessons[0].rename(lessons[0].with_name("a-new-lesson-id.md"))
    after = _as_from_scratch(base, cache)
    assert "a-new-lesson-id" in after.kb.entries
    assert lessons[0].stem not in after.kb.entries
    assert len(after.kb.entries) == len(first.kb.entries)
    assert str(lessons[0]) not in cache.results


def _brute_force(hood: Neighbourhood) -> dict[str, list[tuple[str, float]]]:
    """Every lesson's neighbours scored pair by pair with the neighbourhood's own vectors."""
    found = {}
    for lesson, mine in hood.vectors.items():
        row = []
        for other, theirs in hood.vectors.items():
            score = min(1.0, sum(w * theirs.get(word, 0.0) for word, w in mine.items()))
            if other != lesson and score >= SHOWN_FROM:
                row.append((other, round(score, 9)))
        found[lesson] = sorted(row, key=lambda pair: (-pair[1], pair[0]))[:KEEP]
    return found


def _rows(hood: Neighbourhood) -> dict[str, list[tuple[str, float]]]:
    """The neighbourhood's rows, scores rounded (sums in another order differ in the last
    bits, which may swap two lessons that score the same)."""
    return {
        lesson: sorted(((n.id, round(n.score, 9)) for n in row), key=lambda p: (-p[1], p[0]))
        for lesson, row in hood.found.items()
    }


def test_neighbours_after_edits_are_those_of_a_pair_by_pair_pass(tmp_path: Path) -> None:
    root = generate(tmp_path / "kb", 150, seed=11).root
    kb = _check(root, None).kb
    texts = {e.id: lesson_text(e) for e in kb.of_kind("lesson")}
    hood = Neighbourhood(texts)
    assert _rows(hood) == _brute_force(hood)  # the one-pass index finds what pairs find

    ids = sorted(texts)
    edited, removed, copied = ids[0], ids[1], ids[2]
    mixed = texts[copied] + texts[copied] + texts[ids[6]]
    hood.update({edited: "open data portal licences", "a-copy": mixed}, removed={removed})
    after = _rows(hood)
    assert removed not in after and all(removed not in dict(row) for row in after.values())
    assert after["a-copy"][0][0] == copied and after[copied][0][0] == "a-copy"
    assert after == _brute_force(hood)


def test_a_preview_prints_the_saved_files_warnings_and_counts_the_rest(tmp_path: Path) -> None:
    root = generate(tmp_path / "kb", 40, seed=7).root
    lessons = sorted((root / "content" / "lessons").glob("*.md"))
    for lesson in lessons[:2]:  # a vague phrase: a warning in each of the two files
        _save(lesson, "summary: ", "summary: As appropriate, ")
    printed: list[str] = []
    site = Site.load(str(root / "mkdocs.yml"))
    preview = Preview(site, ENGINES["mkdocs"], printed.append)
    preview.refresh(None)
    first = "\n".join(printed)
    names = [lesson.relative_to(root).as_posix() for lesson in lessons[:2]]
    assert all(name in first for name in names)

    printed.clear()
    _save(lessons[0], "title: ", "title: Edited ")
    preview.refresh({lessons[0]})
    after = "\n".join(printed)
    assert names[0] in after and names[1] not in after
    assert "1 warning(s) in files not saved just now: `lessons-kb check` lists them." in after
