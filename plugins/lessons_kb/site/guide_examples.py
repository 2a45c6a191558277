"""Example entries for the field reference: a mission, a finding and a lesson that pass.

They use the site's own vocabularies (its first theme, organisation and project), so
they pass the check of the knowledge base they are shown in; a test writes them into
a knowledge base and checks them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lessons_kb.vocab import Vocabulary, regions


def _first(terms: dict[str, Any]) -> str | None:
    return next(iter(terms), None)


def example_entries(vocabulary: Vocabulary, today: dt.date) -> dict[str, tuple[str, str]]:
    """An example entry of each kind, `{kind: (path, text)}`, that pass validation together."""
    theme = _first(vocabulary.themes)
    organisation = _first(vocabulary.organisations)
    project = _first(vocabulary.projects)
    region = _first(regions())
    review_due = f"{today.year + 2}-12-31"
    themes = f"themes: [{theme}]\n" if theme else ""
    organisations = f"organisations: [{organisation}]\n" if organisation else ""
    mission = (
        "---\n"
        "title: Scoping mission and workshop on digital government\n"
        "summary: >-\n"
        "  A two-day scoping mission with senior officials, and a workshop on the\n"
        "  capabilities the public service needs for digital transformation.\n"
        "date: 2025-03-10\n"
        "status: completed\n"
        "type: [scoping, workshop]\n"
        "start: 2025-03-10\n"
        "end: 2025-03-11\n"
        'location: "Castries, Saint Lucia"\n'
        "countries: [LCA]\n"
        'sdgs: ["16", "16.6"]\n'
        f"{themes}{organisations}"
        + (f"project: {project}\n" if project else "")
        + (f"organisers: [{organisation}]\n" if organisation else "")
        + "participants:\n"
        "  - Permanent secretaries of the target ministries\n"
        "objectives:\n"
        "  - Agree the priorities of the project with the government.\n"
        "documents:\n"
        "  - title: Concept note\n"
        "    kind: concept-note\n"
        "language: en\n"
        "authors: [Lessons KB editors]\n"
        "sensitivity: public\n"
        "---\n\n"
        "## Objectives\n\nAgree the project's priorities with the government.\n\n"
        "## Activities\n\nMeetings with senior officials, then a two-day workshop.\n"
    )
    finding = (
        "---\n"
        "title: The public service lacks skills for digital transformation\n"
        "summary: >-\n"
        "  Officials named digital skills as the main gap between the draft strategy\n"
        "  and its delivery.\n"
        "date: 2025-03-11\n"
        "status: verified\n"
        "kind: gap\n"
        "evidence:\n"
        "  - kind: workshop\n"
        "    source: Workshop discussion, day two\n"
        "stakeholders: [Department of Public Service]\n"
        "countries: [LCA]\n"
        'sdgs: ["16.6"]\n'
        f"{themes}"
        "language: en\n"
        "authors: [Lessons KB editors]\n"
        "---\n\n"
        "## Observation\n\nParticipants named digital skills as their main gap.\n\n"
        "## Discussion\n\nTraining has to come with the strategy, not after it.\n"
    )
    status = "identified" if organisation else "observed"
    owner = f"    owner: {organisation}\n" if organisation else ""
    lesson = (
        "---\n"
        "title: Pair a skills assessment with training from the start\n"
        "summary: >-\n"
        "  Plan the training that a skills assessment will call for before the\n"
        "  assessment starts, so that it follows without delay.\n"
        "date: 2025-03-11\n"
        f"status: {status}\n"
        "polarity: improve\n"
        "findings: [example-finding]\n"
        "recommendations:\n"
        "  - text: Budget a training programme in every assessment mission.\n"
        f"{owner}"
        f"    due: {today.year + 1}-06-30\n"
        "    status: not-started\n"
        + (f"applies_to: [LCA, {region}]\n" if region else "applies_to: [LCA]\n")
        + "audience: [Project teams]\n"
        "countries: [LCA]\n"
        'sdgs: ["16.6"]\n'
        f"{themes}{organisations}"
        "language: en\n"
        "sensitivity: public\n"
        f"review_due: {review_due}\n"
        "---\n\n"
        "## Context\n\nThe assessment found a skills gap ([[example-finding]]).\n\n"
        "## Lesson\n\nTraining planned late arrives after the momentum is gone.\n\n"
        "## Recommendations\n\nBudget the training with the assessment.\n"
    )
    return {
        "mission": ("content/missions/example-mission/index.md", mission),
        "finding": ("content/missions/example-mission/findings/example-finding.md", finding),
        "lesson": ("content/lessons/example-lesson.md", lesson),
    }


def examples_section(vocabulary: Vocabulary, today: dt.date) -> str:
    """The examples as a section of the page, each with the path of its file."""
    lines = [
        "## Examples",
        "",
        "A mission, one of its findings and a lesson drawn from it, as files that pass the "
        "check together. `lessons-kb new mission|finding|lesson` starts a new entry from a "
        "template like these, with `TODO:` where you have to write or choose.",
        "",
    ]
    for kind, (path, text) in example_entries(vocabulary, today).items():
        lines += [f"### Example {kind}", "", f"`{path}`", "", "````markdown", text.rstrip(), "````"]
        lines.append("")
    return "\n".join(lines)
