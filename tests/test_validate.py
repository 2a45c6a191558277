"""The validator: one test per kind of problem, each asserting the file, the line and the message.

Every test starts from the small valid project of conftest (which has no problem at all),
plants one mistake, loads the knowledge base and looks at what is reported.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import Project, finding_md, lesson_md, line_of, mission_md
from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.quality import RULES
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.problems import Problem, Severity

TODAY = dt.date(2025, 1, 1)
MISSION = "content/missions/lca-2024/index.md"
FINDING = "content/missions/lca-2024/findings/skills-gap.md"
LESSON = "content/lessons/pair-assessments.md"


#: The validator alone: the quality hints have their own tests (test_quality.py).
NO_HINTS = CheckOptions(quality_off=frozenset(RULES))


def problems_of(project: Project, today: dt.date = TODAY) -> list[Problem]:
    result = load_knowledge_base(project.content, project.root, today=today, options=NO_HINTS)
    return result.problems


def all_problems_of(project: Project, today: dt.date = TODAY) -> list[Problem]:
    """With every quality hint on, as a site's check runs by default."""
    return load_knowledge_base(project.content, project.root, today=today).problems


def only(problems: list[Problem]) -> Problem:
    """The one problem reported (fails, listing them all, when there are more or none)."""
    assert len(problems) == 1, "\n".join(f"{p.location()}: {p.sentence()}" for p in problems)
    return problems[0]


def assert_at(problem: Problem, file: str, line: int | None, message: str) -> None:
    assert (problem.file, problem.line, problem.message) == (file, line, message), problem


def test_the_small_project_is_valid(project: Project) -> None:
    assert all_problems_of(project) == []


# --- Fields and values ---------------------------------------------------------------------


def test_unknown_field_with_did_you_mean(project: Project) -> None:
    path = project.mission(countires=["LCA"])
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "countires:"), "unknown field `countires`")
    assert (problem.column, problem.field) == (1, "countires")
    assert problem.hint == "did you mean `countries`?"
    assert problem.expected is not None and "countries" in problem.expected


def test_unknown_field_in_a_recommendation(project: Project) -> None:
    recommendations = [{"text": "Plan it.", "owner": "un-desa", "deu": "2030-01-01"}]
    path = project.lesson(recommendations=recommendations)
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "deu:"), "unknown field `deu`")
    assert problem.field == "recommendations[0].deu"
    assert problem.hint == "did you mean `due`?"


def test_unknown_country_name_suggests_its_code(project: Project) -> None:
    path = project.mission(countries=["Saint Lucia"])
    problem = only(problems_of(project))
    assert_at(
        problem, MISSION, line_of(path, "- Saint Lucia"), "`Saint Lucia` is not a country code"
    )
    assert problem.field == "countries[0]"
    assert problem.hint is not None and "`LCA`" in problem.hint


def test_alpha2_country_code_suggests_alpha3(project: Project) -> None:
    path = project.finding(countries=["LC"])
    problem = only(problems_of(project))
    assert_at(problem, FINDING, line_of(path, "- LC"), "`LC` is not a country code")
    assert problem.hint is not None and "`LCA`" in problem.hint


def test_sdg_goal_18_does_not_exist(project: Project) -> None:
    path = project.mission(sdgs=["18"])
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "- '18'"), "`18` is not an SDG goal or target")
    assert problem.field == "sdgs[0]"
    assert problem.hint == "SDG goals run from 1 to 17"


def test_sdg_target_that_does_not_exist_lists_the_goals_targets(project: Project) -> None:
    path = project.lesson(sdgs=["16", "16.99"])
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "- '16.99'"), "`16.99` is not an SDG goal or target")
    assert problem.field == "sdgs[1]"
    assert problem.hint is not None and problem.hint.startswith("goal 16 has the targets")


def test_end_before_start(project: Project) -> None:
    path = project.mission(start="2024-08-07", end="2024-08-06")
    problem = only(problems_of(project))
    assert_at(
        problem,
        MISSION,
        line_of(path, "end:"),
        "the mission ends (2024-08-06) before it starts (2024-08-07)",
    )
    assert problem.field == "end"
    assert problem.hint is not None and "swap" in problem.hint


