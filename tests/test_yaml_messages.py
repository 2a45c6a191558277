"""YAML slips in plain words: each names the line to change, says what is wrong and shows the fix.

Every case plants one slip an editor makes in a front matter (an indentation slip under a
recommendation, a misaligned evidence item, a field indented by one space, a colon with
no space after it, …) into a small valid project, loads it as the build does, and asserts
the one problem reported: its line (the line that is wrong, not the one where the parser
gave up), its message and its fix.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Project, line_of
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.problems import Problem, format_text

TODAY = dt.date(2025, 1, 1)
BROKEN = "content/lessons/broken.md"
FINDING = "content/missions/lca-2024/findings/skills-gap.md"
LESSON_FRONT = """\
title: Ask for focal points before the mission
summary: Ask each target ministry to name a focal point before the mission starts.
date: 2024-08-07
status: identified
polarity: sustain
findings: [skills-gap]
recommendations:
  - text: Ask each ministry for a focal point when the mission is agreed.
    owner: un-desa
    due: 2030-03-31
countries: [LCA]
sdgs: ["16.6"]
"""
LESSON_BODY = """
## Context

The mission met six ministries ([[skills-gap]]).

## Lesson

Names agreed early save weeks of follow-up.
"""


def write(project: Project, rel: str, front: str, body: str = LESSON_BODY) -> Path:
    path = project.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}", "utf-8")
    return path


def problems_in(project: Project, rel: str) -> list[Problem]:
    problems = load_knowledge_base(project.content, project.root, today=TODAY).problems
    return [p for p in problems if p.file == rel]


def the_problem(project: Project, rel: str) -> Problem:
    found = problems_in(project, rel)
    assert len(found) == 1, "\n".join(f"{p.location()}: {p.sentence()}" for p in found)
    return found[0]


@dataclass(frozen=True)
class Slip:
    """A front matter with one slip, the line it is on, and what must be said."""

    front: str
    at: str
    """Text of the line that is wrong (its first occurrence)."""
    message: str
    hint: str
    field: str | None = None


def _lesson(old: str, new: str) -> str:
    assert old in LESSON_FRONT
    return LESSON_FRONT.replace(old, new, 1)


SLIPS = {
    # The slips an editor new to the knowledge base made, one at a time.
    "recommendation_field_indented_less": Slip(
        _lesson("    due: 2030-03-31", "   due: 2030-03-31"),
        "   due:",
        "this line is indented less than `owner` above it, so it is read neither as part of "
        "that item nor as a new field",
        "line `due:` up with `owner:` on line 10 (4 spaces from the margin)",
        "recommendations[0].due",
    ),
    "recommendation_field_indented_more": Slip(
        _lesson("    due: 2030-03-31", "     due: 2030-03-31"),
        "     due:",
        "this line is indented more than `owner` above it, so it is read as more of the text "
        "of `owner`, not as the field `due`",
        "remove 1 space before `due:` to line it up with `owner:` on the line above",
        "recommendations[0].due",
    ),
    "second_recommendation_misaligned": Slip(
        LESSON_FRONT.replace(
            "countries:", " - text: Publish the list.\n   owner: un-desa\ncountries:"
        ),
        " - text: Publish",
        "this item of `recommendations` is not lined up with the item above it (line 9): its "
        "`-` is in column 2, the other's in column 3",
        "move the `-` to column 3 (2 spaces from the margin)",
        "recommendations[1].text",
    ),
    "top_level_field_indented_by_one_space": Slip(
        _lesson("summary:", " summary:"),
        " summary:",
        "this line is indented more than `title` above it, so it is read as more of the text "
        "of `title`, not as the field `summary`",
        "remove 1 space before `summary:` to line it up with `title:` on the line above",
        "summary",
    ),
    "top_level_field_indented_by_one_space_after_a_list": Slip(
        _lesson('sdgs: ["16.6"]', ' sdgs: ["16.6"]'),
        " sdgs:",
        "this line is indented by 1 space, so it lines up with no field above it",
        "line `sdgs:` up with `countries:` on line 12 (at the margin)",
        "sdgs",
    ),
    "text_that_contains_colon_space": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            "title: Focal points: ask before the mission",
        ),
        "title: Focal",
        "the text of `title` contains `: `, which YAML reads as the start of another field",
        'put the whole text in quotes: `title: "Focal points: ask before the mission"`',
        "title",
    ),
    "list_item_that_contains_colon_space": Slip(
        _lesson("countries: [LCA]", "countries: [LCA]\naudience:\n  - Ministers: all of them: now"),
        "  - Ministers",
        "this item contains `: `, which YAML reads as the start of a field",
        'put the whole item in quotes: `- "Ministers: all of them: now"`',
        "audience[0]",
    ),
    "quote_never_closed": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            'title: "Ask for focal points before the mission',
        ),
        'title: "Ask',
        'the text of `title` starts with " but is never closed, so every line after it is '
        "read as the same text",
        'add " at the end of the text: `title: "Ask for focal points before the mission"`',
        "title",
    ),
    "apostrophe_inside_single_quotes": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            "title: 'Ask for each ministry's focal point'",
        ),
        "title: 'Ask",
        "the text of `title` starts with a quote, so it ends at the next ' and the rest of the "
        "line cannot be read",
        "write it as `title: \"Ask for each ministry's focal point\"`",
        "title",
    ),
    "text_after_a_closing_quote": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            'title: "Focal points" before the mission',
        ),
        'title: "Focal',
        "the text of `title` starts with a quote, so it ends at the next \" and the rest of the "
        "line cannot be read",
        "write it as `title: '\"Focal points\" before the mission'`",
        "title",
    ),
    "list_never_closed": Slip(
        _lesson("countries: [LCA]", "countries: [LCA, BHS"),
        "countries: [LCA, BHS",
        "the list that starts with `[` on this line is not closed with `]`",
        "end it with `]`: `countries: [LCA, BHS]`",
        "countries",
    ),
    "text_that_starts_with_a_bracket": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            "title: [Draft] Ask for focal points",
        ),
        "title: [Draft]",
        "the text of `title` starts with `[`, which YAML reads as the start of a list",
        'put the whole text in quotes: `title: "[Draft] Ask for focal points"`',
        "title",
    ),
    "indented_with_a_tab": Slip(
        _lesson("  - text: Ask each", "\t- text: Ask each"),
        "\t- text",
        "this line is indented with a tab, and YAML accepts only spaces there",
        "replace the tab with spaces",
    ),
    "text_that_starts_with_an_at_sign": Slip(
        _lesson("polarity: sustain", "polarity: sustain\naudience: [@ministries]"),
        "audience:",
        "a value that starts with `@` is read as a character YAML keeps for later use, not as "
        "text",
        'put the whole text in quotes: `audience: "[@ministries]"`',
        "audience",
    ),
    "text_that_starts_with_a_star": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            "title: *Always* ask for focal points",
        ),
        "title: *Always*",
        "a value that starts with `*` is read as a reference to another value (an alias), not "
        "as text",
        'put the whole text in quotes: `title: "*Always* ask for focal points"`',
        "title",
    ),
    "text_after_a_block_marker": Slip(
        _lesson(
            "summary: Ask each target ministry",
            "summary: |Ask each target ministry",
        ),
        "summary: |Ask",
        "after `|` (the start of a block of text) nothing may follow on the line",
        "move the text to the next line, indented by two more spaces",
        "summary",
    ),
    "list_on_the_line_of_its_field": Slip(
        _lesson("countries: [LCA]", "countries: - LCA"),
        "countries: - LCA",
        "a list cannot start on the same line as its field `countries`",
        "write `countries:` and, on the next line, `  - LCA`; or `countries: [LCA]`",
        "countries",
    ),
    "wrapped_text_not_indented": Slip(
        _lesson(
            "summary: Ask each target ministry to name a focal point before the mission starts.",
            "summary: Ask each target ministry to name a focal point\nbefore the mission starts",
        ),
        "before the mission starts",
        "this line has no `field:` at its start; if it continues the text of `summary` above "
        "it, it must be indented more than `summary`",
        "indent it by 2 more spaces to continue `summary`",
        "summary",
    ),
    "field_name_without_colon": Slip(
        _lesson("polarity: sustain", "polarity sustain"),
        "polarity sustain",
        "this line has no colon after its field name, so it runs into the line below",
        "write it as `polarity: sustain`",
    ),
    "list_line_without_a_dash": Slip(
        _lesson("countries: [LCA]", "applies_to:\n  - LCA\n  caribbean"),
        "  caribbean",
        "this line is in the list of `applies_to` but does not start with `- `",
        "write it as `- caribbean`, lined up with the `-` above",
    ),
    "backslash_inside_double_quotes": Slip(
        _lesson(
            "title: Ask for focal points before the mission",
            'title: "Keep drafts in C:\\drafts"',
        ),
        "title:",
        "`\\d` inside double quotes is read as a special character, and YAML knows no such one",
        "write `\\\\` for each backslash, or put the text in single quotes instead",
        "title",
    ),
    "line_that_starts_with_a_colon": Slip(
        _lesson("polarity: sustain", "polarity: sustain\n: improve"),
        ": improve",
        "this line starts with `:`, so it has no field name",
        "write the field's name before the colon",
    ),
}


@pytest.mark.parametrize("name", list(SLIPS))
def test_a_yaml_slip_is_told_at_its_line_in_plain_words(project: Project, name: str) -> None:
    slip = SLIPS[name]
    path = write(project, BROKEN, slip.front)
    problem = the_problem(project, BROKEN)
    assert problem.line == line_of(path, slip.at), problem
    assert problem.message == slip.message
    assert problem.hint is not None and slip.hint in problem.hint, problem.hint
    assert problem.field == slip.field
    for jargon in ("YAML syntax", "block collection", "indicator", "mapping values", "scalar"):
        assert jargon not in problem.sentence()


def test_a_colon_without_a_space_is_told_at_its_own_line_not_the_next(project: Project) -> None:
    """`location:"Georgetown…"` is noticed by the parser on the next line; the editor is
    sent to the line to change, with the line as it should be."""
    path = project.mission()
    text = path.read_text("utf-8").replace(
        "location: Castries, Saint Lucia", 'location:"Georgetown, Guyana"'
    )
    path.write_text(text, "utf-8")
    problem = the_problem(project, "content/missions/lca-2024/index.md")
    assert problem.line == line_of(path, 'location:"Georgetown')
    assert problem.message == (
        "there is no space after the colon of `location`, so this line is not read as a field"
    )
    assert problem.hint == 'write it as `location: "Georgetown, Guyana"`'
    assert problem.field == "location"


def test_a_misaligned_evidence_item_names_the_item_and_the_column(project: Project) -> None:
    evidence = (
        "evidence:\n  - kind: document\n    source: The concept note\n"
        "   - kind: interview\n     source: The permanent secretary\n"
    )
    path = project.finding()
    path.write_text(path.read_text("utf-8").replace("kind: gap\n", "kind: gap\n" + evidence, 1))
    problem = the_problem(project, FINDING)
    assert problem.line == line_of(path, "   - kind: interview")
    assert problem.message == (
        "this item of `evidence` is not lined up with the item above it: its `-` is in column "
        "4, the other's in column 3"
    )
    assert problem.hint == "move the `-` to column 3 (2 spaces from the margin)"
    assert problem.sentence().startswith("evidence item 2, kind: ")


# --- Slips the parser accepts, that the schema and the references explain -----------------


def test_a_finding_given_by_its_title_is_one_problem_naming_its_id(project: Project) -> None:
    front = _lesson("findings: [skills-gap]", "findings: [Skills gap in the public service]")
    path = write(project, BROKEN, front)
    problem = the_problem(project, BROKEN)
    assert problem.line == line_of(path, "findings:")
    assert problem.message == (
        "`Skills gap in the public service` is the title of a finding, not its id"
    )
    assert problem.hint == "write its id: `skills-gap`"
    assert problem.sentence().startswith("the first finding: ")
    assert "(expected The id" not in problem.sentence()


def test_a_theme_given_by_its_title_names_its_id(project: Project) -> None:
    path = write(project, BROKEN, LESSON_FRONT + "themes: [Digital government]\n")
    problem = the_problem(project, BROKEN)
    assert problem.line == line_of(path, "themes:")
    assert problem.message == (
        "`Digital government` is the title of a term of themes.yml, not its id"
    )
    assert problem.hint == "write its id: `digital-government`"


def test_text_given_as_a_list_shows_how_to_write_it(project: Project) -> None:
    front = _lesson("status: identified", "status: validated") + (
        "validated_by:\n  - Project board\n  - Permanent secretary\nvalidated_on: 2024-09-01\n"
    )
    path = write(project, BROKEN, front)
    problem = the_problem(project, BROKEN)
    assert problem.line == line_of(path, "  - Project board")
    assert (problem.field, problem.message, problem.expected) == (
        "validated_by",
        "found a list",
        "text",
    )
    assert problem.hint == (
        "write it as one line of text: `validated_by: Project board, Permanent secretary`"
    )


def test_text_with_a_colon_in_a_list_item_says_to_quote_it(project: Project) -> None:
    write(project, BROKEN, LESSON_FRONT + "audience:\n  - Ministers: all of them\n")
    problem = the_problem(project, BROKEN)
    assert problem.message == "found a group of fields"
    assert problem.hint == (
        'the text contains `: `, so it is read as a field: put it in quotes, '
        '`- "Ministers: all of them"`'
    )


def test_a_recommendation_given_as_text_shows_its_fields(project: Project) -> None:
    front = _lesson(
        "  - text: Ask each ministry for a focal point when the mission is agreed.\n"
        "    owner: un-desa\n    due: 2030-03-31\n",
        "  - Ask each ministry for a focal point.\n  - text: Publish the list.\n"
        "    owner: un-desa\n",
    )
    write(project, BROKEN, front)
    problem = the_problem(project, BROKEN)
    assert problem.sentence().startswith("the first recommendation: found `Ask each ministry")
    assert problem.hint is not None
    assert "`- text: Ask each ministry for a focal point.`, then `owner:`" in problem.hint


def test_fields_in_words_for_people_and_as_paths_for_machines(project: Project) -> None:
    """Text output says `the first country`; JSON keeps `countries[0]`."""
    path = write(project, BROKEN, _lesson("countries: [LCA]", "countries: [XYZ]"))
    problem = the_problem(project, BROKEN)
    text = format_text([problem])
    assert f"line {line_of(path, 'countries:')}: error: the first country: `XYZ`" in text
    lessons_kb = Path(sys.executable).parent / "lessons-kb"
    result = subprocess.run(
        [str(lessons_kb), "check", "--format", "json", BROKEN],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    [found] = json.loads(result.stdout)["problems"]
    assert found["field"] == "countries[0]"
    assert "countries[0]" not in found["message"]
