"""Dates that cannot be right: a mission that ends before it starts, a lesson validated in
the future or before the mission it was drawn from."""

from __future__ import annotations

import datetime as dt

from lessons_kb.checks.place import problem_at
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem


def as_date(value: object) -> dt.date | None:
    """A `YYYY-MM-DD` value as a date (None when absent or not a real date)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def date_problems(entry: Entry, today: dt.date) -> list[Problem]:
    """Dates of one entry that contradict each other or today."""
    problems = []
    start, end = as_date(entry.data.get("start")), as_date(entry.data.get("end"))
    if start and end and end < start:
        problems.append(
            problem_at(
                entry,
                ("end",),
                f"the mission ends ({end}) before it starts ({start})",
                expected=f"a date on or after {start}",
                hint="swap `start` and `end`, or correct the year",
            )
        )
    validated = as_date(entry.data.get("validated_on"))
    if validated and validated > today:
        problems.append(
            problem_at(
                entry,
                ("validated_on",),
                f"the lesson is validated on {validated}, a day still to come",
                expected=f"the day it was validated, on or before today ({today})",
                hint="write the date of the meeting or review that validated it; until then, "
                "keep the status at `identified`",
            )
        )
    return problems


def lifecycle_problems(kb: KnowledgeBase) -> list[Problem]:
    """A lesson validated before the mission it was drawn from had started."""
    problems = []
    for lesson in kb.entries.values():
        validated = as_date(lesson.data.get("validated_on"))
        if lesson.kind != "lesson" or validated is None:
            continue
        first = _first_mission(kb, lesson)
        if first is not None and validated < first[1]:
            mission, start = first
            problems.append(
                problem_at(
                    lesson,
                    ("validated_on",),
                    f"the lesson is validated on {validated}, before its mission `{mission.id}` "
                    f"started on {start}",
                    expected=f"a date on or after {start}",
                    hint="check the year: a lesson is validated after the mission it was "
                    "drawn from",
                )
            )
    return problems


def _first_mission(kb: KnowledgeBase, lesson: Entry) -> tuple[Entry, dt.date] | None:
    """The earliest-starting mission among those of the lesson's findings."""
    found: list[tuple[dt.date, str, Entry]] = []
    for finding_id in lesson.strings("findings"):
        finding = kb.get(finding_id)
        mission = kb.get(finding.mission_id or "") if finding is not None else None
        if mission is None or mission.kind != "mission":
            continue
        start = as_date(mission.data.get("start")) or as_date(mission.data.get("date"))
        if start is not None:
            found.append((start, mission.id, mission))
    if not found:
        return None
    start, _, mission = min(found, key=lambda f: (f[0], f[1]))
    return mission, start
