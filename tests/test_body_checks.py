"""Body checks: mistakes in an entry's text that used to pass silently.

An indented paragraph that the site would show as code, tabs, an empty required section, a
heading close to a required one, a `validated_on` before the mission or still to come, and
links to sections or files that do not exist. Each is reported at its line of the entry's
own file, with a likely fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import Project, line_of
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.problems import Problem, Severity

TODAY = dt.date(2025, 1, 1)
LESSON = "content/lessons/pair-assessments.md"


def problems_of(project: Project) -> list[Problem]:
    return load_knowledge_base(project.content, project.root, today=TODAY).problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(f"{p.location()}: {p.sentence()}" for p in problems)
    return problems[0]


def with_body(project: Project, body: str, **fields: object) -> Path:
    path = project.lesson(**fields)
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("\n## Context")] + "\n" + body, "utf-8")
    return path


LESSON_BODY = """\
## Context

See [[skills-gap]].

## Lesson

Pair them.
"""


def test_a_paragraph_indented_by_four_spaces_would_show_as_code(project: Project) -> None:
    path = with_body(project, LESSON_BODY + "\n    An indented paragraph\n    of two lines.\n")
    problem = only(problems_of(project))
    assert (problem.file, problem.line) == (LESSON, line_of(path, "    An indented"))
    assert problem.severity is Severity.WARNING
    assert "so the site shows it as a grey block of code" in problem.message
    assert problem.hint is not None and "remove the spaces or tab" in problem.hint


def test_a_paragraph_indented_by_a_tab_would_show_as_code(project: Project) -> None:
    path = with_body(project, LESSON_BODY + "\n\tA paragraph after a tab.\n")
    problem = only(problems_of(project))
    assert problem.line == line_of(path, "\tA paragraph")
    assert "indented by four spaces or a tab" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "- a list item\n\n    its second paragraph, indented as Markdown wants\n",
        '!!! note "A note"\n\n    The note\'s text, indented as admonitions want.\n',
        "```\n    code in a fence stays code\n```\n",
        "1. first\n2. second\n\n    more about the second\n",
    ],
)
def test_indented_text_inside_lists_notes_and_fences_is_fine(project: Project, text: str) -> None:
    with_body(project, LESSON_BODY + "\n" + text)
    assert problems_of(project) == []


def test_a_line_indented_with_a_tab_is_a_warning(project: Project) -> None:
    path = with_body(project, LESSON_BODY + "\n- a list item\n\t- a nested item after a tab\n")
    problem = only(problems_of(project))
    assert problem.line == line_of(path, "\t- a nested")
    assert problem.message == "this line is indented with a tab"
    assert problem.severity is Severity.WARNING


def test_an_empty_required_section_is_an_error(project: Project) -> None:
    path = with_body(project, "## Context\n\nSee [[skills-gap]].\n\n## Lesson\n\n")
    problem = only(problems_of(project))
    assert (problem.line, problem.message) == (
        line_of(path, "## Lesson"),
        "the `## Lesson` section is empty",
    )
    assert problem.severity is Severity.ERROR


def test_a_section_holding_only_subsections_is_not_empty(project: Project) -> None:
    with_body(project, "## Context\n\nSee [[skills-gap]].\n\n## Lesson\n\n### In short\n\nPair.\n")
    assert problems_of(project) == []


@pytest.mark.parametrize(
    "heading", ["## Lessons learned", "## Lessons", "### Lesson", "# Lesson", "## Leson"]
)
def test_a_heading_close_to_a_required_one_is_named(project: Project, heading: str) -> None:
    path = with_body(project, f"## Context\n\nSee [[skills-gap]].\n\n{heading}\n\nPair them.\n")
    found = [p for p in problems_of(project) if p.severity is Severity.ERROR]
    problem = only(found)
    assert problem.line == line_of(path, heading)
    assert problem.message == (
        f"the body has no `## Lesson` section; `{heading}` is close to it"
    )
    assert problem.hint == "did you mean `## Lesson`? Rename the heading to `## Lesson`"


def test_a_missing_section_with_nothing_close_is_reported_at_the_body(project: Project) -> None:
    path = with_body(project, "## Context\n\nSee [[skills-gap]].\n\n## Background\n\nText.\n")
    problem = only(problems_of(project))
    assert problem.message == "the body has no `## Lesson` section"
    closing = path.read_text("utf-8").split("\n").index("---", 1) + 1
    assert problem.line == closing + 1


# --- Dates ----------------------------------------------------------------------------------


def test_validated_on_before_the_mission_is_an_error(project: Project) -> None:
    path = project.lesson(status="validated", validated_by="Board", validated_on="2020-05-01")
    problem = only(problems_of(project))
    assert (problem.file, problem.line) == (LESSON, line_of(path, "validated_on:"))
    assert problem.message == (
        "the lesson is validated on 2020-05-01, before its mission `lca-2024` started on "
        "2024-08-06"
    )


def test_validated_on_in_the_future_is_an_error(project: Project) -> None:
    path = project.lesson(status="validated", validated_by="Board", validated_on="2030-05-01")
    problem = only(problems_of(project))
    assert problem.line == line_of(path, "validated_on:")
    assert problem.message == "the lesson is validated on 2030-05-01, a day still to come"
    assert problem.severity is Severity.ERROR


def test_validated_on_after_the_mission_and_before_today_is_fine(project: Project) -> None:
    project.lesson(status="validated", validated_by="Board", validated_on="2024-09-01")
    assert problems_of(project) == []


# --- Links to sections --------------------------------------------------------------------


def test_a_link_to_a_section_this_entry_lacks_is_an_error(project: Project) -> None:
    body = LESSON_BODY + "\nAs said [above](#contxt), and [here](#lesson).\n"
    path = with_body(project, body)
    problem = only(problems_of(project))
    assert problem.line == line_of(path, "[above](#contxt)")
    assert problem.message == "the link `#contxt` points to a section this entry does not have"
    assert problem.hint is not None and "did you mean `context`?" in problem.hint


def test_a_link_to_a_section_of_another_entry_is_checked(project: Project) -> None:
    body = LESSON_BODY + "\nSee [its discussion](../findings/skills-gap.md#discusion).\n"
    path = with_body(project, body)
    problem = only(problems_of(project))
    assert problem.line == line_of(path, "[its discussion]")
    assert problem.message == (
        "the link `../findings/skills-gap.md#discusion` points to a section `#discusion` that "
        "its page does not have"
    )
    assert problem.hint is not None and "`discussion`" in problem.hint
