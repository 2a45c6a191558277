"""Planning a synthetic knowledge base: every entry's front matter and references.

A `Planner` draws everything from one `random.Random`: missions first (by date), then
their findings, then the lessons drawn from the findings, then the references between
them. Public entries only ever name public entries, as the validator requires. Work is
linear in the number of entries: candidates are indexed once, never searched per entry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pycountry

from lessons_kb.source.load import slugify
from lessons_kb.synthetic import text
from lessons_kb.vocab import country_name, regions, regions_of, sdg_codes

LESSON_STATUSES = (
    "observed",
    "identified",
    "validated",
    "actioned",
    "learned",
    "archived",
    "superseded",
)
_STATUS_WEIGHTS = (10, 25, 20, 15, 15, 7, 8)
_NEEDS_FINDINGS = ("identified", "validated", "actioned", "learned")
_RECOMMENDATION_STATUS = {
    "observed": ("not-started",),
    "identified": ("not-started",),
    "validated": ("not-started", "in-progress"),
    "actioned": ("in-progress", "completed"),
    "learned": ("completed",),
    "archived": ("completed", "no-longer-applicable"),
    "superseded": ("no-longer-applicable",),
}
FINDING_KINDS = ("gap", "challenge", "opportunity", "priority", "good-practice", "risk")
DOCUMENT_KINDS = ("concept-note", "agenda", "report", "presentation", "other")
MISSION_TYPES = ("scoping", "workshop", "advisory", "training", "peer-learning", "evaluation")
#: Missions before this day have happened; later ones are planned.
REFERENCE_DAY = dt.date(2026, 1, 1)
_FIRST_DAY = dt.date(2015, 1, 5)
_LAST_HELD = dt.date(2025, 10, 31)
_LAST_PLANNED = dt.date(2027, 12, 31)
_UNINHABITED = {"ATA", "ATF", "BVT", "HMD", "IOT", "PCN", "SGS", "UMI"}
_AUTHORS = ("Lessons KB editors", "UN DESA/DPIDG", "Project team")


@dataclass(slots=True)
class Plan:
    """An entry being planned: its front matter, and the ids its body links to."""

    id: str
    kind: str
    rel_path: str
    public: bool
    ctx: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    mission: Plan | None = None

    @property
    def date(self) -> dt.date:
        day = self.data["date"]
        assert isinstance(day, dt.date), f"{self.id} has no date yet"
        return day


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day from `first` to `last` (both included)."""
    return dt.date.fromordinal(rng.randint(first.toordinal(), max(first, last).toordinal()))


def far_future(rng: random.Random) -> dt.date:
    """A day in the 2090s: due dates that stay in the future."""
    return dt.date(rng.randint(2090, 2099), rng.randint(1, 12), rng.randint(1, 28))


def _visible(entries: list[Plan], public: bool) -> list[Plan]:
    """What an entry of this visibility may name: public entries name public ones only."""
    return [e for e in entries if e.public] if public else entries


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


