"""Problems placed at a field of an entry's front matter, at the line the editor wrote it."""

from __future__ import annotations

from lessons_kb.model import Entry
from lessons_kb.problems import Problem, Severity
from lessons_kb.source.yamlnodes import Path, format_path


def problem_at(
    entry: Entry,
    path: Path,
    message: str,
    *,
    expected: str | None = None,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    rule: str | None = None,
) -> Problem:
    """A problem at the value of `path` in the entry's front matter."""
    mark = entry.marks.mark(path)
    return Problem(
        entry.rel_path,
        message,
        line=mark.line if mark else 1,
        column=mark.column if mark else None,
        field=format_path(path) or None,
        expected=expected,
        hint=hint,
        severity=severity,
        rule=rule,
    )
