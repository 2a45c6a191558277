"""`lessons-kb stats`: what the knowledge base holds, and what needs attention.

Counts entries by kind, status, country and SDG goal, lists the lessons whose review is
overdue, and counts recommendations open, overdue and completed. Every entry that could
be read is counted, internal ones included (their number is given apart). `--format
json` prints one document of the shape `STATS_JSON_SCHEMA` describes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from typing import Any

from lessons_kb.checks.run import build_date, load_knowledge_base
from lessons_kb.cli.config import load_settings
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import count_errors
from lessons_kb.schema import KINDS, status_values
from lessons_kb.translations.report import (
    TABLE_SCHEMA,
    format_translation_table,
    translation_table,
)
from lessons_kb.vocab import country_name, sdg_goal_of, sdg_goals, sdg_short

JSON_VERSION = 1
CLOSED = ("completed", "no-longer-applicable")
NOT_REVIEWED = ("archived", "superseded")

_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_COUNTRY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "name", "entries", "mission", "finding", "lesson"],
    "properties": {
        "code": {"type": "string"},
        "name": {"type": "string"},
        "entries": {"type": "integer", "minimum": 1},
        **{kind: {"type": "integer", "minimum": 0} for kind in KINDS},
    },
}
_GOAL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["goal", "title", "entries"],
    "properties": {
        "goal": {"type": "string"},
        "title": {"type": "string"},
        "entries": {"type": "integer", "minimum": 1},
    },
}
_OVERDUE_REVIEW = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "file", "review_due"],
    "properties": {
        "id": {"type": "string"},
        "file": {"type": "string"},
        "review_due": {"type": "string", "format": "date"},
    },
}
_OVERDUE_ACTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["lesson", "text", "owner", "due", "status"],
    "properties": {
        "lesson": {"type": "string"},
        "text": {"type": "string"},
        "owner": {"type": ["string", "null"]},
        "due": {"type": "string", "format": "date"},
        "status": {"type": "string"},
    },
}
_INT = {"type": "integer", "minimum": 0}
#: The shape of `lessons-kb stats --format json` (JSON Schema 2020-12).
STATS_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lessons-kb stats --format json",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "version",
        "today",
        "entries",
        "internal",
        "kinds",
        "statuses",
        "countries",
        "sdgs",
        "reviews_overdue",
        "recommendations",
        "problems",
    ],
    "properties": {
        "version": {"const": JSON_VERSION},
        "today": {"type": "string", "format": "date", "description": "The date compared with."},
        "entries": _INT,
        "internal": {**_INT, "description": "Entries never published (counted in the rest)."},
        "kinds": {
            "type": "object",
            "additionalProperties": False,
            "required": list(KINDS),
            "properties": {kind: _INT for kind in KINDS},
        },
        "statuses": {
            "type": "object",
            "additionalProperties": False,
            "required": list(KINDS),
            "properties": {kind: _COUNTS for kind in KINDS},
            "description": "For each kind, every status in lifecycle order with its count.",
        },
        "countries": {"type": "array", "items": _COUNTRY, "description": "Most entries first."},
        "sdgs": {"type": "array", "items": _GOAL, "description": "By goal, in goal order."},
        "reviews_overdue": {"type": "array", "items": _OVERDUE_REVIEW},
        "recommendations": {
            "type": "object",
            "additionalProperties": False,
            "required": ["total", "open", "overdue", "completed", "no_longer_applicable", "late"],
            "properties": {
                "total": _INT,
                "open": {**_INT, "description": "Not started or in progress."},
                "overdue": {**_INT, "description": "Open, with a due date already past."},
                "completed": _INT,
                "no_longer_applicable": _INT,
                "late": {"type": "array", "items": _OVERDUE_ACTION},
            },
        },
        "translations": TABLE_SCHEMA,
        "problems": {
            "type": "object",
            "additionalProperties": False,
            "required": ["errors", "warnings"],
            "properties": {"errors": _INT, "warnings": _INT},
        },
    },
}


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `stats` and its options."""
    parser = commands.add_parser(
        "stats",
        parents=[common],
        help="count entries; list overdue reviews and recommendations",
        description="Count entries by kind, status, country and SDG goal; list lessons "
        "whose review is overdue; count recommendations open, overdue and completed.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _countries(entries: list[Entry]) -> list[dict[str, Any]]:
    by_kind: dict[str, Counter[str]] = {}
    for entry in entries:
        for code in dict.fromkeys(entry.countries):
            by_kind.setdefault(code, Counter())[entry.kind] += 1
    rows = [
        {
            "code": code,
            "name": country_name(code),
            "entries": sum(counts.values()),
            **{kind: counts[kind] for kind in KINDS},
        }
        for code, counts in by_kind.items()
    ]
    return sorted(rows, key=lambda r: (-r["entries"], r["code"]))


def _sdgs(entries: list[Entry]) -> list[dict[str, Any]]:
    goals: Counter[str] = Counter()
    for entry in entries:
        goals.update({sdg_goal_of(code) for code in entry.sdgs})
    return [
        {"goal": goal, "title": sdg_short(goal), "entries": goals[goal]}
        for goal in sdg_goals()
        if goals[goal]
    ]


def _recommendations(lessons: list[Entry], today: dt.date) -> dict[str, Any]:
    statuses: Counter[str] = Counter()
    late = []
    for lesson in lessons:
        for item in lesson.recommendations:
            status = str(item.get("status") or "not-started")
            statuses[status] += 1
            due = _date(item.get("due"))
            if status not in CLOSED and due is not None and due < today:
                owner = item.get("owner")
                late.append(
                    {
                        "lesson": lesson.id,
                        "text": str(item.get("text") or ""),
                        "owner": owner if isinstance(owner, str) else None,
                        "due": due.isoformat(),
                        "status": status,
                    }
                )
    total = sum(statuses.values())
    closed = statuses["completed"] + statuses["no-longer-applicable"]
    return {
        "total": total,
        "open": total - closed,
        "overdue": len(late),
        "completed": statuses["completed"],
        "no_longer_applicable": statuses["no-longer-applicable"],
        "late": sorted(late, key=lambda r: (r["due"], r["lesson"])),
    }


def statistics(kb: KnowledgeBase, today: dt.date) -> dict[str, Any]:
    """The figures `stats` reports (without the problem counts)."""
    entries = sorted(kb.entries.values(), key=lambda e: e.id)
    lessons = [e for e in entries if e.kind == "lesson"]
    reviews = []
    for lesson in lessons:
        due = _date(lesson.data.get("review_due"))
        if due is not None and due < today and lesson.status not in NOT_REVIEWED:
            reviews.append({"id": lesson.id, "file": lesson.rel_path, "review_due": str(due)})
    statuses = {}
    for kind in KINDS:
        counts = Counter(e.status for e in entries if e.kind == kind)
        statuses[kind] = {status: counts[status] for status in status_values(kind)}
    return {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "entries": len(entries),
        "internal": sum(1 for e in entries if not e.is_public),
        "kinds": {kind: sum(1 for e in entries if e.kind == kind) for kind in KINDS},
        "statuses": statuses,
        "countries": _countries(entries),
        "sdgs": _sdgs(entries),
        "reviews_overdue": sorted(reviews, key=lambda r: (r["review_due"], r["id"])),
        "recommendations": _recommendations(lessons, today),
    }


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def format_stats(stats: dict[str, Any]) -> str:
    """The figures as text for people."""
    kinds = stats["kinds"]
    lines = [
        f"{_count(stats['entries'], 'entry', 'entries')}: "
        f"{_count(kinds['mission'], 'mission')}, {_count(kinds['finding'], 'finding')}, "
        f"{_count(kinds['lesson'], 'lesson')} ({stats['internal']} internal, never published)",
        "",
        "By status",
    ]
    for kind in KINDS:
        counts = ", ".join(f"{status} {n}" for status, n in stats["statuses"][kind].items())
        lines.append(f"  {kind + 's':<9} {counts}")
    lines += ["", "By country"]
    for row in stats["countries"] or [{"code": "", "name": "(none)", "entries": 0}]:
        lines.append(f"  {row['code']:<4} {row['name']:<40} {row['entries']:>5}")
    lines += ["", "By SDG goal"]
    for row in stats["sdgs"] or [{"goal": "", "title": "(none)", "entries": 0}]:
        lines.append(f"  {row['goal']:>2}  {row['title']:<40} {row['entries']:>5}")
    recs = stats["recommendations"]
    lines += [
        "",
        f"Recommendations: {recs['total']} in all, {recs['open']} open "
        f"({recs['overdue']} overdue), {recs['completed']} completed, "
        f"{recs['no_longer_applicable']} no longer applicable",
    ]
    lines += [f"  overdue since {r['due']}: {r['lesson']}: {r['text']}" for r in recs["late"]]
    lines += ["", f"Lessons past their review date: {len(stats['reviews_overdue'])}"]
    lines += [f"  {r['review_due']}  {r['file']}" for r in stats["reviews_overdue"]]
    if stats.get("translations"):
        lines += ["", *format_translation_table(stats["translations"])]
    problems = stats["problems"]
    if problems["errors"] or problems["warnings"]:
        lines += [
            "",
            f"The knowledge base has {problems['errors']} errors and {problems['warnings']} "
            "warnings: run `lessons-kb check` to see them.",
        ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run `lessons-kb stats`."""
    settings = load_settings(args.config_file)
    today = build_date()
    result = load_knowledge_base(
        settings.content_dir, root=settings.root, today=today, options=settings.checks
    )
    stats = statistics(result.kb, today)
    errors = count_errors(result.problems)
    stats["problems"] = {"errors": errors, "warnings": len(result.problems) - errors}
    languages = settings.checks.languages
    if len(languages) > 1 or result.translations:
        stats["translations"] = translation_table(result.kb, result.translations, languages)
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return 0
