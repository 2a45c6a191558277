"""A mapping file: which column feeds which field, how lists are split, fixed values,
and which columns make which body section.

    kind: lesson
    id: Ref                        # optional: a column of ids; otherwise ids come from titles
    split: ";"                     # how list cells are split (default: `;` and new lines)
    fields:
      title: Title
      countries: {column: Country, split: ","}
      recommendations: {items: {text: Recommendation, owner: Owner, due: Due}}
    fixed:
      status: observed
    sections:
      Context: Background
      Lesson: [Lesson, Details]    # several columns, one paragraph each
      Recommendations: {column: Recommendation, format: list}
    ignore: [Internal notes]

Every mistake is a problem at its line, with a "did you mean"; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lessons_kb.problems import Problem
from lessons_kb.schema import body_sections, field_names, schema_for
from lessons_kb.source.load import read_text
from lessons_kb.source.yamlnodes import MarkedData, load_marked
from lessons_kb.vocab import did_you_mean

from .tables import ReadOptions, Table

BUILT_IN = "export"
"""The shipped mapping of the site's own CSV exports (`api/v1/<kind>s.csv`)."""
DEFAULT_SPLIT = (";", "\n")
SECTION_FORMATS = ("text", "markdown", "list")
REJECTED_COLUMNS = ("source row", "import problems")
"""The columns the CSV of rejected rows adds: never imported, never reported as unused."""
MISSION_FIELD = "mission"
"""A finding's mission: not a field of its front matter but the folder it is written in."""
_TOP = (
    "kind",
    "id",
    "split",
    "decode_entities",
    "encoding",
    "delimiter",
    "sheet",
    "header_rows",
    "fields",
    "fixed",
    "sections",
    "ignore",
)
_FIELD_KEYS = ("column", "columns", "split", "items", "default")
_SECTION_KEYS = ("column", "columns", "text", "format", "split")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Where one field's value comes from."""

    name: str
    columns: tuple[str, ...] = ()
    split: tuple[str, ...] | None = None
    items: dict[str, str] | None = None
    """For a list of objects: one object per row, each key from its column."""
    default: Any = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One `## ` section of the body: its title and where its text comes from."""

    title: str
    columns: tuple[str, ...] = ()
    text: str | None = None
    format: str = "text"
    split: tuple[str, ...] | None = None
    line: int | None = None


@dataclass(slots=True)
class Mapping:
    """A mapping, read and checked."""

    name: str
    kind: str
    id_column: str | None = None
    split: tuple[str, ...] = DEFAULT_SPLIT
    entities: bool = True
    read: ReadOptions = field(default_factory=ReadOptions)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    sections: list[SectionSpec] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    """Column name → the line of the mapping that names it first."""

    def columns_used(self) -> set[str]:
        used = {self.id_column} if self.id_column else set()
        for spec in self.fields.values():
            used.update(spec.columns)
            used.update((spec.items or {}).values())
        for section in self.sections:
            used.update(section.columns)
        return used


class MappingError(Exception):
    """The mapping cannot be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.sentence() for p in problems))
        self.problems = problems


def allowed_fields(kind: str) -> list[str]:
    """The fields a mapping may fill for `kind`."""
    names = field_names(kind)
    return [*names, MISSION_FIELD] if kind == "finding" else names


def required_fields(kind: str) -> list[str]:
    """Fields every entry of `kind` needs, whatever its status."""
    required = list(schema_for(kind)["required"])
    return [*required, MISSION_FIELD] if kind == "finding" else required


def built_in_path(kind: str) -> str:
    """The resource name of the shipped mapping for the site's export of `kind`."""
    return f"mappings/{BUILT_IN}-{kind}.yml"


def read_mapping(path_or_name: str, kind: str) -> Mapping:
    """The mapping in the file `path_or_name`, or the shipped `export` mapping of `kind`."""
    if path_or_name == BUILT_IN and not Path(path_or_name).exists():
        resource = resources.files("lessons_kb.importer").joinpath(built_in_path(kind))
        return parse_mapping(resource.read_text("utf-8"), f"{BUILT_IN} ({kind})", kind)
    text, problems = read_text(path_or_name, path_or_name)
    if text is None:
        raise MappingError(problems)
    return parse_mapping(text, path_or_name, kind)


