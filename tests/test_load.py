"""The loader: discovering entries, reading bytes, splitting front matter, YAML with marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from helpers import Project, finding_md, lesson_md, mission_md
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.problems import Problem
from lessons_kb.source.load import discover, read_text, split_front_matter
from lessons_kb.source.yamlnodes import Mark, format_path, load_marked

TODAY = dt.date(2025, 1, 1)


def load(project: Project) -> list[Problem]:
    return load_knowledge_base(project.content, project.root, today=TODAY).problems


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


# --- Splitting front matter from body -------------------------------------------------


def test_split_gives_front_matter_body_and_the_line_the_body_starts_on() -> None:
    text = "---\ntitle: A\nstatus: draft\n---\n\n## Observation\n"
    assert split_front_matter(text, "x.md") == ("title: A\nstatus: draft", "\n## Observation\n", 5)


def test_split_accepts_yaml_document_end_marker() -> None:
    assert split_front_matter("---\na: 1\n...\nbody", "x.md") == ("a: 1", "body", 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ("title: A\n---\nbody\n", "the file has no front matter"),
        ("---\ntitle: A\n\n## Body\n", "the front matter is not closed"),
    ],
)
def test_split_problems_are_reported_on_line_one(text: str, message: str) -> None:
    problem = split_front_matter(text, "content/lessons/x.md")
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.message) == ("content/lessons/x.md", 1, message)
    assert problem.hint


# --- Reading bytes: BOM, line ends, encodings ----------------------------------------------


def test_read_text_drops_bom_and_normalises_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\nold: mac\r---\r\n")
    text, problems = read_text(str(path), "x.md")
    assert problems == []
    assert text == "---\ntitle: A\nold: mac\n---\n"


def test_read_text_reports_bytes_that_are_not_utf8_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    text, problems = read_text(str(path), "content/lessons/x.md")
    assert text is None
    [problem] = problems
    assert (problem.file, problem.line) == ("content/lessons/x.md", 2)
    assert "0xe9 is not valid UTF-8" in problem.message
    assert problem.hint == "save the file as UTF-8 in your editor"


def test_entry_with_bom_and_crlf_loads_and_reports_true_line_numbers(project: Project) -> None:
    path = project.lesson(countires=["LCA"])
    line = line_of(path, "countires:")
    data = path.read_text("utf-8").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + data)
    result = load_knowledge_base(project.content, project.root, today=TODAY)
    assert result.kb.get("pair-assessments") is not None
    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == (
        "content/lessons/pair-assessments.md",
        line,
        1,
    )
    assert problem.message == "unknown field `countires`"


def test_entry_that_is_not_utf8_is_a_problem_not_a_crash(project: Project) -> None:
    path = project.lesson()
    line = line_of(path, "title: Pair assessments")
    path.write_bytes(path.read_bytes().replace(b"Pair assessments", b"Pair \xff assessments"))
    [problem] = load(project)
    assert problem.file == "content/lessons/pair-assessments.md"
    assert problem.line == line
    assert "not valid UTF-8" in problem.message


# --- YAML with marks --------------------------------------------------------------------

FRONT = """\
title: A title
countries:
  - LCA
  - BHS
recommendations:
  - text: Do it.
    owner: un-desa