class Planner:
    """Plans missions, findings and lessons, and the taxonomies they use."""

    def __init__(self, seed: int, internal_share: float) -> None:
        self.rng = random.Random(seed)
        self.share = internal_share
        self.ids: set[str] = set()
        self.countries = sorted(
            c.alpha_3 for c in pycountry.countries if c.alpha_3 not in _UNINHABITED
        )
        self.regions = sorted(regions())
        self.sdgs = sorted(sdg_codes(), key=lambda c: [p.zfill(2) for p in c.split(".")])
        self.un = sorted(text.words()["un_organisations"])
        self.organisations: dict[str, str] = dict(text.words()["un_organisations"])
        self.projects: dict[str, tuple[str, str]] = {}

    def _public(self) -> bool:
        return self.rng.random() >= self.share

    def _pick_countries(self) -> tuple[list[str], str]:
        """A mission's countries (most often one) and its region id ("" for none)."""
        rng = self.rng
        region = text.pick(rng, self.regions)
        members = sorted(regions()[region].members)
        if rng.random() < 0.1:
            return sorted(rng.sample(members, rng.randint(2, 4))), region
        country = text.pick(rng, members if rng.random() < 0.6 else self.countries)
        home = regions_of(country)
        return [country], home[0] if home else ""

    def _context(
        self, countries: Sequence[str], region_id: str, year: int
    ) -> tuple[dict[str, str], str]:
        topic, theme = text.pick(self.rng, text.topics())
        names = [country_name(c) for c in countries]
        return text.context(self.rng, names, region_id, topic, year), theme

    def _common(
        self, public: bool, day: dt.date, countries: list[str], theme: str
    ) -> dict[str, Any]:
        """The fields every entry has, after its own."""
        rng = self.rng
        codes = rng.sample(self.sdgs, rng.randint(1, 4))
        if rng.random() < 0.5:
            codes.append("16.6" if "16.6" not in codes else "17.17")
        themes = [theme, *rng.sample(sorted(text.words()["themes"]), rng.randint(0, 2))]
        national = f"{countries[0].lower()}-" + text.pick(rng, sorted(self._national()))
        reviewed = day_between(rng, day, REFERENCE_DAY) if day < REFERENCE_DAY else None
        return {
            "sdgs": list(dict.fromkeys(codes)),
            "themes": list(dict.fromkeys(themes)),
            "organisations": [national, text.pick(rng, self.un)],
            "language": "en",
            "authors": [text.pick(rng, _AUTHORS)],
            "sensitivity": "public" if public else "internal",
            **({"last_reviewed": reviewed} if reviewed else {}),
        }

    @staticmethod
    def _national() -> dict[str, str]:
        bodies: dict[str, str] = text.words()["national_bodies"]
        return bodies

    # --- Missions ----------------------------------------------------------------------

    def missions(self, count: int) -> list[Plan]:
        """`count` missions by date; about one in ten is planned (in the future)."""
        rng = self.rng
        planned = count // 10
        days = sorted(day_between(rng, _FIRST_DAY, _LAST_HELD) for _ in range(count - planned))
        future = (day_between(rng, dt.date(2026, 2, 1), _LAST_PLANNED) for _ in range(planned))
        days += sorted(future)
        for n in range(max(2, count // 10)):
            topic = text.pick(rng, text.topics())[0]
            region = regions()[text.pick(rng, self.regions)].title
            pid = _unique(f"da-{rng.randint(2000, 2699)}{text.pick(rng, 'abcdefghjk')}", self.ids)
            title = f"{topic[0].upper()}{topic[1:]} in {region}"
            self.projects[pid] = (title, f"Development Account project {n + 1}: {title}.")
        return [self._mission(start) for start in days]

    def _mission(self, start: dt.date) -> Plan:
        rng = self.rng
        countries, region = self._pick_countries()
        for code in countries:
            for suffix, title in self._national().items():
                self.organisations[f"{code.lower()}-{suffix}"] = title.format(country_name(code))
        kinds = sorted(rng.sample(MISSION_TYPES, rng.randint(1, 2)), key=MISSION_TYPES.index)
        place = countries[0].lower() if len(countries) == 1 else region
        mission_id = _unique(f"{place}-{start.year}-{kinds[0]}", self.ids)
        ctx, theme = self._context(countries, region, start.year)
        entry = Plan(mission_id, "mission", f"missions/{mission_id}/index.md", self._public(), ctx)
        if start > REFERENCE_DAY:
            status = "planned"
        else:
            status = "reported" if start.year < 2024 and rng.random() < 0.8 else "completed"
        title = text.mission_title(rng, ctx, kinds)
        documents = []
        for kind in rng.sample(DOCUMENT_KINDS, rng.randint(1, 3)):
            document = {"title": f"{kind.replace('-', ' ').capitalize()}: {title}", "kind": kind}
            if rng.random() < 0.5:
                document["link"] = f"https://example.org/documents/{mission_id}-{kind}.pdf"
            documents.append(document)
        organisers = ["un-desa-dpidg", *rng.sample(self.un, rng.randint(0, 2))]
        names = [country_name(c) for c in countries]
        entry.data = {
            "title": title,
            "summary": text.summary(rng, "mission", title, ctx),
            "date": start,
            "status": status,
            "type": kinds,
            "start": start,
            "end": start + dt.timedelta(days=rng.randint(0, 4)),
            "location": text.names(names) if rng.random() < 0.95 else "Online",
            "countries": countries,
            "project": text.pick(rng, sorted(self.projects)),
            "organisers": list(dict.fromkeys(organisers)),
            "participants": rng.sample(text.words()["participants"], rng.randint(2, 6)),
            "objectives": text.objectives(rng, ctx),
            "documents": documents,
        } | self._common(entry.public, start, countries, theme)
        return entry

    def relate_missions(self, missions: list[Plan]) -> None:
        """Half the missions name the latest earlier one they may name in the same country."""
        last: dict[tuple[str, bool], Plan] = {}
        for mission in missions:  # by date
            country = mission.data["countries"][0]
            earlier = last.get((country, mission.public))
            if earlier is not None and earlier.date < mission.date and self.rng.random() < 0.5:
                mission.data["related"] = [earlier.id]
                mission.links.append(earlier.id)
            last[(country, False)] = mission  # an internal mission may name any
            if mission.public:
                last[(country, True)] = mission

    # --- Findings ----------------------------------------------------------------------

    def findings(self, count: int, missions: list[Plan]) -> list[Plan]:
        """`count` findings spread over the missions held, each held mission having one."""
        held = [m for m in missions if m.data["status"] != "planned"] or missions[:1]
        owners = [held[i % len(held)] for i in range(min(count, len(held)))]
        owners += [text.pick(self.rng, held) for _ in range(count - len(owners))]
        order = {m.id: i for i, m in enumerate(missions)}
        return [self._finding(m) for m in sorted(owners, key=lambda m: order[m.id])]

    def _finding(self, mission: Plan) -> Plan:
        rng = self.rng
        countries = mission.data["countries"]
        ctx, theme = self._context(countries, mission.ctx["region_id"], mission.date.year)
        finding_id = _unique(
            f"{countries[0].lower()}-{mission.date.year}-{slugify(ctx['topic'])}", self.ids
        )
        rel_path = f"missions/{mission.id}/findings/{finding_id}.md"
        # Half the share: the findings of internal missions are internal too.
        public = mission.public and self.rng.random() >= self.share / 2
        entry = Plan(finding_id, "finding", rel_path, public, ctx, mission=mission)
        entry.links.append(mission.id)
        kind = text.pick(rng, FINDING_KINDS)
        status = "verified" if rng.random() < 0.6 else "draft"
        title = text.finding_title(rng, ctx, kind)
        evidence = text.evidence(rng, ctx, rng.randint(1 if status == "verified" else 0, 3))
        entry.data = {
            "title": title,
            "summary": text.summary(rng, "finding", title, ctx),
            "date": mission.data["end"],
            "status": status,
            "kind": kind,
            **({"evidence": evidence} if evidence else {}),
            "stakeholders": [a[0].upper() + a[1:] for a in rng.sample(text.words()["actors"], 2)],
            "countries": countries,
        } | self._common(public, mission.data["end"], countries, theme)
        return entry

    # --- Lessons -----------------------------------------------------------------------

    def lessons(self, count: int, findings: list[Plan], missions: list[Plan]) -> list[Plan]:
        """`count` lessons, every status among them once there are seven or more."""
        rng = self.rng
        statuses = list(LESSON_STATUSES[:count])
        statuses += rng.choices(LESSON_STATUSES, _STATUS_WEIGHTS, k=count - len(statuses))
        rng.shuffle(statuses)
        by_mission: dict[int, list[Plan]] = {}
        for finding in findings:
            by_mission.setdefault(id(finding.mission), []).append(finding)
        pool = {public: _visible(findings, public) for public in (True, False)}
        lessons = [self._lesson(status, by_mission, pool) for status in statuses]
        named = {public: _visible(lessons, public) for public in (True, False)}
        current = {p: [x for x in named[p] if x.data["status"] != "superseded"] for p in named}
        held = {public: _visible(missions, public) for public in (True, False)}
        for lesson in lessons:
            p = lesson.public
            self._lesson_links(lesson, named[p], current[p], held[p])
        return lessons

    def _lesson(
        self, status: str, by_mission: dict[int, list[Plan]], pool: dict[bool, list[Plan]]
    ) -> Plan:
        rng = self.rng
        public = self._public()
        home = text.pick(rng, pool[public] or pool[False])
        same = [f for f in by_mission[id(home.mission)] if f.public or not public]
        drawn = rng.sample(same, min(len(same), rng.randint(1, 3)))
        if status == "observed" and rng.random() < 0.5:
            drawn = []
        if not drawn and status in _NEEDS_FINDINGS:
            status = "observed"
        countries = sorted({c for f in drawn for c in f.data["countries"]})
        countries = countries or home.data["countries"]
        start = max((f.date for f in drawn), default=home.date)
        day = min(start + dt.timedelta(days=rng.randint(10, 200)), _LAST_PLANNED)
        ctx, theme = self._context(countries, home.ctx["region_id"], day.year)
        title = text.lesson_title(rng, ctx)
        lesson_id = _unique(slugify(" ".join(title.split()[:7])), self.ids)
        entry = Plan(lesson_id, "lesson", f"lessons/{lesson_id}.md", public, ctx)
        entry.links += [f.id for f in drawn]
        places = set(countries)
        places |= {r for c in countries for r in regions_of(c) if rng.random() < 0.6}
        owners = [f"{countries[0].lower()}-ministry-public-service", "un-desa-dpidg"]
        owners.append(text.pick(rng, self.un))
        recommendations = []
        for n in range(rng.randint(1, 3)):
            item: dict[str, Any] = {"text": text.recommendation_text(rng, ctx)}
            if n == 0 or rng.random() < 0.8:
                item["owner"] = text.pick(rng, owners)
            item["due"] = far_future(rng)
            item["status"] = text.pick(rng, _RECOMMENDATION_STATUS[status])
            recommendations.append(item)
        data: dict[str, Any] = {
            "title": title,
            "summary": text.summary(rng, "lesson", title, ctx),
            "date": day,
            "status": status,
            "polarity": "sustain" if rng.random() < 0.35 else "improve",
            **({"findings": [f.id for f in drawn]} if drawn else {}),
            "recommendations": recommendations,
            "applies_to": sorted(places, key=lambda p: (p.islower(), p)),
            "audience": rng.sample(text.words()["audiences"], rng.randint(1, 3)),
        }
        if status in ("validated", "actioned", "learned"):
            data["validated_by"] = text.choose(rng, "validators")
            data["validated_on"] = day + dt.timedelta(days=rng.randint(5, 120))
        if status == "learned":
            data["evidence_of_effectiveness"] = (
                f"After the lesson was applied, {ctx['actor']} in {ctx['country']} reported "
                f"faster progress on {ctx['topic']} at the next review."
            )
        data["countries"] = countries
        entry.data = data | self._common(public, day, countries, theme)
        entry.data["review_due"] = far_future(rng)
        return entry

    def _lesson_links(
        self, lesson: Plan, named: list[Plan], current: list[Plan], held: list[Plan]
    ) -> None:
        """`applied_in`, `superseded_by` and `related`, each naming entries `lesson` may name.

        `named` are the lessons it may name, `current` those of them not superseded and
        `held` the missions it may name, by date.
        """
        rng, data = self.rng, lesson.data
        if data["status"] == "learned" and held:
            later = held[bisect.bisect_left([m.date for m in held], lesson.date) :] or held
            data["applied_in"] = sorted(m.id for m in rng.sample(later, min(len(later), 2)))
        if data["status"] == "superseded":
            if current:  # successors are never superseded themselves: no chains, no cycles
                data["superseded_by"] = text.pick(rng, current).id
            else:
                data["status"] = "archived"
        if rng.random() < 0.3:
            chosen = rng.sample(named, min(len(named), rng.randint(1, 2) + 1))
            related = [x.id for x in chosen if x is not lesson][:2]
            if related:
                data["related"] = related
                lesson.links.append(related[0])

    # --- Bodies ------------------------------------------------------------------------

    def body(self, entry: Plan) -> str:
        """The Markdown body: the kind's required sections, linking `entry.links`."""
        first, second = {
            "mission": ("Objectives", "Activities"),
            "finding": ("Observation", "Discussion"),
            "lesson": ("Context", "Lesson"),
        }[entry.kind]
        parts = [
            text.section(self.rng, first, entry.ctx, entry.links),
            text.section(self.rng, second, entry.ctx, ()),
        ]
        # No `## Recommendations` section: a lesson's recommendations are its front matter's
        # list, shown once at the top of its page, as in the real lessons.
        return "\n".join(parts)