class _Reader:
    def __init__(self, marked: MarkedData, name: str) -> None:
        self.marked = marked
        self.name = name
        self.problems: list[Problem] = []

    def line(self, *path: str | int) -> int | None:
        mark = self.marked.mark(path)
        return mark.line if mark else None

    def problem(
        self,
        path: tuple[str | int, ...],
        message: str,
        *,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        mark = self.marked.key_mark(path) if path else None
        self.problems.append(
            Problem(
                self.name,
                message,
                line=mark.line if mark else None,
                field=".".join(str(p) for p in path) or None,
                expected=expected,
                hint=hint,
            )
        )

    def unknown_keys(
        self, path: tuple[str | int, ...], data: dict[str, Any], known: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in known:
                self.problem(
                    (*path, key),
                    f"unknown setting `{key}`",
                    expected="one of " + ", ".join(known),
                    hint=did_you_mean(str(key), known),
                )

    def columns(self, path: tuple[str | int, ...], value: Any) -> tuple[str, ...]:
        """A column name or a list of them."""
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str | int) and str(n).strip() for n in names):
            self.problem(path, "names no column", expected="a column name, or a list of them")
            return ()
        return tuple(str(n).strip() for n in names)

    def split(self, path: tuple[str | int, ...], value: Any) -> tuple[str, ...] | None:
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(i, str) and i for i in items):
            self.problem(path, "is not a separator", expected='text such as ";" or [";", ","]')
            return None
        return tuple(items)


def parse_mapping(text: str, name: str, kind: str) -> Mapping:
    """A mapping from its YAML text; raises MappingError with every problem found."""
    marked = load_marked(text)
    reader = _Reader(marked, name)
    for error in marked.errors:
        reader.problems.append(
            Problem(name, error.message, line=error.mark.line if error.mark else None)
        )
    data = marked.data if marked.data is not None else {}
    if not isinstance(data, dict):
        raise MappingError([*reader.problems, Problem(name, "is not a list of settings")])
    reader.unknown_keys((), data, _TOP)
    declared = data.get("kind", kind)
    if declared != kind:
        reader.problem(
            ("kind",),
            f"the mapping is for a {declared}, not a {kind}",
            expected=f"`--kind {declared}`, or a mapping for {kind}s",
        )
    mapping = Mapping(name, kind)
    mapping.split = reader.split(("split",), data.get("split")) or DEFAULT_SPLIT
    if "decode_entities" in data:
        mapping.entities = data["decode_entities"] is not False
    header_rows = data.get("header_rows")
    if header_rows is not None and not (isinstance(header_rows, int) and 1 <= header_rows <= 10):
        reader.problem(("header_rows",), "is not a number of rows", expected="1 to 10")
        header_rows = None
    mapping.read = ReadOptions(
        encoding=_text(data.get("encoding")),
        delimiter=_text(data.get("delimiter")),
        sheet=_text(data.get("sheet")),
        header_rows=header_rows,
    )
    if data.get("id") is not None:
        id_columns = reader.columns(("id",), data["id"])
        mapping.id_column = id_columns[0] if id_columns else None
        _note_line(mapping, reader, mapping.id_column, ("id",))
    _read_fields(reader, mapping, data.get("fields"))
    _read_fixed(reader, mapping, data.get("fixed"))
    _read_sections(reader, mapping, data.get("sections"))
    ignore = data.get("ignore") or []
    mapping.ignore = [str(c) for c in (ignore if isinstance(ignore, list) else [ignore])]
    _check_coverage(reader, mapping)
    if reader.problems:
        raise MappingError(reader.problems)
    return mapping


def _text(value: Any) -> str | None:
    return str(value) if value is not None and str(value) else None


def _note_line(
    mapping: Mapping, reader: _Reader, column: str | None, path: tuple[str | int, ...]
) -> None:
    if column is not None and column not in mapping.lines:
        mapping.lines[column] = reader.line(*path) or 0


def _read_fields(reader: _Reader, mapping: Mapping, fields: Any) -> None:
    if fields is None:
        return
    if not isinstance(fields, dict):
        reader.problem(("fields",), "is not a list of `field: column` lines")
        return
    allowed = allowed_fields(mapping.kind)
    for name, value in fields.items():
        path: tuple[str | int, ...] = ("fields", name)
        if name not in allowed:
            reader.problem(
                path,
                f"`{name}` is not a field of a {mapping.kind}",
                expected="one of " + ", ".join(allowed),
                hint=did_you_mean(name, allowed),
            )
            continue
        spec = value if isinstance(value, dict) else {"column": value}
        reader.unknown_keys(path, spec, _FIELD_KEYS)
        columns: tuple[str, ...] = ()
        items: dict[str, str] | None = None
        if "items" in spec:
            if not isinstance(spec["items"], dict) or not spec["items"]:
                reader.problem((*path, "items"), "is not a list of `key: column` lines")
            else:
                items = {str(k): str(v) for k, v in spec["items"].items()}
                for key, column in items.items():
                    _note_line(mapping, reader, column, (*path, "items", key))
        elif "column" in spec or "columns" in spec:
            key = "column" if "column" in spec else "columns"
            columns = reader.columns((*path, key), spec[key])
        elif "default" not in spec:
            reader.problem(path, "names no column", expected="a column, `columns`, or `items`")
        for column in columns:
            _note_line(mapping, reader, column, path)
        mapping.fields[name] = FieldSpec(
            name,
            columns,
            reader.split((*path, "split"), spec.get("split")),
            items,
            spec.get("default"),
            reader.line(*path),
        )


