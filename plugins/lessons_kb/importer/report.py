"""What an import says about each row: its problems and the values it resolved, each
as one line naming the file, the row and the column:

    lessons.csv:row 4, column "Country": "Guyanna" is not a country code — did you mean GUY?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons_kb.problems import Problem, Severity

_CODE = re.compile(r"`([^`]*)`")


def column_label(column: str) -> str:
    return f'column "{column}"'


def fixed_label(name: str) -> str:
    return f"the mapping's fixed `{name}`"


@dataclass(frozen=True, slots=True)
class RowPlace:
    """A row of a table: `lessons.csv:row 4`."""

    table: str
    unit: str
    number: int

    def __str__(self) -> str:
        return f"{self.table}:{self.unit} {self.number}"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem of one row, at the column (or mapping value) it comes from."""

    place: RowPlace
    where: str | None
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        warning = "warning: " if not self.is_error else ""
        return f"{self.place}{where}: {warning}{self.message}"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A value a vocabulary resolved with certainty."""

    place: RowPlace
    where: str
    original: str
    label: str

    def __str__(self) -> str:
        return f'{self.place}, {self.where}: "{self.original}" → {self.label}'


def quoted(text: str) -> str:
    """`x` marks of the checks' messages as "x", for a line about a cell."""
    return _CODE.sub(r'"\1"', text)


def plain(text: str) -> str:
    return _CODE.sub(r"\1", text)


def describe(problem: Problem) -> str:
    """A check's problem as words about a cell: what is wrong, and the likely fix."""
    text = quoted(problem.message)
    hint = plain(problem.hint) if problem.hint else None
    says_what = not problem.message.startswith("found") and (hint or "").startswith("did you")
    if problem.expected and not says_what:
        text += f" (expected {plain(problem.expected)})"
    if hint:
        text += f" — {hint}"
    return text
