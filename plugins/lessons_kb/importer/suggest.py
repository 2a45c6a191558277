"""A first mapping for a table, from its column names: each column matched to the field
or body section whose name (or a usual other name for it) it is closest to.

The result is a starting point an editor reads and corrects: every required field or
section no column matched is written as a commented line saying what it needs, and
every column matched to nothing is listed under `ignore:`.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata

from lessons_kb.schema import body_sections, status_values

from .convert import shapes
from .mapping import MISSION_FIELD, REJECTED_COLUMNS, allowed_fields, required_fields
from .tables import Table

#: Other names a spreadsheet gives a field or a section.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("name", "heading", "subject", "lesson title", "finding title", "mission title"),
    "summary": ("abstract", "short description", "synopsis", "lesson summary"),
    "date": ("day", "date of entry", "recorded on"),
    "status": ("state", "stage", "lifecycle"),
    "countries": ("country", "country code", "nation", "member state", "iso3", "iso code"),
    "sdgs": ("sdg", "goal", "goals", "sdg targets", "sustainable development goals"),
    "themes": ("theme", "topic", "topics", "subject area", "tags"),
    "organisations": ("organisation", "organization", "organizations", "agency", "entity"),
    "language": ("lang",),
    "authors": ("author", "written by", "prepared by"),
    "sensitivity": ("confidentiality", "classification", "visibility"),
    "last_reviewed": ("reviewed", "last review", "reviewed on"),
    "related": ("see also", "related entries"),
    "type": ("mission type", "kind of mission", "category"),
    "start": ("start date", "from", "begins", "first day"),
    "end": ("end date", "to", "until", "last day"),
    "location": ("place", "venue", "city"),
    "project": ("project code", "project id", "programme"),
    "organisers": ("organiser", "organizer", "organizers", "lead agency", "organised by"),
    "participants": ("participant", "attendees", "who took part"),
    "objectives": ("objective", "aims", "purpose"),
    "documents": ("document", "docs", "attachments"),
    "kind": ("finding type", "type of finding", "category"),
    "evidence": ("sources", "source", "evidence base"),
    "stakeholders": ("stakeholder", "concerned", "who it concerns"),
    "polarity": ("sustain or improve", "positive or negative"),
    "findings": ("finding", "finding ids", "drawn from", "based on"),
    "recommendations": ("recommendation", "actions", "action", "follow up"),
    "applies_to": ("applies to", "applicability", "region", "regions"),
    "audience": ("target audience", "readers", "for whom"),
    "validated_by": ("validated by", "validator", "approved by"),
    "validated_on": ("validated on", "validation date", "approved on"),
    "evidence_of_effectiveness": ("effectiveness", "results", "impact"),
    "applied_in": ("applied in", "applied during"),
    "superseded_by": ("superseded by", "replaced by"),
    "review_due": ("review due", "next review", "review date"),
    MISSION_FIELD: ("mission id", "mission name"),
    "id": ("identifier", "slug", "key", "ref", "reference"),
}
SECTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Objectives": ("objective", "aims", "purpose"),
    "Activities": ("activity", "programme", "agenda", "what was done"),
    "Observation": ("finding", "observations", "description", "details", "what was found"),
    "Discussion": ("analysis", "comments", "implications", "discussion"),
    "Context": ("background", "situation", "context"),
    "Lesson": ("lesson learned", "lessons learned", "learning", "lesson text", "description"),
    "Recommendations": ("recommendation", "actions", "what to do"),
}
#: Columns that give the parts of one recommendation a row holds.
RECOMMENDATION_KEYS: dict[str, tuple[str, ...]] = {
    "owner": ("owner", "responsible", "responsible unit", "lead", "action owner", "who"),
    "due": ("due", "due date", "deadline", "by when", "target date"),
    "status": ("action status", "implementation status", "progress"),
}
THRESHOLD = 0.82
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _()/.-]*[A-Za-z0-9)]$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _norm(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name.lower()).split())


def _score(column: str, names: list[str]) -> float:
    key = _norm(column)
    best = 0.0
    for name in names:
        other = _norm(name)
        if key == other or key.rstrip("s") == other.rstrip("s"):
            return 1.0
        best = max(best, difflib.SequenceMatcher(None, key, other).ratio())
    return best


def _match(columns: list[str], targets: dict[str, list[str]]) -> dict[str, str]:
    """target → column, best pairs first, each column and target used once."""
    pairs = sorted(
        (
            (-_score(column, names), index, target, column)
            for index, column in enumerate(columns)
            for target, names in targets.items()
        ),
    )
    found: dict[str, str] = {}
    used: set[str] = set()
    for negative, _, target, column in pairs:
        if -negative < THRESHOLD:
            break
        if target not in found and column not in used:
            found[target] = column
            used.add(column)
    return found


def yaml_text(value: str) -> str:
    """A name as a YAML value: plain where that reads back the same, else quoted."""
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS and ": " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _split_of(table: Table, column: str) -> str | None:
    """A separator other than the default `;`, when the column's cells use one."""
    cells = [str(r.cells.get(column) or "") for r in table.rows[:200]]
    if any(";" in c for c in cells):
        return None
    for separator in (",", "|", "/"):
        if any(separator in c for c in cells):
            return separator
    return None