def _read_fixed(reader: _Reader, mapping: Mapping, fixed: Any) -> None:
    if fixed is None:
        return
    if not isinstance(fixed, dict):
        reader.problem(("fixed",), "is not a list of `field: value` lines")
        return
    allowed = allowed_fields(mapping.kind)
    for name, value in fixed.items():
        if name not in allowed:
            reader.problem(
                ("fixed", name),
                f"`{name}` is not a field of a {mapping.kind}",
                expected="one of " + ", ".join(allowed),
                hint=did_you_mean(name, allowed),
            )
        elif name in mapping.fields:
            reader.problem(
                ("fixed", name),
                f"`{name}` is both under `fields` and under `fixed`",
                hint="keep one, or give the field a `default:` under `fields`",
            )
        else:
            mapping.fixed[name] = value


def _read_sections(reader: _Reader, mapping: Mapping, sections: Any) -> None:
    if sections is None:
        return
    if not isinstance(sections, dict):
        reader.problem(("sections",), "is not a list of `Section title: column` lines")
        return
    for title, value in sections.items():
        path: tuple[str | int, ...] = ("sections", title)
        spec = value if isinstance(value, dict) else {"columns": value}
        reader.unknown_keys(path, spec, _SECTION_KEYS)
        text = spec.get("text")
        columns: tuple[str, ...] = ()
        if "column" in spec or "columns" in spec:
            key = "column" if "column" in spec else "columns"
            columns = reader.columns((*path, key), spec[key])
        elif not isinstance(text, str) or not text.strip():
            reader.problem(path, "has no column and no text", expected="a column, or `text:`")
        for column in columns:
            _note_line(mapping, reader, column, path)
        fmt = spec.get("format", "text")
        if fmt not in SECTION_FORMATS:
            reader.problem(
                (*path, "format"),
                f"`{fmt}` is not a format",
                expected="one of " + ", ".join(SECTION_FORMATS),
                hint=did_you_mean(str(fmt), SECTION_FORMATS),
            )
        mapping.sections.append(
            SectionSpec(
                str(title).strip(),
                columns,
                text if isinstance(text, str) else None,
                fmt,
                reader.split((*path, "split"), spec.get("split")),
                reader.line(*path),
            )
        )


def _check_coverage(reader: _Reader, mapping: Mapping) -> None:
    """Fields every entry needs and required sections: once for the mapping, not per row."""
    given = set(mapping.fields) | set(mapping.fixed)
    for name in required_fields(mapping.kind):
        if name not in given:
            reader.problem(
                (),
                f"the mapping gives no value to `{name}`, which every {mapping.kind} needs",
                hint=f"add `{name}: <column>` under `fields:`, or `{name}: <value>` under `fixed:`",
            )
    titles = {s.title.casefold() for s in mapping.sections}
    for section in body_sections(mapping.kind):
        if section.casefold() not in titles:
            reader.problem(
                (),
                f"the mapping makes no `## {section}` section, which every {mapping.kind} needs",
                hint=f"add `{section}: <column>` under `sections:`, or `{section}: {{text: …}}`",
            )


def column_problems(mapping: Mapping, table: Table) -> list[Problem]:
    """Columns the mapping names that the table does not have."""
    problems = []
    for column in sorted(mapping.columns_used(), key=lambda c: mapping.lines.get(c, 0)):
        if column not in table.columns:
            problems.append(
                Problem(
                    mapping.name,
                    f'{table.name} has no column "{column}"',
                    line=mapping.lines.get(column) or None,
                    expected="one of " + ", ".join(f'"{c}"' for c in table.columns),
                    hint=did_you_mean(column, table.columns),
                )
            )
    return problems


def unused_columns(mapping: Mapping, table: Table) -> list[str]:
    """Columns of the table that the mapping neither uses nor ignores."""
    used = mapping.columns_used() | set(mapping.ignore) | set(REJECTED_COLUMNS)
    return [c for c in table.columns if c not in used]
