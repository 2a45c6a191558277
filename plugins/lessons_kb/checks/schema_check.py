"""Validating an entry's front matter against its kind's JSON Schema, with errors for people.

`jsonschema` finds every error and gives its path into the document; each is turned
into a Problem at the line of that path, saying what was found, what was expected and,
where one exists, a likely fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from lessons_kb.model import Entry
from lessons_kb.problems import Problem
from lessons_kb.schema import KINDS, schema_for
from lessons_kb.source.yamlnodes import Path, format_path
from lessons_kb.vocab import did_you_mean

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a group of fields",
    "boolean": "true or false",
    "null": "nothing",
}


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    """A compiled check that only says valid or not: most entries are valid, and
    `jsonschema` (which explains every error) then has nothing to do."""
    schema = schema_for(kind)
    for key in ("$schema", "$id", "x-body-sections"):
        schema.pop(key, None)
    return fastjsonschema.compile(schema, formats={"date": _is_date})


def warm_up_validators() -> None:
    """Compile every kind's validators now (before forking workers that share them)."""
    for kind in KINDS:
        _fast_validator(kind)
        _validator(kind)


def is_valid(entry: Entry) -> bool:
    """Whether the front matter of `entry` passes its schema (fast, without details)."""
    try:
        _fast_validator(entry.kind)(entry.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(
        schema_for(kind), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _is_date_schema(schema: Mapping[str, Any]) -> bool:
    return schema.get("format") == "date"


_ID_PATTERN = schema_for("lesson")["$defs"]["id"]["pattern"]


def _is_id_schema(schema: Mapping[str, Any]) -> bool:
    """The rule of an id of another entry or of a taxonomy term."""
    return bool(schema.get("pattern") == _ID_PATTERN)


def _condition(error: ValidationError, schema: Mapping[str, Any] | bool) -> str | None:
    """The statuses under which the failed rule applies, if it is status-conditional."""
    path = list(error.schema_path)
    if "then" not in path or isinstance(schema, bool):
        return None
    rule: Any = schema
    for part in path[: path.index("then")]:
        rule = rule[part]
    status = rule["if"]["properties"]["status"]
    statuses = status.get("enum") or [status["const"]]
    return " or ".join(f"`{s}`" for s in statuses)


class _Translator:
    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.problems: list[Problem] = []
        self.dated: set[Path] = set()

    def add(
        self,
        path: Path,
        message: str,
        *,
        expected: str | None = None,
        hint: str | None = None,
        at_key: bool = False,
    ) -> None:
        marks = self.entry.marks
        mark = marks.key_mark(path) if at_key else marks.mark(path)
        self.problems.append(
            Problem(
                self.entry.rel_path,
                message,
                line=mark.line if mark else 1,
                column=mark.column if mark else None,
                field=format_path(path) or None,
                expected=expected,
                hint=hint,
            )
        )

    def translate(self, error: ValidationError, condition: str | None) -> None:
        path: Path = tuple(error.absolute_path)
        kind = error.validator
        # What failed, in the document and in the schema: any JSON values.
        value: Any = error.instance
        rule: Any = error.validator_value
        schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
        when = f" when status is {condition}" if condition else ""
        if kind == "additionalProperties":
            known = list(schema.get("properties", {}))
            for key in [k for k in value if k not in known]:
                self.add(
                    (*path, key),
                    f"unknown field `{key}`",
                    expected="one of " + ", ".join(known),
                    hint=did_you_mean(key, known) or "remove it, or check the field list",
                    at_key=True,
                )
        elif kind == "required":
            for name in [n for n in rule if n not in value]:
                where = ("status",) if condition and not path else path
                self.add(
                    (*path, name) if not condition else where,
                    f"`{name}` is required{when}",
                    expected=f"the field `{name}`" + (f" in {format_path(path)}" if path else ""),
                    hint=_required_hint(name, condition),
                )
        elif kind in ("enum", "const"):
            allowed = rule if kind == "enum" else [rule]
            self.add(
                path,
                f"found {_found(value)}",
                expected="one of " + ", ".join(str(a) for a in allowed),
                hint=did_you_mean(str(value), [str(a) for a in allowed]),
            )
        elif kind == "type":
            self.translate_type(path, value, rule)
        elif kind in ("format", "pattern") and _is_date_schema(schema):
            if path not in self.dated:
                self.dated.add(path)
                self.add(
                    path,
                    f"{_found(value)} is not a valid date",
                    expected="a real calendar date written YYYY-MM-DD, such as 2024-08-06",
                )
        elif kind == "pattern" and _is_id_schema(schema):
            pass  # an id that names nothing: the reference and vocabulary checks say which
        elif kind == "pattern":
            self.add(
                path,
                f"{_found(value)} is not in the expected form",
                expected=schema.get("description") or f"text matching {rule}",
            )
        elif kind in ("minLength", "maxLength"):
            size = "short" if kind == "minLength" else "long"
            self.add(
                path,
                f"is too {size} ({len(value)} characters)",
                expected=f"{'at least' if size == 'short' else 'at most'} {rule} characters",
            )
        elif kind == "minItems":
            self.add(
                path,
                f"needs at least {rule} item(s){when}",
                expected=f"a list with at least {rule} item(s)",
            )
        elif kind == "contains":
            self.add(
                path,
                f"at least one item needs {_contains_need(rule)}{when}",
                expected=f"an item with {_contains_need(rule)}",
            )
        elif kind == "uniqueItems":
            self.add(
                path,
                "lists the same value twice",
                expected="each value once",
                hint="remove the repeated value",
            )
        else:
            self.add(path, error.message)

    def translate_type(self, path: Path, value: Any, expected_type: str | list[str]) -> None:
        types = expected_type if isinstance(expected_type, list) else [expected_type]
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        hint = _type_hint(path, value, types)
        self.add(path, f"found {_found(value)}", expected=expected, hint=hint)


def _written(path: Path) -> str:
    """How the value at `path` starts in the file: `name: ` or `- `."""
    return "- " if path and isinstance(path[-1], int) else f"{path[-1]}: " if path else ""


def _type_hint(path: Path, value: Any, types: list[str]) -> str | None:
    """A likely fix, with an example made from what the editor wrote."""
    written = _written(path)
    if value is None:
        return "give it a value, or remove the field"
    if "string" in types and isinstance(value, list):
        items = ", ".join(str(v) for v in value if not isinstance(v, list | dict))
        return f"write it as one line of text: `{written}{items or '…'}`"
    if "string" in types and isinstance(value, dict):
        pairs = [f"{k}: {v}" if v is not None else str(k) for k, v in value.items()]
        return (
            "the text contains `: `, so it is read as a field: put it in quotes, "
            f'`{written}"{"; ".join(pairs)}"`'
        )
    if "string" in types and isinstance(value, int | float | bool):
        return f'put the value in quotes: `{written}"{_scalar(value)}"`'
    if "array" in types and isinstance(value, str):
        if value.startswith("-"):
            shown = ", ".join(item.strip().lstrip("- ") for item in value.split(" - "))
            return f"put a space after each `-`, or write the list as `[{shown}]`"
        return f"write it as a list: `{written}[{value}]`"
    if "array" in types and not isinstance(value, dict):
        return f"write it as a list: `{written}[{_scalar(value)}]`"
    if "object" in types and isinstance(value, str):
        example = {
            "recommendations": f"`- text: {value}`, then `owner:`, `due:` and `status:` "
            "on the lines below it, lined up with `text:`",
            "evidence": f"`- kind: document`, then `source: {value}` on the line below, "
            "lined up with `kind:`",
            "documents": f"`- title: {value}`, then `kind:` and `link:` on the lines below, "
            "lined up with `title:`",
        }
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        if name in example:
            return f"write each item as a group of fields: {example[name]}"
        return "write it as a group of `name: value` lines"
    return None


def _scalar(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _contains_need(rule: Mapping[str, Any]) -> str:
    required = rule.get("required", [])
    return " and ".join(f"`{r}`" for r in required) or "the required fields"


def _required_hint(name: str, condition: str | None) -> str | None:
    if condition:
        return f"add `{name}`, or set the status to an earlier stage"
    return None


def schema_problems(entry: Entry) -> list[Problem]:
    """Every way the front matter of `entry` breaks its kind's schema."""
    if is_valid(entry):
        return []
    validator = _validator(entry.kind)
    translator = _Translator(entry)
    for error in validator.iter_errors(entry.data):
        translator.translate(error, _condition(error, validator.schema))
    return translator.problems