def _is_json(table: Table, column: str) -> bool:
    cells = [r.cells.get(column) for r in table.rows[:50] if r.cells.get(column)]
    return bool(cells) and all(
        isinstance(c, list) or str(c).lstrip().startswith("[") for c in cells
    )


def _field_line(
    table: Table, kind: str, name: str, column: str, extra: dict[str, str] | None = None
) -> str:
    shape = shapes(kind).get(name)
    if shape is not None and shape.form == "list":
        separator = _split_of(table, column)
        if separator:
            return f"  {name}: {{column: {yaml_text(column)}, split: {json.dumps(separator)}}}"
    if shape is not None and shape.form == "objects" and not _is_json(table, column):
        key = {"recommendations": "text", "evidence": "source", "documents": "title"}[name]
        note = "" if name == "recommendations" else "  # each item also needs a `kind`"
        parts = [f"{key}: {yaml_text(column)}"]
        parts += [f"{k}: {yaml_text(c)}" for k, c in (extra or {}).items()]
        return f"  {name}: {{items: {{{', '.join(parts)}}}}}{note}"
    return f"  {name}: {yaml_text(column)}"


def suggest_mapping(table: Table, kind: str, missions: list[str]) -> str:
    """The text of a first mapping for importing `table` as entries of `kind`."""
    columns = [c for c in table.columns if c not in REJECTED_COLUMNS]
    fields = [*allowed_fields(kind), "id"]
    targets = {name: [name, name.replace("_", " "), *SYNONYMS.get(name, ())] for name in fields}
    matched = _match(columns, targets)
    sections = {s: [s, *SECTION_SYNONYMS.get(s, ())] for s in body_sections(kind)}
    section_columns = _match(columns, sections)
    lines = [
        f"# A first mapping for {table.name}, made from its column names: check every line.",
        f"# Try it with: lessons-kb import {table.name} --kind {kind} --mapping <this file> "
        "--dry-run",
        f"kind: {kind}",
    ]
    if "id" in matched:
        lines.append(f"id: {yaml_text(matched.pop('id'))}")
    parts: dict[str, str] = {}
    if "recommendations" in matched and not _is_json(table, matched["recommendations"]):
        # Columns under one merged heading share its word: "Recommendation Owner".
        group = matched["recommendations"].split()[0] + " "
        free = {
            c.removeprefix(group) if c.startswith(group) else c: c
            for c in columns
            if c not in matched.values()
        }
        targets_of_parts = {k: list(names) for k, names in RECOMMENDATION_KEYS.items()}
        parts = {k: free[c] for k, c in _match(list(free), targets_of_parts).items()}
    lines.append("fields:")
    for name in allowed_fields(kind):
        if name in matched:
            extra = parts if name == "recommendations" else None
            lines.append(_field_line(table, kind, name, matched[name], extra))
    lines.append("fixed:")
    required = [n for n in required_fields(kind) if n not in matched]
    for name in required:
        if name == "status":
            lines.append(f"  status: {status_values(kind)[0]}  # or map a column to `status`")
        elif name == MISSION_FIELD and len(missions) == 1:
            lines.append(f"  mission: {missions[0]}  # the only mission in the base")
        else:
            lines.append(f"  # {name}: …  # required: {_needs(kind, name, missions)}")
    lines.append("sections:")
    for title in body_sections(kind):
        if title in section_columns:
            lines.append(f"  {yaml_text(title)}: {yaml_text(section_columns[title])}")
        else:
            lines.append(f"  # {title}: …  # required: a column, or {{text: …}}")
    used = set(matched.values()) | set(section_columns.values()) | set(parts.values())
    left = [c for c in columns if c not in used]
    lines.append("ignore:")
    lines += [f"  - {yaml_text(c)}  # matched no field or section" for c in left]
    return "\n".join(lines) + "\n"


def _needs(kind: str, name: str, missions: list[str]) -> str:
    if name == MISSION_FIELD:
        shown = ", ".join(missions[:5]) + (", …" if len(missions) > 5 else "")
        return "the id of the finding's mission" + (f" ({shown})" if shown else "")
    shape = shapes(kind)[name]
    if shape.choices:
        return "one of " + ", ".join(shape.choices)
    if shape.form == "date":
        return "a date, YYYY-MM-DD"
    if shape.form == "list":
        return "a column, or a list of values"
    return "a column, or a value"