def test_invalid_calendar_date(project: Project) -> None:
    path = project.mission(date="2024-02-30")
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "date: "), "`2024-02-30` is not a valid date")
    assert problem.field == "date"
    assert problem.expected is not None and "YYYY-MM-DD" in problem.expected


def test_date_in_another_form(project: Project) -> None:
    path = project.lesson(
        recommendations=[{"text": "Plan it.", "owner": "un-desa", "due": "6/8/24"}]
    )
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "due:"), "`6/8/24` is not a valid date")
    assert problem.field == "recommendations[0].due"


@pytest.mark.parametrize(
    ("kind", "field", "value", "allowed", "hint"),
    [
        ("mission", "status", "done", "one of planned, completed, reported", None),
        ("finding", "kind", "gapp", None, "did you mean `gap`?"),
        ("lesson", "polarity", "sustained", "one of sustain, improve", "did you mean `sustain`?"),
        ("finding", "sensitivity", "private", "one of public, internal", None),
    ],
)
def test_value_outside_its_list_of_values(
    project: Project, kind: str, field: str, value: str, allowed: str | None, hint: str | None
) -> None:
    path = getattr(project, kind)(**{field: value})
    problem = only(problems_of(project))
    file = {"mission": MISSION, "finding": FINDING, "lesson": LESSON}[kind]
    assert_at(problem, file, line_of(path, f"{field}: {value}"), f"found `{value}`")
    assert problem.field == field
    if allowed:
        assert problem.expected == allowed
    assert problem.hint == hint


def test_mission_type_item_outside_its_list(project: Project) -> None:
    path = project.mission(type=["scoping", "workshp"])
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "- workshp"), "found `workshp`")
    assert problem.field == "type[1]"
    assert problem.hint == "did you mean `workshop`?"


def test_text_where_a_list_is_expected(project: Project) -> None:
    path = project.mission(countries="LCA")
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "countries: LCA"), "found `LCA`")
    assert (problem.field, problem.expected) == ("countries", "a list")
    assert problem.hint == "write it as a list: `countries: [LCA]`"


def test_number_where_text_is_expected(project: Project) -> None:
    path = project.mission(location=2024)
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "location: 2024"), "found `2024`")
    assert (problem.field, problem.expected) == ("location", "text")
    assert problem.hint == 'put the value in quotes: `location: "2024"`'


def test_empty_value(project: Project) -> None:
    path = project.write(
        MISSION, mission_md().replace("location: Castries, Saint Lucia", "location:")
    )
    problem = only(problems_of(project))
    assert_at(problem, MISSION, line_of(path, "location:"), "found nothing")
    assert (problem.field, problem.expected) == ("location", "text")
    assert problem.hint == "give it a value, or remove the field"


def test_empty_value_of_a_list_of_values(project: Project) -> None:
    path = project.write(LESSON, lesson_md().replace("polarity: improve", "polarity:"))
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "polarity:"), "found nothing")
    assert problem.expected == "one of sustain, improve"


@pytest.mark.parametrize(
    ("kind", "field"),
    [("mission", "summary"), ("mission", "location"), ("finding", "kind"), ("lesson", "polarity")],
)
def test_required_field_missing(project: Project, kind: str, field: str) -> None:
    getattr(project, kind)(**{field: None})
    problem = only(problems_of(project))
    file = {"mission": MISSION, "finding": FINDING, "lesson": LESSON}[kind]
    # A missing field has no line of its own: the problem points at the front matter.
    assert_at(problem, file, 2, f"`{field}` is required")
    assert problem.field == field


# --- Rules that depend on a lesson's status ----------------------------------------------------

CONDITION = "when status is `identified` or `validated` or `actioned` or `learned`"


def test_identified_lesson_needs_findings(project: Project) -> None:
    path = project.lesson(findings=[])
    problem = only(problems_of(project))
    assert_at(
        problem, LESSON, line_of(path, "findings: []"), f"needs at least 1 item(s) {CONDITION}"
    )
    assert problem.field == "findings"


def test_identified_lesson_needs_a_recommendation(project: Project) -> None:
    path = project.lesson(recommendations=None)
    problem = only(problems_of(project))
    assert_at(
        problem, LESSON, line_of(path, "status:"), f"`recommendations` is required {CONDITION}"
    )
    assert problem.hint == "add `recommendations`, or set the status to an earlier stage"


