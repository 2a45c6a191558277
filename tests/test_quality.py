"""Quality hints: warnings that make a lesson a good lesson, each naming its rule and source.

One test per rule plants what the rule asks against into the small valid project and
asserts the warning (its line, its rule, its source); then the switches in `mkdocs.yml`,
the field reference that lists the rules, and the example knowledge base, which meets them
all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Project, copy_example, line_of, new_project
from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.quality import RULES
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.problems import Problem, Severity
from lessons_kb.site.guide import guide_markdown

TODAY = dt.date(2025, 1, 1)
LESSON = "content/lessons/pair-assessments.md"
LESSONS_KB = Path(sys.executable).parent / "lessons-kb"


def hints(project: Project, rule: str) -> list[Problem]:
    """The warnings of `rule` (failing on any other problem)."""
    problems = load_knowledge_base(project.content, project.root, today=TODAY).problems
    others = [p for p in problems if p.rule != rule]
    assert others == [], "\n".join(f"{p.location()}: {p.sentence()}" for p in others)
    for problem in problems:
        assert problem.severity is Severity.WARNING
        assert f"[rule {rule}, {RULES[rule].source}]" in problem.message
    return problems


def the_hint(project: Project, rule: str) -> Problem:
    found = hints(project, rule)
    assert len(found) == 1, "\n".join(p.sentence() for p in found)
    return found[0]


def test_the_small_project_meets_every_rule(project: Project) -> None:
    assert load_knowledge_base(project.content, project.root, today=TODAY).problems == []


# --- The lesson itself --------------------------------------------------------------------


def test_a_lesson_of_two_sentences_is_named(project: Project) -> None:
    path = project.lesson(summary="Pair every assessment with mindset work. It helps staff.")
    problem = the_hint(project, "lesson-one-sentence")
    assert (problem.file, problem.line) == (LESSON, line_of(path, "summary:"))
    assert problem.message.startswith("the lesson is 2 sentences and 9 words")


def test_a_lesson_of_more_than_35_words_is_named(project: Project) -> None:
    words = "Pair every capability assessment with a programme on mindsets " + "and skills " * 14
    project.lesson(summary=words.strip() + ".")
    problem = the_hint(project, "lesson-one-sentence")
    assert problem.message.startswith("the lesson is 37 words")


def test_a_lesson_worded_as_an_observation_is_named(project: Project) -> None:
    path = project.lesson(summary="Ministries were slow to reply to the mission's letters.")
    problem = the_hint(project, "lesson-instructional")
    assert problem.line == line_of(path, "summary:")
    assert problem.message.startswith("the lesson reads as an observation, not as what to do")


def test_a_lesson_that_restates_its_finding_is_named(project: Project) -> None:
    project.lesson(summary="Know that the public service lacks skills for digital transformation.")
    problem = the_hint(project, "lesson-instructional")
    assert problem.message.startswith("the lesson restates finding `skills-gap` (")


@pytest.mark.parametrize(
    "summary",
    [
        "Ask host governments for focal points when the mission is agreed.",
        "When agreeing a mission, ask the host government for focal points.",
        "Host governments should name focal points before the mission.",
        "Feed the assessment's results into the national strategy.",
    ],
)
def test_lessons_that_say_what_to_do_pass(project: Project, summary: str) -> None:
    project.lesson(summary=summary)
    assert load_knowledge_base(project.content, project.root, today=TODAY).problems == []


# --- Recommendations ----------------------------------------------------------------------


def test_a_recommendation_without_an_owner_is_named(project: Project) -> None:
    recommendations = [
        {"text": "Plan a mindset programme.", "owner": "un-desa", "due": "2030-01-01"},
        {"text": "Publish the results.", "due": "2030-01-01"},
    ]
    path = project.lesson(recommendations=recommendations)
    problem = the_hint(project, "recommendation-owner")
    assert problem.line == line_of(path, "- text: Publish")
    assert problem.field == "recommendations[1]"
    assert problem.sentence().startswith("the second recommendation: the recommendation names")


def test_an_owner_that_names_nobody_is_named(project: Project) -> None:
    project.write(
        "content/taxonomies/organisations.yml",
        "un-desa:\n  title: UN DESA\nall:\n  title: All partners\n",
    )
    recommendations = [{"text": "Plan a mindset programme.", "owner": "all", "due": "2030-01-01"}]
    path = project.lesson(recommendations=recommendations)
    problem = the_hint(project, "recommendation-owner")
    assert problem.line == line_of(path, "owner: all")
    assert problem.message.startswith("`all` names nobody in particular who acts")


def test_a_recommendation_that_does_not_start_with_what_to_do_is_named(project: Project) -> None:
    recommendations = [
        {"text": "The focal points were never named.", "owner": "un-desa", "due": "2030-01-01"}
    ]
    path = project.lesson(recommendations=recommendations)
    problem = the_hint(project, "recommendation-action")
    assert problem.line == line_of(path, "- text: The focal points")
    assert problem.sentence().startswith("recommendation 1, text: the recommendation does not")


def test_vague_phrases_are_named_one_by_one(project: Project) -> None:
    recommendations = [
        {
            "text": "Improve coordination with partners as appropriate.",
            "owner": "un-desa",
            "due": "2030-01-01",
        }
    ]
    project.lesson(recommendations=recommendations)
    found = hints(project, "vague-phrases")
    assert sorted(p.message.split(" is vague")[0] for p in found) == [
        "`as appropriate`",
        "`improve coordination`",
    ]


def test_an_overdue_recommendation_is_named_and_a_completed_one_is_not(project: Project) -> None:
    recommendations = [
        {"text": "Plan a mindset programme.", "owner": "un-desa", "due": "2024-06-30"},
        {"text": "Publish it.", "owner": "un-desa", "due": "2024-06-30", "status": "completed"},
    ]
    path = project.lesson(recommendations=recommendations)
    problem = the_hint(project, "overdue-recommendation")
    assert problem.line == line_of(path, "due: '2024-06-30'")
    assert problem.message.startswith(
        "the recommendation was due on 2024-06-30 and is not started"
    )


def test_an_overdue_review_is_named(project: Project) -> None:
    path = project.lesson(review_due="2024-12-31")
    problem = the_hint(project, "overdue-review")
    assert problem.line == line_of(path, "review_due:")
    assert problem.message.startswith("the review was due on 2024-12-31")


# --- The body and personal data -----------------------------------------------------------


def test_a_lesson_longer_than_a_page_and_a_half_is_named(project: Project) -> None:
    path = project.lesson()
    text = path.read_text("utf-8").replace("Pair them.", "Pair them. " + "More words here. " * 260)
    path.write_text(text, "utf-8")
    problem = the_hint(project, "lesson-length")
    assert problem.message.startswith("the lesson's text is 7")


def test_personal_contact_details_in_a_public_entry_are_named(project: Project) -> None:
    path = project.finding()
    text = path.read_text("utf-8").replace(
        "Seen.", "Seen with jane.doe@gov.lc (+1 758 468 2170); write to info@un.org for more."
    )
    path.write_text(text, "utf-8")
    found = hints(project, "personal-data")
    assert [(p.line, p.message.split(" [")[0]) for p in found] == [
        (line_of(path, "jane.doe"), "an e-mail address of a person in a public entry: "
         "`jane.doe@gov.lc`"),
        (line_of(path, "jane.doe"), "a telephone number of a person in a public entry: "
         "`+1 758 468 2170`"),
    ]


def test_personal_contact_details_in_an_internal_entry_are_not_named(project: Project) -> None:
    path = project.finding(sensitivity="internal")
    text = path.read_text("utf-8").replace("Seen.", "Seen with jane.doe@gov.lc.")
    path.write_text(text, "utf-8")
    project.lesson(findings=[])
    problems = load_knowledge_base(project.content, project.root, today=TODAY).problems
    assert [p for p in problems if p.rule == "personal-data"] == []


def test_dates_codes_and_years_are_not_telephone_numbers(project: Project) -> None:
    path = project.finding()
    text = path.read_text("utf-8").replace(
        "Seen.", "Seen on 2024-08-06, for 2024-2027, SDG 16.6 and target 17.17, 1,250,000 people."
    )
    path.write_text(text, "utf-8")
    assert load_knowledge_base(project.content, project.root, today=TODAY).problems == []


# --- This may already exist ---------------------------------------------------------------


def test_a_lesson_that_is_probably_the_same_as_another_is_named(project: Project) -> None:
    path = project.lesson("pair-assessments-again", date="2024-09-01")
    problem = the_hint(project, "similar-lessons")
    assert (problem.file, problem.line) == (
        "content/lessons/pair-assessments-again.md",
        line_of(path, "title:"),
    )
    assert problem.message.startswith(
        "this lesson may already exist: `pair-assessments` (Pair assessments with mindset work) "
        "is 100% the same"
    )


def test_lessons_that_name_each_other_as_related_are_not_named(project: Project) -> None:
    project.lesson("pair-assessments-again", date="2024-09-01", related=["pair-assessments"])
    assert load_knowledge_base(project.content, project.root, today=TODAY).problems == []


# --- Switching rules off ------------------------------------------------------------------


def test_a_rule_switched_off_is_not_applied(project: Project) -> None:
    project.lesson(summary="Pair every assessment with mindset work. It helps staff.")
    options = CheckOptions(quality_off=frozenset({"lesson-one-sentence"}))
    result = load_knowledge_base(project.content, project.root, today=TODAY, options=options)
    assert result.problems == []


def _switched_off(tmp_path: Path, rules: str) -> Project:
    project = new_project(tmp_path / "kb")
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"      quality:\n(?:        .*\n)*", f"      quality: {rules}\n", config)
    assert f"quality: {rules}\n" in config
    project.write("mkdocs.yml", "strict: true\n" + config)
    project.lesson(summary="Pair every assessment with mindset work. It helps staff.")
    return project


def _run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        list(args), cwd=project.root, capture_output=True, text=True, env=env, check=False
    )


def test_mkdocs_yml_switches_a_rule_off_for_check_and_build(tmp_path: Path) -> None:
    project = _switched_off(tmp_path, "{lesson-one-sentence: false}")
    checked = _run(project, str(LESSONS_KB), "check", "--strict")
    assert checked.returncode == 0, checked.stdout
    built = _run(project, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site")
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.mark.slow
def test_with_the_rule_on_check_and_build_name_it(tmp_path: Path) -> None:
    project = _switched_off(tmp_path, "{lesson-length: false}")
    checked = _run(project, str(LESSONS_KB), "check", "--strict")
    assert checked.returncode == 1
    assert "[rule lesson-one-sentence, NATO JALLC]" in checked.stdout
    assert "`quality: {lesson-one-sentence: false}`" in checked.stdout
    built = _run(project, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site")
    assert built.returncode != 0
    assert "[rule lesson-one-sentence, NATO JALLC]" in built.stdout + built.stderr


def test_a_rule_name_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    project = _switched_off(tmp_path, "{lesson-one-sentense: false}")
    checked = _run(project, str(LESSONS_KB), "check")
    assert checked.returncode == 2
    assert "`quality` names no rule `lesson-one-sentense`; did you mean" in checked.stderr
    assert "`lesson-one-sentence`" in checked.stderr


# --- Where the rules are written down, and the example ------------------------------------


def test_the_field_reference_lists_every_rule_with_its_source(project: Project) -> None:
    vocabulary = load_knowledge_base(project.content).kb.vocabulary
    page = guide_markdown(vocabulary, TODAY)
    section = page[page.index("## Quality hints") :]
    for rule in RULES.values():
        assert f"| `{rule.name}` |" in section
        assert f"| {rule.source} |" in section
    assert "quality:\n        lesson-length: false" in section


def test_the_example_knowledge_base_meets_every_rule(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    checked = subprocess.run(
        [str(LESSONS_KB), "check", "--strict"], cwd=root, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("No problems found in ")


def test_no_owner_where_the_status_needs_one_is_said_once(project: Project) -> None:
    """The schema already says that an identified lesson needs an owner: no hint besides."""
    project.lesson(recommendations=[{"text": "Plan a mindset programme."}])
    problems = load_knowledge_base(project.content, project.root, today=TODAY).problems
    assert [p.message.split(" when")[0] for p in problems] == [
        "at least one item needs `owner`"
    ]


def test_an_owner_to_be_decided_is_an_error_saying_who_to_name(project: Project) -> None:
    recommendations = [{"text": "Plan a mindset programme.", "owner": "TBD", "due": "2030-01-01"}]
    path = project.lesson(recommendations=recommendations)
    [problem] = load_knowledge_base(project.content, project.root, today=TODAY).problems
    assert (problem.line, problem.severity) == (line_of(path, "owner: TBD"), Severity.ERROR)
    assert problem.sentence() == (
        "recommendation 1, owner: `TBD` is not in content/taxonomies/organisations.yml "
        "(expected an id from organisations.yml) — name the one organisation that will act, "
        "by its id in organisations.yml"
    )


def test_quality_false_switches_every_rule_off(tmp_path: Path) -> None:
    project = _switched_off(tmp_path, "false")
    project.lesson("pair-assessments-again", date="2024-09-01", review_due="2020-01-01")
    checked = _run(project, str(LESSONS_KB), "check", "--strict")
    assert checked.returncode == 0, checked.stdout


def test_contact_details_in_the_front_matter_are_named_at_their_line(project: Project) -> None:
    path = project.lesson(authors=["Jane Doe <jane.doe@gov.lc>"])
    problem = the_hint(project, "personal-data")
    assert problem.line == line_of(path, "jane.doe@gov.lc")
    assert problem.column == path.read_text("utf-8").split("\n")[problem.line - 1].index("jane") + 1
