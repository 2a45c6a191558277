"""Broken input, clear problems: dozens of small broken trees, each refused with file and line.

Each case starts from the small valid project of conftest, plants one kind of mistake and
runs both faces of the project on it, as an editor and a publisher would: the console
script `lessons-kb check` and `mkdocs build`, in subprocesses. Both must exit non-zero,
neither may print a traceback, and both must name the file and the line of each problem
(only the file, where the problem has no line: a file name, a file too large to read).

The cases run in parallel subprocesses (one pair of processes per case), started when the
module begins; each test waits for its own case.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import Project, finding_md, front_matter, lesson_md, line_of, mission_md, new_project
from lessons_kb.schema import KINDS, schema_for

pytestmark = pytest.mark.slow

LESSONS_KB = Path(sys.executable).parent / "lessons-kb"
#: Generous: every case finishes in about a second; a YAML bomb would not.
TIMEOUT = 120
#: Address space for each process: a YAML bomb expanded in memory would exceed it.
MEMORY_LIMIT = 1 << 30
MISSION = "content/missions/lca-2024/index.md"
FINDING = "content/missions/lca-2024/findings/skills-gap.md"
LESSON = "content/lessons/pair-assessments.md"
BROKEN = "content/lessons/broken.md"
BODIES = {
    "mission": "\n## Objectives\n\nTo scope.\n\n## Activities\n\nMeetings.\n",
    "finding": "\n## Observation\n\nSeen.\n\n## Discussion\n\nDiscussed.\n",
    "lesson": "\n## Context\n\nSeen.\n\n## Lesson\n\nLearned.\n\n## Recommendations\n\nDo.\n",
}


@dataclass(frozen=True)
class Expect:
    """A problem that must be reported: in `file`, on `line` (None: the whole file)."""

    file: str
    line: int | None
    text: str


Plant = Callable[[Project], list[Expect]]
CASES: dict[str, Plant] = {}


def case(plant: Plant) -> Plant:
    """Register a broken input under its function's name."""
    CASES[plant.__name__] = plant
    return plant


def raw(project: Project, rel: str, text: str | bytes) -> Path:
    """Write exactly `text` (no dedent, no newline translation)."""
    path = project.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def broken_lesson(project: Project, front: str, body: str = BODIES["lesson"]) -> Path:
    """`content/lessons/broken.md` with a front matter written by hand."""
    return raw(project, BROKEN, f"---\n{front}---\n{body}")


# --- The file and its front matter ---------------------------------------------------------


@case
def no_front_matter(p: Project) -> list[Expect]:
    raw(p, BROKEN, "# A lesson\n\nJust a body.\n")
    return [Expect(BROKEN, 1, "the file has no front matter")]


@case
def unclosed_front_matter(p: Project) -> list[Expect]:
    raw(p, BROKEN, "---\ntitle: A lesson\nsummary: Never closed.\n\n## Context\n")
    return [Expect(BROKEN, 1, "the front matter is not closed")]


@case
def yaml_colon_in_plain_text(p: Project) -> list[Expect]:
    broken_lesson(p, "title: Priority: digital infrastructure\nsummary: x\n")
    return [Expect(BROKEN, 2, "the text of `title` contains `: `")]


@case
def yaml_unclosed_flow_list(p: Project) -> list[Expect]:
    broken_lesson(p, "title: A lesson\ncountries: [LCA, BRB\nsummary: A summary.\n")
    return [Expect(BROKEN, 3, "the list that starts with `[` on this line is not closed")]


@case
def yaml_unclosed_quote(p: Project) -> list[Expect]:
    broken_lesson(p, 'title: "A lesson\nsummary: A summary.\n')
    return [Expect(BROKEN, 2, "the text of `title` starts with \" but is never closed")]


@case
def yaml_bad_indentation(p: Project) -> list[Expect]:
    broken_lesson(p, "title: A lesson\n  summary: indented too far\nstatus: observed\n")
    return [Expect(BROKEN, 3, "this line is indented more than `title` above it")]


@case
def tab_indentation(p: Project) -> list[Expect]:
    broken_lesson(p, "title: A lesson\nrecommendations:\n\t- text: Do it.\n")
    return [Expect(BROKEN, 4, "this line is indented with a tab")]


@case
def front_matter_is_a_list(p: Project) -> list[Expect]:
    broken_lesson(p, "- title\n- summary\n")
    return [Expect(BROKEN, 2, "the front matter is not a list of fields")]