def test_identified_lesson_needs_a_recommendation_with_an_owner(project: Project) -> None:
    path = project.lesson(recommendations=[{"text": "Plan a programme."}])
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "recommendations:") + 1,
        f"at least one item needs `owner` {CONDITION}",
    )


def test_observed_lesson_needs_neither_findings_nor_recommendations(project: Project) -> None:
    project.lesson(status="observed", findings=[], recommendations=None)
    project.write(
        LESSON,
        (project.content / "lessons/pair-assessments.md")
        .read_text("utf-8")
        .replace("[[skills-gap]]", "the gap"),
    )
    assert problems_of(project) == []


def test_validated_lesson_needs_who_and_when(project: Project) -> None:
    path = project.lesson(status="validated")
    problems = problems_of(project)
    line = line_of(path, "status: validated")
    when = "when status is `validated` or `actioned` or `learned`"
    assert [(p.file, p.line, p.message) for p in problems] == [
        (LESSON, line, f"`validated_by` is required {when}"),
        (LESSON, line, f"`validated_on` is required {when}"),
    ]


def test_learned_lesson_needs_evidence_and_where_it_was_applied(project: Project) -> None:
    path = project.lesson(status="learned", validated_by="Ministry", validated_on="2024-09-01")
    problems = problems_of(project)
    line = line_of(path, "status: learned")
    assert [(p.file, p.line, p.message) for p in problems] == [
        (LESSON, line, "`applied_in` is required when status is `learned`"),
        (LESSON, line, "`evidence_of_effectiveness` is required when status is `learned`"),
    ]


def test_learned_lesson_with_evidence_is_valid(project: Project) -> None:
    project.lesson(
        status="learned",
        validated_by="Ministry",
        validated_on="2024-09-01",
        evidence_of_effectiveness="Adopted in the 2025 strategy.",
        applied_in=["lca-2024"],
    )
    assert problems_of(project) == []


def test_superseded_lesson_names_its_successor(project: Project) -> None:
    path = project.lesson(status="superseded")
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "status: superseded"),
        "`superseded_by` is required when status is `superseded`",
    )


def test_verified_finding_without_evidence(project: Project) -> None:
    path = project.finding(status="verified")
    problem = only(problems_of(project))
    assert_at(
        problem,
        FINDING,
        line_of(path, "status: verified"),
        "`evidence` is required when status is `verified`",
    )


# --- The body ------------------------------------------------------------------------------------


def test_missing_body_section(project: Project) -> None:
    path = project.write(LESSON, lesson_md().replace("## Lesson\n", "## Background\n"))
    problem = only(problems_of(project))
    body_line = line_of(path, "---", after="summary:")  # the closing `---`
    assert_at(problem, LESSON, body_line + 1, "the body has no `## Lesson` section")
    assert problem.hint == "add a line `## Lesson` followed by its text"


def test_misnamed_body_section_is_told_at_its_heading(project: Project) -> None:
    path = project.write(LESSON, lesson_md().replace("## Lesson\n", "## Lessons learned\n"))
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "## Lessons learned"),
        "the body has no `## Lesson` section; `## Lessons learned` is close to it",
    )
    assert problem.hint == "did you mean `## Lesson`? Rename the heading to `## Lesson`"


def test_title_heading_in_body_is_a_warning(project: Project) -> None:
    path = project.write(
        FINDING, finding_md().replace("## Observation", "# Skills\n\n## Observation")
    )
    problem = only(problems_of(project))
    assert_at(
        problem,
        FINDING,
        line_of(path, "# Skills"),
        "the body has a `# ` title heading; the title comes from the `title` field",
    )
    assert problem.severity is Severity.WARNING


def test_unknown_wikilink_in_body(project: Project) -> None:
    path = project.write(LESSON, lesson_md().replace("See [[skills-gap]]", "See [[skills-gapp]]"))
    problem = only(problems_of(project))
    assert_at(
        problem, LESSON, line_of(path, "[[skills-gapp]]"), "`[[skills-gapp]]` links to no entry"
    )
    assert problem.column == len("See ") + 1
    assert problem.hint == "did you mean `skills-gap`?"


