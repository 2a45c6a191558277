"""Problems and their formats: text for people, GitHub annotations."""

from __future__ import annotations

import pytest
from lessons_kb.problems import (
    Problem,
    Severity,
    field_words,
    format_github,
    format_text,
    summary,
)

MISSION = "content/missions/lca-2024/index.md"
LESSON = "content/lessons/pair-assessments.md"

PROBLEMS = [
    Problem(
        LESSON,
        "the review was due on 2024-12-31",
        line=19,
        column=13,
        field="review_due",
        expected="a review date in the future",
        severity=Severity.WARNING,
    ),
    Problem(
        MISSION,
        "unknown field `countires`",
        line=21,
        column=1,
        field="countires",
        expected="one of title, countries",
        hint="did you mean `countries`?",
    ),
    Problem(LESSON, "the id `search` is reserved for a page the site generates"),
    Problem(
        MISSION,
        "`18` is not an SDG goal or target",
        line=15,
        column=3,
        field="sdgs[0]",
        hint="SDG goals run from 1 to 17",
    ),
]


def test_location_and_sentence() -> None:
    problem = PROBLEMS[1]
    assert problem.location() == f"{MISSION}:21:1"
    assert problem.sentence() == (
        "countires: unknown field `countires` (expected one of title, countries)"
        " — did you mean `countries`?"
    )
    assert Problem("a.md", "bad", line=3).location() == "a.md:3"
    assert Problem("a.md", "bad").location() == "a.md"
    assert Problem("a.md", "bad").sentence() == "bad"


def test_summary_counts_errors_warnings_and_files() -> None:
    assert summary(PROBLEMS) == "3 errors and 1 warning in 2 files"
    assert summary(PROBLEMS[1:2]) == "1 error and 0 warnings in 1 file"


def test_text_is_grouped_by_file_in_line_order_with_a_count_at_the_end() -> None:
    assert format_text(PROBLEMS).split("\n") == [
        LESSON,
        "  file: error: the id `search` is reserved for a page the site generates",
        "  line 19: warning: review_due: the review was due on 2024-12-31"
        " (expected a review date in the future)",
        "",
        MISSION,
        "  line 15: error: the first SDG: `18` is not an SDG goal or target — SDG goals run"
        " from 1 to 17",
        "  line 21: error: countires: unknown field `countires`"
        " (expected one of title, countries) — did you mean `countries`?",
        "",
        "3 errors and 1 warning in 2 files",
    ]


def test_text_without_problems() -> None:
    assert format_text([]) == "No problems found."


def test_github_annotations_one_per_problem() -> None:
    lines = format_github(PROBLEMS).split("\n")
    assert lines == [
        f"::error file={LESSON}::the id `search` is reserved for a page the site generates",
        f"::warning file={LESSON},line=19,col=13,title=review_due::review_due: the review was due"
        " on 2024-12-31 (expected a review date in the future)",
        f"::error file={MISSION},line=15,col=3,title=sdgs[0]::the first SDG: `18` is not an SDG"
        " goal or target — SDG goals run from 1 to 17",
        f"::error file={MISSION},line=21,col=1,title=countires::countires: unknown field"
        " `countires` (expected one of title, countries) — did you mean `countries`?",
    ]


def test_github_annotations_escape_newlines_percent_commas_and_colons() -> None:
    problem = Problem(
        "content/lessons/a,b:c.md",
        "first line\nsecond line\r\n100% sure, really: yes",
        line=4,
        field="recommendations[0]:x,y",
    )
    [line] = format_github([problem]).split("\n")
    assert line == (
        "::error file=content/lessons/a%2Cb%3Ac.md,line=4,title=recommendations[0]%3Ax%2Cy"
        "::recommendation 1, :x,y: first line%0Asecond line%0D%0A100%25 sure, really: yes"
    )
    # One problem stays one workflow command: no raw line break can split it.
    assert "\n" not in line and "\r" not in line


def test_github_without_problems_prints_nothing() -> None:
    assert format_github([]) == ""


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("summary", "summary"),
        ("countries[0]", "the first country"),
        ("sdgs[2]", "the third SDG"),
        ("countries[10]", "the 11th country"),
        ("recommendations[1].owner", "recommendation 2, owner"),
        ("recommendations[0]", "the first recommendation"),
        ("evidence[2].source", "evidence item 3, source"),
        ("documents[0].link", "document 1, link"),
        ("applies_to[1]", "the second item of `applies_to`"),
    ],
)
def test_fields_are_named_as_an_editor_reads_them(path: str, words: str) -> None:
    assert field_words(path) == words


def test_text_names_fields_in_words_json_and_github_keep_the_path() -> None:
    problem = Problem(LESSON, "`TBD` is unknown", line=9, field="recommendations[1].owner")
    assert format_text([problem]).split("\n")[1] == (
        "  line 9: error: recommendation 2, owner: `TBD` is unknown"
    )
    annotation = format_github([problem])
    assert "title=recommendations[1].owner::recommendation 2, owner: `TBD`" in annotation
    assert problem.field == "recommendations[1].owner"  # what --format json prints