@case
def front_matter_is_a_scalar(p: Project) -> list[Expect]:
    broken_lesson(p, "Just a sentence where the fields should be.\n")
    return [Expect(BROKEN, 2, "the front matter is not a list of fields")]


@case
def empty_front_matter(p: Project) -> list[Expect]:
    broken_lesson(p, "")
    return [Expect(BROKEN, 1, "`title` is required"), Expect(BROKEN, 1, "`status` is required")]


@case
def bytes_that_are_not_utf8(p: Project) -> list[Expect]:
    raw(p, BROKEN, b"---\ntitle: A lesson\nsummary: Caf\xe9 culture.\n---\n")
    return [Expect(BROKEN, 3, "byte 0xe9 is not valid UTF-8")]


@case
def nul_byte_in_front_matter(p: Project) -> list[Expect]:
    raw(p, BROKEN, "---\ntitle: A lesson\nsummary: A\x00B\n---\n" + BODIES["lesson"])
    return [Expect(BROKEN, 3, "the control character U+0000 is not allowed")]


@case
def empty_file(p: Project) -> list[Expect]:
    raw(p, BROKEN, "")
    return [Expect(BROKEN, 1, "the file is empty")]


@case
def blank_file(p: Project) -> list[Expect]:
    raw(p, BROKEN, "\n  \n\t\n")
    return [Expect(BROKEN, 1, "the file is empty")]