def test_wikilink_inside_code_is_not_checked(project: Project) -> None:
    body = "See `[[not-an-id]]` and\n\n```\n[[nor-this]]\n```\n\nand [[skills-gap|the gap]]."
    project.write(LESSON, lesson_md().replace("See [[skills-gap]].", body))
    assert problems_of(project) == []


# --- References between entries --------------------------------------------------------------


def test_dangling_reference_names_the_closest_id(project: Project) -> None:
    path = project.lesson(findings=["skills-gapp"])
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "- skills-gapp"), "`skills-gapp` is no entry")
    assert (problem.field, problem.expected) == ("findings[0]", "the id of a finding")
    assert problem.hint == "did you mean `skills-gap`?"


def test_reference_to_the_wrong_kind_names_the_closest_id(project: Project) -> None:
    path = project.lesson(findings=["lca-2024"])
    problem = only(problems_of(project))
    assert_at(problem, LESSON, line_of(path, "- lca-2024"), "`lca-2024` is a mission")
    assert (problem.field, problem.expected) == ("findings[0]", "the id of a finding")
    assert problem.hint == "did you mean `skills-gap`?"


def test_applied_in_must_name_a_mission(project: Project) -> None:
    path = project.lesson(applied_in=["skills-gap"])
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "- skills-gap", after="applied_in:"),
        "`skills-gap` is a finding",
    )
    assert problem.hint == "did you mean `lca-2024`?"


def test_self_reference(project: Project) -> None:
    project.lesson("pair-assessments-2")
    path = project.lesson(related=["pair-assessments"])
    problem = only(problems_of(project))
    assert_at(
        problem, LESSON, line_of(path, "- pair-assessments"), "an entry cannot refer to itself"
    )
    assert problem.field == "related[0]"
    assert problem.hint == "did you mean `pair-assessments-2`?"


def test_duplicate_id_across_missions(project: Project) -> None:
    project.mission("bhs-2025")
    project.finding("skills-gap", "bhs-2025")
    problem = only(problems_of(project))
    # The first one found (in file order) keeps the id; the other is reported.
    assert_at(
        problem,
        FINDING,
        1,
        "the id `skills-gap` is already used by content/missions/bhs-2025/findings/skills-gap.md",
    )
    assert problem.expected == "an id used by no other entry"


def test_duplicate_id_across_kinds(project: Project) -> None:
    project.write("content/missions/lca-2024/findings/pair-assessments.md", finding_md())
    problem = only(problems_of(project))
    assert_at(
        problem,
        "content/missions/lca-2024/findings/pair-assessments.md",
        1,
        "the id `pair-assessments` is already used by content/lessons/pair-assessments.md",
    )


def test_reserved_id(project: Project) -> None:
    project.lesson("search")
    problem = only(problems_of(project))
    # A file name is no line of the file: the problem is about the whole file.
    assert_at(
        problem,
        "content/lessons/search.md",
        None,
        "the id `search` is reserved for a page the site generates",
    )
    assert problem.hint == "rename it, for example to `search-1`"


def test_bad_file_name(project: Project) -> None:
    project.lesson("Pair_Assessments 2")
    problem = only(problems_of(project))
    assert_at(
        problem,
        "content/lessons/Pair_Assessments 2.md",
        None,
        "the id `Pair_Assessments 2` (the file or folder name) is not well-formed",
    )
    assert problem.hint == "rename it to `pair-assessments-2`"


def test_unknown_taxonomy_term(project: Project) -> None:
    path = project.mission(themes=["digital-govt"])
    problem = only(problems_of(project))
    assert_at(
        problem,
        MISSION,
        line_of(path, "- digital-govt"),
        "`digital-govt` is not in content/taxonomies/themes.yml",
    )
    assert problem.hint == "did you mean `digital-government`?"


def test_unknown_taxonomy_term_without_a_close_match_says_where_to_add_it(
    project: Project,
) -> None:
    path = project.finding(organisations=["caricad"])
    problem = only(problems_of(project))
    assert_at(
        problem,
        FINDING,
        line_of(path, "- caricad"),
        "`caricad` is not in content/taxonomies/organisations.yml",
    )
    assert problem.hint == "add `caricad` to content/taxonomies/organisations.yml"


