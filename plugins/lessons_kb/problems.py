"""Problems found in a knowledge base, and the formats they are reported in.

A problem names where it is (file, line, column, field), what was found, what was
expected and, where one exists, a likely fix. Problems are collected, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors stop a build, warnings stop a strict one."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place of the knowledge base."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR
    rule: str | None = None
    """For a quality hint, the name of its rule (each can be switched off in mkdocs.yml)."""
    stops_strict: bool = True
    """A warning that a strict build stops on; an outdated translation is reported but
    does not stop one (its page tells readers so)."""

    @property
    def fails_strict(self) -> bool:
        """Whether this problem fails a strict check or build."""
        return self.is_error or self.stops_strict

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """`file:line:column`, as far as it is known."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sentence(self) -> str:
        """The problem as one line of text, without its location; the field as an editor
        reads it (`recommendation 2, owner`, not `recommendations[1].owner`)."""
        text = f"{field_words(self.field)}: {self.message}" if self.field else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.message)


# --- Fields as editors read them ---------------------------------------------------------

#: What one item of a list field is called.
_ITEM_NAMES = {
    "countries": "country",
    "sdgs": "SDG",
    "themes": "theme",
    "organisations": "organisation",
    "organisers": "organiser",
    "findings": "finding",
    "recommendations": "recommendation",
    "evidence": "evidence item",
    "documents": "document",
    "authors": "author",
    "participants": "participant",
    "objectives": "objective",
    "stakeholders": "stakeholder",
    "related": "related entry",
    "type": "type",
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def _ordinal(number: int) -> str:
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    if 10 <= number % 100 <= 20:
        suffix = "th"
    return f"{number}{suffix}"


def field_words(field: str) -> str:
    """A field path as an editor reads it: `countries[0]` → `the first country`,
    `recommendations[1].owner` → `recommendation 2, owner`; a plain field stays as it is."""
    parts: list[str | int] = [int(index) if index else name for index, name in _PART.findall(field)]
    words: list[str] = []
    position = 0
    while position < len(parts):
        part = parts[position]
        following = parts[position + 1] if position + 1 < len(parts) else None
        if isinstance(part, int):
            words.append(f"item {part + 1}")
        elif isinstance(following, int):
            name = _ITEM_NAMES.get(part)
            if position + 2 == len(parts):
                ordinal = _ordinal(following + 1)
                words.append(f"the {ordinal} {name}" if name else f"the {ordinal} item of `{part}`")
            else:
                number = following + 1
                words.append(f"{name} {number}" if name else f"item {number} of `{part}`")
            position += 1
        else:
            words.append(part)
        position += 1
    return ", ".join(words) if words else field


def count_errors(problems: Iterable[Problem]) -> int:
    return sum(1 for p in problems if p.is_error)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(problems: list[Problem]) -> str:
    """`3 errors and 1 warning in 2 files`."""
    errors = count_errors(problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    return (
        f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
    )


def format_text(problems: list[Problem]) -> str:
    """Human text: problems grouped by file, in line order, then a count."""
    if not problems:
        return "No problems found."
    lines: list[str] = []
    current: str | None = None
    for problem in sorted(problems, key=Problem.sort_key):
        if problem.file != current:
            if current is not None:
                lines.append("")
            lines.append(problem.file)
            current = problem.file
        where = f"line {problem.line}" if problem.line is not None else "file"
        lines.append(f"  {where}: {problem.severity.value}: {problem.sentence()}")
    lines.append("")
    lines.append(summary(problems))
    return "\n".join(lines)


def _annotation_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: one annotation per problem."""
    lines = []
    for problem in sorted(problems, key=Problem.sort_key):
        props = [f"file={_annotation_escape(problem.file, property_value=True)}"]
        if problem.line is not None:
            props.append(f"line={problem.line}")
            if problem.column is not None:
                props.append(f"col={problem.column}")
        if problem.field:
            props.append(f"title={_annotation_escape(problem.field, property_value=True)}")
        message = _annotation_escape(problem.sentence())
        lines.append(f"::{problem.severity.value} {','.join(props)}::{message}")
    return "\n".join(lines)