@case
def file_of_tens_of_megabytes(p: Project) -> list[Expect]:
    text = front_matter(title="A lesson", summary="Far too long a file.") + "x" * 79 + "\n"
    raw(p, BROKEN, (text * (30_000_000 // len(text))).encode())
    return [Expect(BROKEN, None, "too large for an entry")]


@case
def nesting_too_deep(p: Project) -> list[Expect]:
    broken_lesson(p, "title: A lesson\nrelated: " + "[" * 900 + "]" * 900 + "\n")
    return [Expect(BROKEN, 3, "nested")]


@case
def key_that_is_not_a_name(p: Project) -> list[Expect]:
    broken_lesson(p, "title: A lesson\n[a, b]: c\n")
    return [Expect(BROKEN, 3, "a key must be a plain name")]


# --- YAML features that are unsafe or explosive ---------------------------------------------


@case
def python_object_tag(p: Project) -> list[Expect]:
    broken_lesson(p, "title: !!python/object:os.system {}\nsummary: x\n")
    return [Expect(BROKEN, 2, "the YAML tag `tag:yaml.org,2002:python/object:os.system`")]


@case
def python_apply_tag_runs_nothing(p: Project) -> list[Expect]:
    marker = p.root / "pwned"
    broken_lesson(p, f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    return [Expect(BROKEN, 2, "is not allowed")]


@case
def billion_laughs(p: Project) -> list[Expect]:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = chr(ord("a") + level - 1)
        lines.append(
            f"{chr(ord('a') + level)}: &{chr(ord('a') + level)} [{', '.join([f'*{previous}'] * 9)}]"
        )
    broken_lesson(p, "\n".join(lines) + "\n")
    return [Expect(BROKEN, 3, "anchors and aliases")]


@case
def merge_key(p: Project) -> list[Expect]:
    broken_lesson(p, "base: &base {title: A lesson}\nother:\n  <<: *base\n")
    return [Expect(BROKEN, 4, "merge keys (<<) are not allowed")]


@case
def key_given_twice(p: Project) -> list[Expect]:
    path = p.lesson(status="observed", findings=[], recommendations=[])
    text = path.read_text("utf-8").replace(
        "polarity: improve\n", "polarity: improve\npolarity: sustain\n"
    )
    path.write_text(text, "utf-8")
    first = line_of(path, "polarity: improve")
    return [Expect(LESSON, first + 1, f"`polarity` is given twice (first on line {first})")]


# --- Fields: types, dates, unknown names ------------------------------------------------------


def _wrong_value(schema: dict[str, Any], defs: dict[str, Any]) -> object:
    """A value of the wrong type for a field: a number for a list, a list for anything else."""
    if "$ref" in schema:
        schema = {**defs[schema["$ref"].rsplit("/", 1)[1]], **schema}
    return 42 if schema.get("type") == "array" else [1, 2]


def _every_field_wrong(kind: str, rel: str) -> Plant:
    def plant(p: Project) -> list[Expect]:
        schema = schema_for(kind)
        fields = {
            name: _wrong_value(spec, schema["$defs"]) for name, spec in schema["properties"].items()
        }
        front = "".join(f"{name}: {json.dumps(value)}\n" for name, value in fields.items())
        path = raw(p, rel, f"---\n{front}---\n{BODIES[kind]}")
        return [Expect(rel, line_of(path, f"{name}:"), f"{name}: found") for name in fields]

    plant.__name__ = f"every_{kind}_field_with_the_wrong_type"
    return plant


for _kind, _rel in zip(
    KINDS,
    ("content/missions/wrong/index.md", "content/missions/lca-2024/findings/wrong.md", BROKEN),
    strict=True,
):
    case(_every_field_wrong(_kind, _rel))


@case
def nested_fields_with_the_wrong_type(p: Project) -> list[Expect]:
    path = p.lesson(recommendations=[{"text": 42, "owner": ["un-desa"], "due": 2030}])
    m = p.mission(documents=[{"title": ["a"], "kind": "report", "link": 7}])
    f = p.finding(status="verified", evidence=[{"kind": "interview", "source": True}])
    after = "recommendations:"
    return [
        Expect(LESSON, line_of(path, "text: 42"), "recommendation 1, text: found `42`"),
        Expect(LESSON, line_of(path, "- un-desa", after), "recommendation 1, owner: found a list"),
        Expect(LESSON, line_of(path, "due: 2030"), "recommendation 1, due"),
        Expect(MISSION, line_of(m, "- title:") + 1, "document 1, title: found a list"),
        Expect(MISSION, line_of(m, "link: 7"), "document 1, link: found `7`"),
        Expect(FINDING, line_of(f, "source: true"), "evidence item 1, source: found `true`"),
    ]


@case
def recommendations_as_a_mapping(p: Project) -> list[Expect]:
    path = p.lesson(recommendations={"text": "Do it.", "owner": "un-desa"})
    return [Expect(LESSON, line_of(path, "recommendations:") + 1, "recommendations: found a group")]


@case
def impossible_date(p: Project) -> list[Expect]:
    path = p.lesson(date="2024-02-30")
    return [Expect(LESSON, line_of(path, "date:"), "`2024-02-30` is not a valid date")]


@case
def date_as_free_text(p: Project) -> list[Expect]:
    path = p.mission(start="6 August 2024")
    return [Expect(MISSION, line_of(path, "start:"), "`6 August 2024` is not a valid date")]


@case
def date_as_a_number(p: Project) -> list[Expect]:
    path = p.finding(date=2024)
    return [Expect(FINDING, line_of(path, "date:"), "date: found `2024`")]


@case
def end_before_start(p: Project) -> list[Expect]:
    path = p.mission(start="2024-08-07", end="2024-08-06")
    return [
        Expect(MISSION, line_of(path, "end:"), "the mission ends (2024-08-06) before it starts")
    ]


@case
def unknown_field(p: Project) -> list[Expect]:
    path = p.mission(countires=["LCA"])
    return [Expect(MISSION, line_of(path, "countires:"), "did you mean `countries`?")]


@case
def unknown_field_in_a_list_item(p: Project) -> list[Expect]:
    path = p.mission(documents=[{"title": "Report", "kind": "report", "url": "/r.pdf"}])
    return [Expect(MISSION, line_of(path, "url:"), "unknown field `url`")]


@case
def text_too_short_and_too_long(p: Project) -> list[Expect]:
    path = p.lesson(title="X", summary="y" * 700)
    return [
        Expect(LESSON, line_of(path, "title:"), "is too short"),
        Expect(LESSON, line_of(path, "summary:"), "is too long"),
    ]


@case
def the_same_value_twice_in_a_list(p: Project) -> list[Expect]:
    path = p.finding(themes=["leadership", "leadership"])
    return [Expect(FINDING, line_of(path, "- leadership"), "lists the same value twice")]


# --- Vocabularies ------------------------------------------------------------------------------


def _vocabulary_case(name: str, kind: str, field: str, value: object, text: str) -> None:
    def plant(p: Project) -> list[Expect]:
        path = getattr(p, kind)(**{field: value})
        rel = {"mission": MISSION, "finding": FINDING, "lesson": LESSON}[kind]
        needle = str(value[0]) if isinstance(value, list) else f"{field}:"
        return [Expect(rel, line_of(path, needle, after=f"{field}:"), text)]

    plant.__name__ = name
    case(plant)


_vocabulary_case("unknown_country", "mission", "countries", ["Saint Lucia"], "is not a country")
_vocabulary_case("unknown_sdg", "finding", "sdgs", ["18"], "`18` is not an SDG goal or target")
_vocabulary_case("unknown_theme", "lesson", "themes", ["digital-govt"], "not in content/taxonomies")
_vocabulary_case(
    "unknown_organisation", "mission", "organisers", ["undesa"], "did you mean `un-desa`?"
)
_vocabulary_case(
    "unknown_project", "mission", "project", "da-9999x", "is not in content/taxonomies"
)
_vocabulary_case("unknown_region", "lesson", "applies_to", ["carribean"], "neither a country")
_vocabulary_case("unknown_status", "lesson", "status", "done", "found `done`")
_vocabulary_case("unknown_mission_type", "mission", "type", ["workshops"], "found `workshops`")
_vocabulary_case("unknown_finding_kind", "finding", "kind", "gapp", "did you mean `gap`?")
_vocabulary_case("unknown_language_tag", "lesson", "language", "English", "not in the expected")
_vocabulary_case("unknown_sensitivity", "finding", "sensitivity", "secret", "found `secret`")


@case
def unknown_recommendation_owner(p: Project) -> list[Expect]:
    path = p.lesson(recommendations=[{"text": "Do it.", "owner": "nobody"}])
    return [Expect(LESSON, line_of(path, "owner: nobody"), "`nobody` is not in")]


@case
def document_link_with_javascript(p: Project) -> list[Expect]:
    link = "javascript:alert(1)"
    path = p.mission(documents=[{"title": "Report", "kind": "report", "link": link}])
    return [Expect(MISSION, line_of(path, "link:"), "is not in the expected form")]


# --- Ids and file names -----------------------------------------------------------------------


@case
def duplicate_id_across_kinds(p: Project) -> list[Expect]:
    p.write("content/lessons/skills-gap.md", lesson_md(status="observed"))
    return [Expect(FINDING, 1, "the id `skills-gap` is already used by content/lessons/")]


@case
def duplicate_id_in_two_missions(p: Project) -> list[Expect]:
    p.mission("tto-2024")
    p.finding("skills-gap", "tto-2024")
    rel = "content/missions/tto-2024/findings/skills-gap.md"
    return [Expect(rel, 1, "the id `skills-gap` is already used by " + FINDING)]


@case
def ids_differing_only_in_case(p: Project) -> list[Expect]:
    p.finding("a-b")
    p.write("content/lessons/A-B.md", lesson_md())
    finding = "content/missions/lca-2024/findings/a-b.md"
    return [
        Expect("content/lessons/A-B.md", None, "the id `A-B` (the file or folder name)"),
        Expect(finding, 1, "differing only in case, as `A-B`"),
    ]


@case
def file_name_with_capitals(p: Project) -> list[Expect]:
    p.write("content/lessons/Foo.md", lesson_md())
    return [Expect("content/lessons/Foo.md", None, "rename it to `foo`")]


@case
def file_name_with_spaces(p: Project) -> list[Expect]:
    p.write("content/lessons/pair assessments well.md", lesson_md())
    rel = "content/lessons/pair assessments well.md"
    return [Expect(rel, None, "rename it to `pair-assessments-well`")]


@case
def file_name_with_non_ascii_letters(p: Project) -> list[Expect]:
    p.write("content/lessons/leçon-apprise.md", lesson_md())
    return [Expect("content/lessons/leçon-apprise.md", None, "rename it to `lecon-apprise`")]


@case
def mission_folder_name_with_capitals(p: Project) -> list[Expect]:
    p.mission("LCA-2025")
    return [Expect("content/missions/LCA-2025/index.md", None, "rename it to `lca-2025`")]


def _reserved_case(entry_id: str) -> None:
    def plant(p: Project) -> list[Expect]:
        p.write(f"content/lessons/{entry_id}.md", lesson_md())
        return [Expect(f"content/lessons/{entry_id}.md", None, f"the id `{entry_id}` is reserved")]

    plant.__name__ = f"lesson_called_{entry_id}"
    case(plant)


for _reserved in ("index", "browse", "api"):
    _reserved_case(_reserved)


# --- References ----------------------------------------------------------------------------


@case
def dangling_reference(p: Project) -> list[Expect]:
    path = p.lesson(findings=["skills-gaps"])
    return [Expect(LESSON, line_of(path, "- skills-gaps"), "`skills-gaps` is no entry")]


@case
def self_reference(p: Project) -> list[Expect]:
    path = p.lesson(related=["pair-assessments"])
    return [Expect(LESSON, line_of(path, "- pair-assessments"), "cannot refer to itself")]


@case
def wrong_kind_reference(p: Project) -> list[Expect]:
    path = p.lesson(findings=["lca-2024"])
    return [Expect(LESSON, line_of(path, "- lca-2024"), "`lca-2024` is a mission")]


@case
def superseded_by_cycle(p: Project) -> list[Expect]:
    first = p.lesson("first-lesson", status="superseded", superseded_by="second-lesson")
    p.lesson("second-lesson", status="superseded", superseded_by="first-lesson")
    rel = "content/lessons/first-lesson.md"
    return [Expect(rel, line_of(first, "superseded_by:"), "goes round in a circle")]


@case
def unknown_link_in_the_body(p: Project) -> list[Expect]:
    path = p.write(LESSON, lesson_md().replace("[[skills-gap]]", "[[skils-gap]]"))
    return [Expect(LESSON, line_of(path, "[[skils-gap]]"), "`[[skils-gap]]` links to no entry")]


@case
def public_entry_naming_an_internal_one(p: Project) -> list[Expect]:
    p.finding(sensitivity="internal")
    path = p.lesson()
    return [Expect(LESSON, line_of(path, "- skills-gap"), "is internal and cannot be named")]


@case
def public_finding_in_an_internal_mission(p: Project) -> list[Expect]:
    p.mission(sensitivity="internal")
    p.lesson(findings=[], status="observed", recommendations=[])
    p.write(LESSON, lesson_md(findings=[], status="observed").replace("[[skills-gap]]", "it"))
    return [Expect(FINDING, 1, "its mission `lca-2024` is internal")]


# --- Status-conditional rules ------------------------------------------------------------------


def _status_case(
    name: str, rel: str, plant_entry: Callable[[Project], Path], text: str, at: str = "status:"
) -> None:
    def plant(p: Project) -> list[Expect]:
        path = plant_entry(p)
        return [Expect(rel, line_of(path, at), text)]

    plant.__name__ = name
    case(plant)


_status_case(
    "identified_lesson_without_findings",
    LESSON,
    lambda p: p.write(LESSON, lesson_md(findings=[]).replace("[[skills-gap]]", "it")),
    "findings: needs at least 1 item(s) when status is `identified`",
    at="findings:",
)
_status_case(
    "identified_lesson_without_recommendations",
    LESSON,
    lambda p: p.lesson(recommendations=None),
    "`recommendations` is required when status is `identified`",
)
_status_case(
    "validated_lesson_without_who_validated",
    LESSON,
    lambda p: p.lesson(status="validated", validated_on="2024-09-01"),
    "`validated_by` is required when status is",
)
_status_case(
    "validated_lesson_without_when",
    LESSON,
    lambda p: p.lesson(status="actioned", validated_by="The ministry"),
    "`validated_on` is required when status is",
)
_status_case(
    "learned_lesson_without_evidence_of_effectiveness",
    LESSON,
    lambda p: p.lesson(
        status="learned", validated_by="M", validated_on="2024-09-01", applied_in=["lca-2024"]
    ),
    "`evidence_of_effectiveness` is required when status is `learned`",
)
_status_case(
    "learned_lesson_not_applied_anywhere",
    LESSON,
    lambda p: p.lesson(
        status="learned", validated_by="M", validated_on="2024-09-01", evidence_of_effectiveness="E"
    ),
    "`applied_in` is required when status is `learned`",
)
_status_case(
    "superseded_lesson_without_successor",
    LESSON,
    lambda p: p.lesson(status="superseded"),
    "`superseded_by` is required when status is `superseded`",
)
_status_case(
    "verified_finding_without_evidence",
    FINDING,
    lambda p: p.finding(status="verified"),
    "`evidence` is required when status is `verified`",
)


@case
def recommendation_without_an_owner(p: Project) -> list[Expect]:
    path = p.lesson(recommendations=[{"text": "Someone should do it."}])
    return [
        Expect(LESSON, line_of(path, "recommendations:") + 1, "at least one item needs `owner`")
    ]


# --- Body sections ---------------------------------------------------------------------------


def _section_case(kind: str, rel: str, section: str) -> None:
    def plant(p: Project) -> list[Expect]:
        text = {"mission": mission_md, "finding": finding_md, "lesson": lesson_md}[kind]()
        heading = f"## Notes on {section.lower()}"
        path = p.write(rel, text.replace(f"## {section}", heading))
        message = f"the body has no `## {section}` section; `{heading}` is close to it"
        return [Expect(rel, line_of(path, heading), message)]

    plant.__name__ = f"{kind}_without_{section.lower()}_section"
    case(plant)


_section_case("mission", MISSION, "Activities")
_section_case("finding", FINDING, "Discussion")
_section_case("lesson", LESSON, "Lesson")


# --- The tree --------------------------------------------------------------------------------


@case
def symlink_to_a_file_outside_content(p: Project) -> list[Expect]:
    outside = p.write("elsewhere/secret.md", lesson_md())
    (p.content / "lessons" / "linked.md").symlink_to(outside)
    return [Expect("content/lessons/linked.md", None, "symbolic link to a place outside content/")]


@case
def symlink_to_a_folder_outside_content(p: Project) -> list[Expect]:
    p.write("elsewhere/lessons/other.md", lesson_md())
    (p.content / "missions" / "linked").symlink_to(p.root / "elsewhere")
    return [Expect("content/missions/linked", None, "symbolic link to a place outside content/")]


@case
def markdown_file_in_no_collection(p: Project) -> list[Expect]:
    p.write("content/notes.md", "# Notes\n")
    p.write("content/lessons/drafts/idea.md", lesson_md())
    return [
        Expect("content/notes.md", None, "belongs to no collection"),
        Expect("content/lessons/drafts/idea.md", None, "belongs to no collection"),
    ]


@case
def mission_folder_without_index(p: Project) -> list[Expect]:
    p.finding("orphan", "tto-2024")
    return [Expect("content/missions/tto-2024", None, "this mission folder has no index.md")]


# --- Taxonomy files ---------------------------------------------------------------------------

THEMES = "content/taxonomies/themes.yml"


def _taxonomy_case(name: str, text: str | bytes, line: int | None, message: str) -> None:
    def plant(p: Project) -> list[Expect]:
        raw(p, THEMES, text)
        return [Expect(THEMES, line, message)]

    plant.__name__ = name
    case(plant)


_taxonomy_case(
    "taxonomy_with_a_yaml_error",
    "digital-government:\n  title: Digital: government\nleadership: Leadership\n",
    2,
    "the text of `title` contains `: `",
)
_taxonomy_case(
    "taxonomy_that_is_a_list", "- digital-government\n- leadership\n", 1, "must map each id"
)
_taxonomy_case(
    "taxonomy_term_without_title",
    "digital-government:\n  description: No title.\nleadership: Leadership\n",
    1,
    "has no title",
)
_taxonomy_case(
    "taxonomy_term_with_a_bad_id",
    "digital-government: Digital government\nLeader Ship: Leadership\n",
    2,
    "`Leader Ship` is not a well-formed id",
)
_taxonomy_case(
    "taxonomy_term_with_an_unknown_field",
    "digital-government:\n  title: Digital government\n  titel: typo\nleadership: Leadership\n",
    1,
    "unknown field `titel`",
)
_taxonomy_case(
    "taxonomy_term_with_a_javascript_url",
    "digital-government:\n  title: Digital government\n  url: 'javascript:alert(1)'\n"
    "leadership: Leadership\n",
    3,
    "the url `javascript:alert(1)` is not a web address",
)
_taxonomy_case(
    "taxonomy_with_an_alias_bomb",
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
    2,
    "anchors and aliases",
)
_taxonomy_case(
    "taxonomy_not_utf8", b"leadership: Leadership\nx: Gouvernement num\xe9rique\n", 2, "byte 0xe9"
)


# --- Running both faces on every case -----------------------------------------------------------


@dataclass
class Run:
    returncode: int
    output: str
    seconds: float


@dataclass
class Outcome:
    expected: list[Expect]
    check: Run
    build: Run
    root: Path


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _start(args: list[str], root: Path) -> tuple[subprocess.Popen[str], float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen(
        args,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=_limit_memory,
    )
    return process, time.perf_counter()


def _finish(started: tuple[subprocess.Popen[str], float]) -> Run:
    process, start = started
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        output += f"\n[killed after {TIMEOUT} s]"
    return Run(process.returncode, output, time.perf_counter() - start)


def run_case(name: str, root: Path) -> Outcome:
    project = new_project(root)
    expected = CASES[name](project)
    check = _start([str(LESSONS_KB), "check"], root)
    build = _start([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"], root)
    return Outcome(expected, _finish(check), _finish(build), root)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Future[Outcome]]:
    """Every case started at once on a pool as wide as the machine; results as they finish."""
    base = tmp_path_factory.mktemp("broken")
    pool = ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) // 2))
    futures = {name: pool.submit(run_case, name, base / name) for name in CASES}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


_CHECK_LINE = re.compile(r"^  (?:line (\d+)|file): (?:error|warning): (.*)$")


def check_problems(output: str) -> list[tuple[str, int | None, str]]:
    """`(file, line, sentence)` of each problem in the text report of `lessons-kb check`."""
    found = []
    current = ""
    for text in output.splitlines():
        match = _CHECK_LINE.match(text)
        if match:
            line = int(match.group(1)) if match.group(1) else None
            found.append((current, line, match.group(2)))
        elif text and not text.startswith(" "):
            current = text
    return found


def build_has(output: str, expect: Expect) -> bool:
    """Whether the build log names the problem as `file:line[:column]: … text`."""
    where = re.escape(expect.file) + (rf":{expect.line}(?::\d+)?" if expect.line else "")
    return re.search(rf"lessons_kb: {where}: .*{re.escape(expect.text)}", output) is not None


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40, len(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_is_refused_with_file_and_line(
    name: str, outcomes: dict[str, Future[Outcome]]
) -> None:
    outcome = outcomes[name].result()
    for face, run in (("lessons-kb check", outcome.check), ("mkdocs build", outcome.build)):
        assert run.returncode != 0, f"{face} passed:\n{run.output}"
        assert "Traceback" not in run.output, f"{face} crashed:\n{run.output}"
        assert run.seconds < TIMEOUT, f"{face} took {run.seconds:.0f} s"
    reported = check_problems(outcome.check.output)
    for expect in outcome.expected:
        assert any(
            (file, line) == (expect.file, expect.line) and expect.text in sentence
            for file, line, sentence in reported
        ), f"check does not report {expect}:\n{outcome.check.output}"
        assert build_has(outcome.build.output, expect), (
            f"build does not report {expect}:\n{outcome.build.output}"
        )
    assert not (outcome.root / "pwned").exists(), "a YAML tag ran a command"


@pytest.mark.parametrize("name", ["billion_laughs", "taxonomy_with_an_alias_bomb"])
def test_yaml_bombs_are_refused_quickly(name: str, outcomes: dict[str, Future[Outcome]]) -> None:
    outcome = outcomes[name].result()
    # About a second each on an idle machine; a bomb expanded would take minutes or be killed.
    assert outcome.check.seconds < 30, outcome.check.seconds
    assert outcome.build.seconds < 30, outcome.build.seconds


def test_bom_and_crlf_line_ends_work(tmp_path: Path) -> None:
    """A file saved with a byte-order mark and Windows line ends is a valid entry."""
    project = new_project(tmp_path / "kb")
    text = lesson_md(title="Saved on Windows").replace("\n", "\r\n")
    raw(project, LESSON, "\ufeff" + text)
    finding = finding_md().replace("\n", "\r\n")
    raw(project, FINDING, b"\xef\xbb\xbf" + finding.encode("utf-8"))
    outcome = Outcome(
        [],
        _finish(_start([str(LESSONS_KB), "check"], project.root)),
        _finish(_start([sys.executable, "-m", "mkdocs", "build", "--strict"], project.root)),
        project.root,
    )
    for run in (outcome.check, outcome.build):
        assert run.returncode == 0, run.output
    assert "No problems found in 3 entries." in outcome.check.output
    page = (project.root / "site/lessons/pair-assessments/index.html").read_text("utf-8")
    assert "Saved on Windows" in page and "\ufeff" not in page and "\r" not in page