def test_unknown_project(project: Project) -> None:
    path = project.mission(project="da-2427")
    problem = only(problems_of(project))
    assert_at(
        problem,
        MISSION,
        line_of(path, "project: da-2427"),
        "`da-2427` is not in content/taxonomies/projects.yml",
    )
    assert problem.hint == "did you mean `da-2427j`?"


def test_unknown_recommendation_owner(project: Project) -> None:
    path = project.lesson(recommendations=[{"text": "Plan it.", "owner": "undesa"}])
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "owner: undesa"),
        "`undesa` is not in content/taxonomies/organisations.yml",
    )
    assert problem.field == "recommendations[0].owner"
    assert problem.hint == "did you mean `un-desa`?"


def test_unknown_region(project: Project) -> None:
    path = project.lesson(applies_to=["caribean"])
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "- caribean"),
        "`caribean` is neither a country code nor a region",
    )
    assert problem.hint == "did you mean `caribbean`?"


def test_public_entry_naming_an_internal_entry(project: Project) -> None:
    project.lesson("internal-notes", sensitivity="internal")
    path = project.lesson(related=["internal-notes"])
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "- internal-notes"),
        "`internal-notes` is internal and cannot be named by a public entry",
    )


def test_public_entry_linking_to_an_internal_entry_in_its_body(project: Project) -> None:
    project.lesson("internal-notes", sensitivity="internal")
    path = project.write(
        LESSON, lesson_md().replace("## Lesson\n", "## Lesson\n\n[[internal-notes]]\n")
    )
    problem = only(problems_of(project))
    assert_at(
        problem,
        LESSON,
        line_of(path, "[[internal-notes]]"),
        "`[[internal-notes]]` links to an internal entry",
    )


def test_internal_entry_may_name_public_ones(project: Project) -> None:
    project.lesson("internal-notes", sensitivity="internal", related=["pair-assessments"])
    assert problems_of(project) == []


def test_public_finding_in_an_internal_mission(project: Project) -> None:
    project.mission(sensitivity="internal")
    problem = only(problems_of(project))
    assert_at(problem, FINDING, 1, "the finding is public but its mission `lca-2024` is internal")


def test_superseded_by_cycle(project: Project) -> None:
    first = project.lesson("first-lesson", status="superseded", superseded_by="second-lesson")
    project.lesson("second-lesson", status="superseded", superseded_by="first-lesson")
    problem = only(problems_of(project))
    assert_at(
        problem,
        "content/lessons/first-lesson.md",
        line_of(first, "superseded_by:"),
        "`superseded_by` goes round in a circle: first-lesson → second-lesson → first-lesson",
    )


def test_review_due_in_the_past_is_a_warning(project: Project) -> None:
    path = project.lesson(review_due="2024-12-31")
    problem = only(all_problems_of(project, today=dt.date(2025, 1, 1)))
    assert_at(
        problem,
        LESSON,
        line_of(path, "review_due:"),
        "the review was due on 2024-12-31 [rule overdue-review, NASA LLIS]",
    )
    assert problem.severity is Severity.WARNING
    assert not problem.is_error


def test_review_due_today_or_later_is_fine(project: Project) -> None:
    project.lesson(review_due="2025-01-01")
    assert all_problems_of(project, today=dt.date(2025, 1, 1)) == []


def test_archived_lesson_is_not_flagged_for_review(project: Project) -> None:
    project.lesson(status="archived", review_due="2020-01-01")
    assert all_problems_of(project) == []


# --- All problems at once ------------------------------------------------------------------------


def test_every_problem_of_every_file_is_reported_at_once(project: Project) -> None:
    project.mission(countires=["LCA"], sdgs=["18"])
    project.finding(kind="gapp")
    project.lesson(findings=["nope"], review_due="2020-01-01")
    problems = all_problems_of(project)
    assert [(p.file, p.field) for p in problems] == [
        (LESSON, "findings[0]"),
        (LESSON, "review_due"),
        (FINDING, "kind"),
        (MISSION, "sdgs[0]"),
        (MISSION, "countires"),
    ]
