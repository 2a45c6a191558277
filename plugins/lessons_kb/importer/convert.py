"""One row made into a candidate entry: its fields, its body sections, where each value
came from, and what a vocabulary resolved on the way.

Values are shaped by the kind's schema (a list field is split, a date is read as a
date, a list of objects is read as JSON or built from columns); judging them is left to
the checks, which run on the entry's text as `lessons-kb check` would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lessons_kb.finish.csvout import FORMULA_STARTS
from lessons_kb.kinds import REFERENCE_FIELDS
from lessons_kb.problems import Severity
from lessons_kb.schema import schema_for

from .mapping import MISSION_FIELD, FieldSpec, Mapping, SectionSpec
from .report import Resolution, RowPlace, RowProblem, column_label, fixed_label
from .resolve import Resolved, Resolver
from .tables import Cell, Row
from .text import clean, markdown_as_written, markdown_from_text, markdown_list, one_line

_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?$")
_TAXONOMY_OF = {
    "themes": "themes",
    "organisations": "organisations",
    "organisers": "organisations",
    "project": "projects",
    "owner": "organisations",
}


@dataclass(frozen=True, slots=True)
class Shape:
    """What a field holds, as its schema says."""

    form: str
    """`text`, `date`, `list` or `objects`."""
    choices: tuple[str, ...] = ()
    keys: dict[str, Shape] = field(default_factory=dict)
    default: Any = None


def _resolve_ref(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return {
            **defs[ref.removeprefix("#/$defs/")],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def _shape(schema: dict[str, Any], defs: dict[str, Any]) -> Shape:
    schema = _resolve_ref(schema, defs)
    if schema.get("type") == "array":
        items = _resolve_ref(schema.get("items", {}), defs)
        if items.get("type") == "object":
            keys = {k: _shape(v, defs) for k, v in items.get("properties", {}).items()}
            return Shape("objects", keys=keys)
        return Shape("list", tuple(items.get("enum", ())))
    if schema.get("format") == "date":
        return Shape("date")
    return Shape("text", tuple(schema.get("enum", ())), default=schema.get("default"))


@cache
def shapes(kind: str) -> dict[str, Shape]:
    """The shape of every field of `kind` (and of a finding's mission)."""
    schema = schema_for(kind)
    found = {n: _shape(s, schema["$defs"]) for n, s in schema["properties"].items()}
    if kind == "finding":
        found[MISSION_FIELD] = Shape("text")
    return found


@dataclass(slots=True)
class Candidate:
    """A row on its way to becoming an entry."""

    place: RowPlace
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """`field` or `field.key` → where its value came from (`column "Country"`)."""
    section_sources: dict[str, str] = field(default_factory=dict)
    """A section's title (case-folded) → the column(s) it came from."""
    resolved: list[Resolution] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    given_id: str | None = None
    mission_id: str | None = None
    entry_id: str | None = None
    rel_path: str | None = None
    text: str = ""
    readable: bool = True
    """False when the row itself could not be read (it is then never checked)."""
    already: str | None = None
    """The file that already holds exactly this entry: the row is imported already."""

    def blocked(self, strict: bool) -> bool:
        """Whether the row's problems keep it out (warnings too when `strict`)."""
        return any(p.is_error or strict for p in self.problems)

    def problem(self, where: str | None, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(RowProblem(self.place, where, message, severity))


def _is_empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


class RowConverter:
    """Makes rows into candidates, by one mapping, with one base's vocabularies."""

    def __init__(self, mapping: Mapping, resolver: Resolver, table: str, unit: str) -> None:
        self.mapping = mapping
        self.resolver = resolver
        self.table = table
        self.unit = unit
        self.shapes = shapes(mapping.kind)
        self.references = REFERENCE_FIELDS[mapping.kind]

    def convert(self, row: Row) -> Candidate:
        """The candidate entry of `row` (its problems so far in `candidate.problems`)."""
        candidate = Candidate(RowPlace(self.table, self.unit, row.number), self.mapping.kind)
        if row.error:
            candidate.problem(None, row.error)
            candidate.readable = False
            return candidate
        if self.mapping.id_column:
            value = self._text(row.cells.get(self.mapping.id_column))
            candidate.given_id = one_line(value) or None
        for name, spec in self.mapping.fields.items():
            for key, column in (spec.items or {}).items():
                candidate.sources[f"{name}.{key}"] = column_label(column)
            value, where = self._field_value(row, spec)
            candidate.sources[name] = where
            if value is not None:
                self._set(candidate, name, value, where)
        for name, value in self.mapping.fixed.items():
            self._set(candidate, name, self._clean(value), fixed_label(name))
        mission = candidate.data.pop(MISSION_FIELD, None)
        if mission is not None:
            candidate.mission_id = str(mission)
        for section in self.mapping.sections:
            text, where = self._section(row, section)
            candidate.section_sources[section.title.casefold()] = where
            if text:
                candidate.sections.append((section.title, text))
        return candidate

    # --- Cells ---------------------------------------------------------------------------

    def _text(self, cell: Cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, str):
            value = cell
        elif isinstance(cell, int | float):
            value = str(cell)
        else:
            value = json.dumps(cell, ensure_ascii=False)
        value = clean(value, entities=self.mapping.entities)
        if value[:1] == "'" and value[1:2] and value[1] in (*FORMULA_STARTS, "\n"):
            value = value[1:]  # a spreadsheet's mark that a cell is not a formula
        return value

    def _field_value(self, row: Row, spec: FieldSpec) -> tuple[Any, str]:
        if spec.items is not None:
            item = {}
            for key, column in spec.items.items():
                text = one_line(self._text(row.cells.get(column)))
                if text:
                    item[key] = text
            where = ", ".join(column_label(c) for c in spec.items.values())
            return ([item] if item else None), where
        cells = [row.cells.get(c) for c in spec.columns]
        where = ", ".join(column_label(c) for c in spec.columns)
        present = [c for c in cells if not _is_empty(c)]
        if not present:
            if spec.default is not None:
                return self._clean(spec.default), f"the mapping's default `{spec.name}`"
            return None, where
        shape = self.shapes[spec.name]
        if shape.form in ("list", "objects"):
            items: list[Any] = []
            for cell in present:
                items += self._items(cell, spec, shape)
            return items, where
        if len(present) == 1 and not isinstance(present[0], str):
            return present[0], where
        return " ".join(self._text(c) for c in present), where

    def _clean(self, value: Any) -> Any:
        """Every text in a value (a cell of JSON Lines, a value of the mapping) cleaned."""
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, list):
            return [self._clean(v) for v in value]
        if isinstance(value, dict):
            return {str(k): self._clean(v) for k, v in value.items()}
        return value

    def _items(self, cell: Cell, spec: FieldSpec, shape: Shape) -> list[Any]:
        """A cell's items, cleaned: a JSON list, or the text split at the separators."""
        if isinstance(cell, list):
            return [self._clean(item) for item in cell]
        raw = str(cell).strip()
        if shape.form == "objects" or raw.startswith(("[", "{")):
            try:
                loaded = json.loads(raw)
            except json.JSONDecodeError as exc:
                if shape.form == "objects":
                    return [_Unreadable(f"the cell is not a JSON list of objects ({exc.msg})")]
            else:
                cleaned: list[Any] = self._clean(loaded if isinstance(loaded, list) else [loaded])
                return cleaned
        text = self._text(cell).strip()
        separators = spec.split or self.mapping.split
        parts = [text]
        for separator in separators:
            parts = [piece for part in parts for piece in part.split(separator)]
        return [p.strip() for p in parts if p.strip()]

    # --- Values -------------------------------------------------------------------------

    def _set(self, candidate: Candidate, name: str, value: Any, where: str) -> None:
        shape = self.shapes[name]
        candidate.sources[name] = where
        place = candidate.place

        def resolve(key: str, text: str, found: Resolved | None) -> str:
            if found is None:
                return text
            shown = candidate.sources.get(f"{name}.{key}", where) if key != name else where
            candidate.resolved.append(Resolution(place, shown, text, found.label))
            return found.value

        if shape.form == "objects":
            items = value if isinstance(value, list) else [value]
            unreadable = [i for i in items if isinstance(i, _Unreadable)]
            if unreadable:
                candidate.problem(where, unreadable[0].reason)
                return
            candidate.data[name] = [
                self._object(item, shape, resolve) if isinstance(item, dict) else item
                for item in items
            ]
            for key in shape.keys:
                candidate.sources.setdefault(f"{name}.{key}", where)
            return
        if shape.form == "list":
            items = value if isinstance(value, list) else [value]
            resolved: list[Any] = []
            for item in items:
                if isinstance(item, str | int | float) and not isinstance(item, bool):
                    text = one_line(str(item))
                    item = resolve(name, text, self._resolve(name, text, shape))
                if item not in resolved:
                    resolved.append(item)
            candidate.data[name] = resolved
            return
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = one_line(str(value))
            if shape.form == "date":
                candidate.data[name] = resolve(name, text, _date(text))
            else:
                candidate.data[name] = resolve(name, text, self._resolve(name, text, shape))
        else:
            candidate.data[name] = value

    def _object(
        self,
        item: dict[str, Any],
        shape: Shape,
        resolve: Callable[[str, str, Resolved | None], str],
    ) -> dict[str, Any]:
        made: dict[str, Any] = {}
        for key, value in item.items():
            key_shape = shape.keys.get(str(key))
            if not isinstance(value, str) or key_shape is None:
                made[str(key)] = value
                continue
            text = one_line(value)
            if key_shape.form == "date":
                found = _date(text)
            elif key_shape.choices:
                found = Resolver.choice(text, list(key_shape.choices))
            elif key in _TAXONOMY_OF:
                found = self.resolver.term(_TAXONOMY_OF[key], text)
            else:
                found = None
            made[str(key)] = resolve(key, text, found)
        ordered = {k: made[k] for k in shape.keys if k in made}  # the schema's order
        return ordered | {k: v for k, v in made.items() if k not in ordered}

    def _resolve(self, name: str, text: str, shape: Shape) -> Resolved | None:
        if not text:
            return None
        resolver = self.resolver
        if name == "countries":
            return resolver.country(text)
        if name == "applies_to":
            return resolver.place(text)
        if name in _TAXONOMY_OF:
            return resolver.term(_TAXONOMY_OF[name], text)
        if name == "sdgs":
            return resolver.sdg(text)
        if name == "language":
            return resolver.language(text)
        if name == MISSION_FIELD:
            return resolver.entry("mission", text)
        if name in self.references:
            return resolver.entry(self.references[name] or self.mapping.kind, text)
        if shape.choices:
            return resolver.choice(text, list(shape.choices))
        return None

    # --- Body ---------------------------------------------------------------------------

    def _section(self, row: Row, section: SectionSpec) -> tuple[str, str]:
        where = ", ".join(column_label(c) for c in section.columns) or (
            f"the mapping's text for `## {section.title}`"
        )
        texts = [self._text(row.cells.get(c)) for c in section.columns]
        if section.text is not None and not section.columns:
            texts = [clean(section.text)]
        texts = [t for t in texts if t.strip()]
        if section.format == "list":
            items: list[str] = []
            for column in section.columns:
                cell = row.cells.get(column)
                if not _is_empty(cell):
                    spec = FieldSpec(section.title, split=section.split)
                    items += [str(i) for i in self._items(cell, spec, Shape("list"))]
            if section.text is not None and not section.columns:
                items = [clean(section.text)]
            return markdown_list(items), where
        if section.format == "markdown":
            return "\n\n".join(markdown_as_written(t) for t in texts), where
        return "\n\n".join(markdown_from_text(t) for t in texts), where


@dataclass(frozen=True, slots=True)
class _Unreadable:
    reason: str


def _date(text: str) -> Resolved | None:
    """`2024-08-06 00:00:00` → `2024-08-06`; other forms are left to the date check."""
    match = _DATE_TIME.match(text)
    if match and match.group(1) != text:
        return Resolved(match.group(1), match.group(1))
    return None
