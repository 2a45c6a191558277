"""A country briefing: what a team reads before its next mission to a country."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lessons_kb.model import Entry, KnowledgeBase, newest_first
from lessons_kb.vocab import regions

#: Lesson statuses at which a finding counts as dealt with.
SETTLED_LESSON_STATUSES = frozenset({"actioned", "learned", "archived", "superseded"})
CLOSED_ACTION_STATUSES = frozenset({"completed", "no-longer-applicable"})


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One of a lesson's recommendations, with the lesson it belongs to."""

    lesson: Entry
    text: str
    owner: str
    due: str
    status: str
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_ACTION_STATUSES

    @property
    def paragraphs(self) -> list[str]:
        """Its text in paragraphs (split where the editor left a blank line)."""
        found = [" ".join(p.split()) for p in self.text.split("\n\n")]
        return [p for p in found if p]


@dataclass(slots=True)
class Briefing:
    """Missions held in a country, its open findings, the lessons that apply, open actions."""

    country: str
    missions: list[Entry] = field(default_factory=list)
    open_findings: list[Entry] = field(default_factory=list)
    lessons: list[tuple[Entry, str]] = field(default_factory=list)
    """Each lesson with how it applies: `directly` or `through <region>`."""
    recommendations: list[Recommendation] = field(default_factory=list)


def finding_is_open(kb: KnowledgeBase, finding: Entry) -> bool:
    """Open until every lesson drawn from it is actioned, learned, archived or superseded."""
    lessons = kb.lessons_from(finding.id)
    return not lessons or any(lesson.status not in SETTLED_LESSON_STATUSES for lesson in lessons)


def recommendations_of(lesson: Entry, today: dt.date) -> list[Recommendation]:
    """A lesson's recommendations in the order written; open ones past their due date are
    overdue."""
    found = []
    for item in lesson.recommendations:
        status = str(item.get("status") or "not-started")
        due = str(item.get("due") or "")
        found.append(
            Recommendation(
                lesson,
                str(item.get("text") or ""),
                str(item.get("owner") or ""),
                due,
                status,
                overdue=status not in CLOSED_ACTION_STATUSES
                and bool(due)
                and due < today.isoformat(),
            )
        )
    return found


def open_recommendations(lesson: Entry, today: dt.date) -> list[Recommendation]:
    """A lesson's recommendations neither completed nor dropped."""
    return [r for r in recommendations_of(lesson, today) if r.is_open]


def build_briefing(kb: KnowledgeBase, country: str, today: dt.date) -> Briefing:
    """The briefing for one country (public entries only)."""
    return build_briefings(kb, [country], today)[country]


def _lesson_places(lesson: Entry) -> dict[str, str]:
    """Every country a lesson applies to, with how: `directly` or `through <region>`."""
    places: dict[str, str] = {}
    named = lesson.strings("applies_to")
    for place in named:
        region = regions().get(place)
        if region is not None:
            for member in region.members:
                places.setdefault(member, f"through {region.title}")
    for code in [*named, *lesson.countries]:
        if code not in regions():
            places[code] = "directly"
    return places


def build_briefings(kb: KnowledgeBase, countries: list[str], today: dt.date) -> dict[str, Briefing]:
    """The briefings of many countries, in one pass over the base."""
    briefings = {code: Briefing(code) for code in countries}
    for entry in kb.public():
        if entry.kind == "mission":
            for code in entry.countries:
                if code in briefings:
                    briefings[code].missions.append(entry)
        elif entry.kind == "finding":
            wanted = [code for code in entry.countries if code in briefings]
            if wanted and finding_is_open(kb, entry):
                for code in wanted:
                    briefings[code].open_findings.append(entry)
        elif entry.kind == "lesson" and entry.status not in ("archived", "superseded"):
            for code, how in _lesson_places(entry).items():
                if code in briefings:
                    briefings[code].lessons.append((entry, how))
    opened: dict[str, list[Recommendation]] = {}
    """Each lesson's open recommendations, read once: a lesson applying to a region is
    in the briefing of every member country."""
    for briefing in briefings.values():
        _finish(briefing, today, opened)
    return briefings


def _finish(briefing: Briefing, today: dt.date, opened: dict[str, list[Recommendation]]) -> None:
    briefing.missions = newest_first(briefing.missions)
    briefing.open_findings = newest_first(briefing.open_findings)
    # Lessons that name the country first, then those that reach it through a region.
    order = {e.id: i for i, e in enumerate(newest_first(e for e, _ in briefing.lessons))}
    briefing.lessons.sort(key=lambda pair: (pair[1] != "directly", order[pair[0].id]))
    for lesson, _ in briefing.lessons:
        if lesson.id not in opened:
            opened[lesson.id] = open_recommendations(lesson, today)
        briefing.recommendations += opened[lesson.id]
    briefing.recommendations.sort(key=lambda r: (r.due or "9999", r.lesson.id))


def briefing_countries(kb: KnowledgeBase) -> list[str]:
    """Countries with a briefing: tagged on an entry or named in a lesson's `applies_to`."""
    from lessons_kb.vocab import is_country

    found: set[str] = set()
    for entry in kb.public():
        found.update(entry.countries)
        found.update(c for c in entry.strings("applies_to") if is_country(c))
    return sorted(found)