date: 2024-08-06
"""


def test_marks_give_line_and_column_of_keys_values_and_items() -> None:
    marked = load_marked(FRONT, line_offset=1)  # the front matter starts on line 2
    assert marked.errors == []
    assert marked.keys[("title",)] == Mark(2, 1)
    assert marked.mark(("title",)) == Mark(2, 8)
    assert marked.keys[("countries",)] == Mark(3, 1)
    assert marked.mark(("countries", 0)) == Mark(4, 5)
    assert marked.mark(("countries", 1)) == Mark(5, 5)
    assert marked.keys[("recommendations", 0, "owner")] == Mark(8, 5)
    assert marked.mark(("recommendations", 0, "owner")) == Mark(8, 12)


def test_mark_falls_back_to_the_nearest_enclosing_value() -> None:
    marked = load_marked(FRONT)
    assert marked.mark(("recommendations", 0, "due")) == marked.mark(("recommendations", 0))
    assert marked.key_mark(("countries", 1)) == Mark(4, 5)


def test_marks_stay_right_once_the_tree_is_forgotten(monkeypatch) -> None:
    kept = load_marked(FRONT, line_offset=1, keep_tree=True)
    expected = {
        path: (kept.mark(path), kept.key_mark(path))
        for path in [("title",), ("countries",), ("countries", 1), ("recommendations", 0, "owner")]
    }
    kept.forget_tree()
    composed: list[str] = []
    real_compose = yaml.compose

    def counted(*args, **kwargs):
        composed.append("")
        return real_compose(*args, **kwargs)

    monkeypatch.setattr(yaml, "compose", counted)
    # A top-level field's mark is known without reading the YAML again...
    assert (kept.mark(("title",)), kept.key_mark(("title",))) == expected[("title",)]
    assert kept.mark(("countries",)) == expected[("countries",)][0]
    assert composed == []
    # ...and a deeper one composes the tree again, to the same place.
    assert kept.mark(("countries", 1)) == expected[("countries", 1)][0]
    assert kept.key_mark(("recommendations", 0, "owner")) == expected[
        ("recommendations", 0, "owner")
    ][1]
    assert composed == [""]


def test_a_key_given_twice_is_marked_at_its_first_once_the_tree_is_forgotten() -> None:
    marked = load_marked("title: First\nstatus: draft\ntitle: Second\n", keep_tree=True)
    marked.forget_tree()
    assert marked.key_mark(("title",)) == Mark(1, 1)


def test_dates_stay_the_text_the_editor_wrote() -> None:
    marked = load_marked("date: 2024-08-06\nstart: 2024-02-30\n")
    assert marked.data == {"date": "2024-08-06", "start": "2024-02-30"}


def test_format_path_names_nested_fields() -> None:
    assert format_path(("recommendations", 0, "owner")) == "recommendations[0].owner"
    assert format_path(("countries", 2)) == "countries[2]"
    assert format_path(()) == ""


def test_duplicate_key_is_reported_at_its_second_line_and_the_first_kept() -> None:
    marked = load_marked("title: First\nstatus: draft\ntitle: Second\n", line_offset=1)
    assert marked.data == {"title": "First", "status": "draft"}
    [error] = marked.errors
    assert error.message == "`title` is given twice (first on line 2)"
    assert error.mark == Mark(4, 1)
    assert error.path == ("title",)


def test_python_object_tags_are_refused() -> None:
    marked = load_marked("title: A\nrun: !!python/object/apply:os.system ['echo hacked']\n")
    assert marked.data == {"title": "A", "run": None}
    [error] = marked.errors
    assert "python/object/apply:os.system" in error.message
    assert "is not allowed" in error.message
    assert (error.mark, error.path) == (Mark(2, 6), ("run",))


def test_custom_tags_on_mappings_are_refused() -> None:
    marked = load_marked("thing: !!python/object:os.Foo {a: 1}\n")
    [error] = marked.errors
    assert "is not allowed" in error.message
    assert marked.data == {"thing": None}


def test_aliases_are_refused_at_the_field_that_uses_them() -> None:
    marked = load_marked("a: &x [1, 2]\nb: *x\n", line_offset=1)
    assert marked.data["b"] is None
    [error] = marked.errors
    assert error.message.startswith("anchors and aliases")
    assert error.path == ("b",)
    assert error.mark is not None and error.mark.line == 3


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    marked = load_marked("\n".join(lines))
    assert marked.errors
    assert all("aliases" in e.message for e in marked.errors)


def test_merge_keys_are_refused() -> None:
    marked = load_marked("base: {a: 1}\nmore:\n  <<: {a: 1}\n  b: 2\n")
    assert any("merge keys" in e.message for e in marked.errors)


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ("title: [unclosed\nstatus: draft\n", 2, "end it with `]`: `title: [unclosed]`"),
        ("title: Lessons: what we learned\n", 2, 'quotes: `title: "Lessons: what we learned"`'),
        ("title: A\n\tstatus: draft\n", 3, "replace the tab with spaces"),
    ],
)
def test_yaml_syntax_errors_carry_a_line_and_a_hint(text: str, line: int, hint: str) -> None:
    marked = load_marked(text, line_offset=1)
    [error] = marked.errors
    assert error.mark is not None and error.mark.line == line
    assert error.hint is not None and hint in error.hint


# --- Entries as the loader reads them ----------------------------------------------------


def test_bad_yaml_in_an_entry_is_one_problem_with_its_line(project: Project) -> None:
    path = project.lesson()
    text = path.read_text("utf-8").replace("polarity: improve", "polarity: [improve")
    path.write_text(text, "utf-8")
    problems = load(project)
    [problem] = problems
    assert problem.file == "content/lessons/pair-assessments.md"
    assert problem.message == "the list that starts with `[` on this line is not closed with `]`"
    assert problem.line == line_of(path, "polarity: [improve")
    assert problem.hint


def test_front_matter_that_is_not_a_mapping_is_a_problem(project: Project) -> None:
    project.write("content/lessons/pair-assessments.md", "---\n- a\n- b\n---\n\n## Context\n")
    [problem] = load(project)
    assert problem.file == "content/lessons/pair-assessments.md"
    assert problem.line == 2
    assert problem.message == "the front matter is not a list of fields"


def test_duplicate_key_in_an_entry_is_reported_with_its_line(project: Project) -> None:
    path = project.finding()
    text = path.read_text("utf-8").replace("kind: gap\n", "kind: gap\nkind: risk\n")
    path.write_text(text, "utf-8")
    [problem] = load(project)
    assert problem.file == "content/missions/lca-2024/findings/skills-gap.md"
    assert problem.line == line_of(path, "kind: risk")
    assert problem.field == "kind"
    assert "given twice" in problem.message


def test_python_tag_in_an_entry_is_refused_and_nothing_runs(
    project: Project, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    path = project.mission()
    text = path.read_text("utf-8").replace(
        "location:", f"location: !!python/object/apply:os.system ['touch {marker}']\nx_location:"
    )
    path.write_text(text, "utf-8")
    problems = load(project)
    assert not marker.exists()
    tagged = [p for p in problems if "is not allowed" in p.message]
    assert [(p.file, p.line, p.field) for p in tagged] == [
        ("content/missions/lca-2024/index.md", line_of(path, "!!python"), "location")
    ]


# --- Discovery ------------------------------------------------------------------------------


def test_discover_classifies_missions_findings_and_lessons(project: Project) -> None:
    found, problems = discover(project.content, project.root)
    assert problems == []
    assert [(s.kind, s.id, s.mission_id, s.rel_path) for s in found] == [
        ("lesson", "pair-assessments", None, "content/lessons/pair-assessments.md"),
        ("mission", "lca-2024", None, "content/missions/lca-2024/index.md"),
        ("finding", "skills-gap", "lca-2024", "content/missions/lca-2024/findings/skills-gap.md"),
    ]


def test_markdown_outside_any_collection_is_reported(project: Project) -> None:
    project.write("content/notes.md", "# Notes\n")
    _, problems = discover(project.content, project.root)
    [problem] = problems
    assert problem.file == "content/notes.md"
    assert "belongs to no collection" in problem.message


def test_mission_folder_without_index_is_reported(project: Project) -> None:
    project.write("content/missions/gone/findings/orphan.md", finding_md())
    problems = load(project)
    assert [(p.file, p.message) for p in problems] == [
        (
            "content/missions/gone",
            "this mission folder has no index.md, so the mission and its findings are lost",
        ),
        (
            "content/missions/gone/findings/orphan.md",
            "the finding's folder names no mission `gone`",
        ),
    ]


def test_valid_project_loads_every_entry_without_problems(project: Project) -> None:
    project.write("content/missions/bhs-2025/index.md", mission_md(countries=["BHS"]))
    other = "Plan the follow-up of every mission before the mission ends."
    project.write("content/lessons/second.md", lesson_md(title="Plan follow-up", summary=other))
    result = load_knowledge_base(project.content, project.root, today=TODAY)
    assert result.problems == []
    assert sorted(result.kb.entries) == [
        "bhs-2025",
        "lca-2024",
        "pair-assessments",
        "second",
        "skills-gap",
    ]
    lesson = result.kb.entries["pair-assessments"]
    lines = (project.content / "lessons/pair-assessments.md").read_text("utf-8").split("\n")
    closing = lines.index("---", 1) + 1  # 1-based line of the closing `---`
    assert (lesson.kind, lesson.body_line) == ("lesson", closing + 1)
    assert lesson.body.startswith("\n## Context")
