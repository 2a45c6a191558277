"""One CSV table per collection (RFC 4180, UTF-8), safe to open in a spreadsheet.

Lists of words or sentences are joined with `; `; lists of objects (a mission's documents,
a finding's evidence, a lesson's recommendations) are written as JSON arrays. A cell that
a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.vocab import country_name

LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, Table Schema type, description and how to read it from an entry."""

    name: str
    type: str
    description: str
    value: Callable[[KnowledgeBase, Entry, SiteInfo], Any]


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cell_text(value: Any) -> str:
    """A value as CSV cell text: lists joined with `; `, objects as JSON, None as empty."""
    if value is None:
        text = ""
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    elif isinstance(value, list):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    else:
        text = str(value)
    return neutralise(text)


def _field(name: str) -> Callable[[KnowledgeBase, Entry, SiteInfo], Any]:
    def read(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> Any:
        value = entry.data.get(name)
        if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
            return [str(v) for v in value]
        return value

    return read


def _objects(name: str) -> Callable[[KnowledgeBase, Entry, SiteInfo], Any]:
    def read(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> Any:
        value = entry.data.get(name)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    return read


def _public_ids(name: str) -> Callable[[KnowledgeBase, Entry, SiteInfo], Any]:
    def read(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> Any:
        return [i for i in entry.strings(name) if (t := kb.get(i)) is not None and t.is_public]

    return read


def _ids(entries: Callable[[KnowledgeBase, Entry], list[Entry]]) -> Callable[..., Any]:
    def read(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> Any:
        return [e.id for e in entries(kb, entry)]

    return read


def _open_recommendations(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> int:
    closed = ("completed", "no-longer-applicable")
    return sum(1 for r in entry.recommendations if r.get("status", "not-started") not in closed)


def _list(name: str, description: str) -> Column:
    return Column(name, "string", f"{description} Items joined with `; `.", _field(name))


def _json(name: str, description: str) -> Column:
    return Column(name, "array", f"{description} A JSON array of objects.", _objects(name))


HEAD = [
    Column("id", "string", "The entry's id, unique across the base.", lambda kb, e, s: e.id),
    Column("url", "string", "The entry's page.", lambda kb, e, s: s.entry_url(e)),
    Column("title", "string", "The title.", lambda kb, e, s: e.title),
    Column("summary", "string", "One to three sentences.", lambda kb, e, s: e.summary),
    Column("date", "date", "The date the entry refers to.", lambda kb, e, s: e.date),
    Column("published", "date", "When it entered the knowledge base.", _field("published")),
    Column("status", "string", "Where the entry stands.", lambda kb, e, s: e.status),
]
TERMS = [
    _list("countries", "ISO 3166-1 alpha-3 codes."),
    Column(
        "country_names",
        "string",
        "The countries' names, in the order of `countries`. Items joined with `; `.",
        lambda kb, e, s: [country_name(c) for c in e.countries],
    ),
    Column(
        "sdgs", "string", "SDG goals and targets. Items joined with `; `.", lambda kb, e, s: e.sdgs
    ),
    _list("themes", "Theme ids."),
    _list("organisations", "Organisation ids."),
]
TAIL = [
    Column("language", "string", "BCP 47 language tag.", lambda kb, e, s: e.language),
    _list("authors", "Who wrote the entry."),
    Column("last_reviewed", "date", "When last checked.", _field("last_reviewed")),
    Column(
        "related",
        "string",
        "Ids of related entries. Items joined with `; `.",
        _public_ids("related"),
    ),
]

COLUMNS: dict[str, list[Column]] = {
    "mission": [
        *HEAD,
        _list("type", "What kind of mission."),
        Column("start", "date", "The first day.", _field("start")),
        Column("end", "date", "The last day.", _field("end")),
        Column("location", "string", "Where it took place.", _field("location")),
        *TERMS,
        Column("project", "string", "Project id.", _field("project")),
        _list("organisers", "Organisation ids of the organisers."),
        _list("participants", "Groups of participants."),
        _list("objectives", "Objectives."),
        _json("documents", "Documents (title, kind, link)."),
        Column(
            "findings",
            "string",
            "Ids of its findings. Items joined with `; `.",
            _ids(lambda kb, e: kb.findings_of(e.id)),
        ),
        Column(
            "lessons",
            "string",
            "Ids of lessons drawn from it. Items joined with `; `.",
            _ids(lambda kb, e: kb.lessons_of_mission(e.id)),
        ),
        *TAIL,
    ],
    "finding": [
        *HEAD,
        Column(
            "mission",
            "string",
            "Id of the mission that found it.",
            lambda kb, e, s: e.mission_id or "",
        ),
        Column(
            "kind",
            "string",
            "gap, challenge, opportunity, priority, good-practice, risk.",
            _field("kind"),
        ),
        *TERMS,
        _list("stakeholders", "Who the finding concerns."),
        _json("evidence", "What the finding rests on (kind, source)."),
        Column(
            "lessons",
            "string",
            "Ids of lessons drawn from it. Items joined with `; `.",
            _ids(lambda kb, e: kb.lessons_from(e.id)),
        ),
        *TAIL,
    ],
    "lesson": [
        *HEAD,
        Column("polarity", "string", "sustain or improve.", _field("polarity")),
        Column(
            "findings",
            "string",
            "Ids of the findings it is drawn from. Items joined with `; `.",
            _public_ids("findings"),
        ),
        _list("applies_to", "Countries (alpha-3) and regions it applies to."),
        *TERMS,
        _list("audience", "Who should read it."),
        _json("recommendations", "Recommendations (text, owner, due, status)."),
        Column(
            "open_recommendations",
            "integer",
            "Recommendations not completed or dropped.",
            _open_recommendations,
        ),
        Column("validated_by", "string", "Who validated it.", _field("validated_by")),
        Column("validated_on", "date", "When it was validated.", _field("validated_on")),
        Column(
            "evidence_of_effectiveness",
            "string",
            "What shows it worked.",
            _field("evidence_of_effectiveness"),
        ),
        Column(
            "applied_in",
            "string",
            "Ids of missions where it was applied. Items joined with `; `.",
            _public_ids("applied_in"),
        ),
        Column(
            "superseded_by",
            "string",
            "Id of the lesson replacing it.",
            lambda kb, e, s: next(iter(_public_ids("superseded_by")(kb, e, s)), ""),
        ),
        Column("review_due", "date", "When it is due for review.", _field("review_due")),
        *TAIL,
    ],
}


def rows(kb: KnowledgeBase, kind: str, site: SiteInfo) -> list[list[str]]:
    """The header and one row per public entry of `kind`, newest first."""
    columns = COLUMNS[kind]
    table = [[c.name for c in columns]]
    for entry in kb.of_kind(kind):
        table.append([cell_text(c.value(kb, entry, site)) for c in columns])
    return table


def csv_text(kb: KnowledgeBase, kind: str, site: SiteInfo) -> str:
    """The collection's table as RFC 4180 CSV text (CRLF line ends)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(kb, kind, site))
    return buffer.getvalue()


def table_schema(kind: str) -> dict[str, Any]:
    """The Frictionless Table Schema of the collection's CSV."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.description}
            | ({"constraints": {"required": True, "unique": True}} if c.name == "id" else {})
            for c in COLUMNS[kind]
        ],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
