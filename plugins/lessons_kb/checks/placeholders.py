"""Placeholders left from a template: every `TODO:` in an entry is an error.

`lessons-kb new` writes entries whose front matter and sections hold `TODO:` text where
the editor has to write or choose something; until each is replaced the entry does not
build. Both values and YAML comments count (`kind: gap  # TODO: choose …` asks the
editor to confirm a choice), so the file is read again as text. Fenced code is skipped.
"""

from __future__ import annotations

import re

from lessons_kb.model import Entry
from lessons_kb.problems import Problem

MARKER = "TODO:"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SECTION = re.compile(r"^ {0,3}##[ \t]+(.*?)[ \t#]*$")
_SHOWN = 70


def _shown(text: str) -> str:
    text = text.strip().removeprefix("#").strip().strip("\"'")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _field_at(entry: Entry, line: int) -> str | None:
    """The field whose key stands on `line`, or the last top-level key above it."""
    best: tuple[int, int, str] | None = None
    for path, mark in entry.marks.keys.items():
        if mark.line > line or (mark.line < line and len(path) != 1):
            continue
        candidate = (mark.line, len(path), ".".join(str(p) for p in path))
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def placeholder_problems(entry: Entry, text: str) -> list[Problem]:
    """An error for each `TODO:` placeholder still in the entry's file, whose `text` is
    given (the check has read it already)."""
    if MARKER not in text:
        return []
    problems: list[Problem] = []
    lines = text.split("\n")
    fence: str | None = None
    section: str | None = None
    for number, line in enumerate(lines, start=1):
        in_body = number >= entry.body_line
        if in_body:
            match = _FENCE.match(line)
            if fence is None and match:
                fence = match.group(1)[0] * len(match.group(1))
                continue
            if fence is not None:
                if match and match.group(1).startswith(fence):
                    fence = None
                continue
            heading = _SECTION.match(line)
            if heading:
                section = heading.group(1).strip()
        column = line.find(MARKER)
        if column < 0:
            continue
        placeholder = _shown(line[column:])
        in_comment = not in_body and "#" in line[:column]
        expected = "your own text"
        if in_body:
            where = f" in the `## {section}` section" if section else ""
            message = f"placeholder text left{where}: `{placeholder}`"
            hint = "replace the `TODO:` line with your own text"
        elif in_comment:
            message = f"a choice to confirm: `{placeholder}`"
            expected = "the value you chose, without the `# TODO:` comment"
            hint = "set the value before the `#`, then delete the comment"
        else:
            message = f"placeholder text left: `{placeholder}`"
            hint = "replace the `TODO:` text with your own"
        problems.append(
            Problem(
                entry.rel_path,
                message,
                line=number,
                column=column + 1,
                field=None if in_body else _field_at(entry, number),
                expected=expected,
                hint=hint,
            )
        )
    return problems
