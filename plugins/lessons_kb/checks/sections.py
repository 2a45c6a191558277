"""The shape of an entry's body: its required sections, and text that would not show as
written.

- errors: a required `## ` section missing (naming a heading close to it: `## Lessons
  learned` for `## Lesson`) or left empty;
- warnings: a `# ` title heading (the title comes from the front matter), a paragraph
  indented by four spaces or a tab (Markdown shows it as a grey block of code), and lines
  indented with tabs. Fenced code (between ``` lines) is left alone.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from lessons_kb.model import Entry
from lessons_kb.problems import Problem, Severity
from lessons_kb.schema import body_sections

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
#: Lines whose indented continuation is not code: list items, admonitions and details,
#: raw HTML blocks, footnotes.
_CONTAINER = re.compile(r"^ {0,3}(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|<[A-Za-z/!]|\[\^[^\]]+\]:)")
_CLOSE = 0.6


def section_problems(entry: Entry) -> list[Problem]:
    """Required sections missing, misnamed or empty; a `# ` title; text that would show
    as code."""
    return _required(entry) + _titles(entry) + _indentation(entry)


def _required(entry: Entry) -> list[Problem]:
    problems: list[Problem] = []
    headings = entry.outline().headings
    required = body_sections(entry.kind)
    wanted = ", ".join(f"`## {s}`" for s in required)
    lines = entry.body.split("\n")
    for section in required:
        found = [(level, text, index) for level, text, index in headings if level == 2]
        match = next((h for h in found if h[1].casefold() == section.casefold()), None)
        if match is not None:
            if _is_empty(lines, match[2], headings):
                problems.append(
                    Problem(
                        entry.rel_path,
                        f"the `## {section}` section is empty",
                        line=entry.body_line + match[2],
                        expected=f"text under `## {section}`",
                        hint=f"write the {section.lower()} under the heading, before the next "
                        "`## ` heading",
                    )
                )
            continue
        close = _close_heading(section, headings, required)
        if close is not None:
            level, text, index = close
            problems.append(
                Problem(
                    entry.rel_path,
                    f"the body has no `## {section}` section; `{'#' * level} {text}` is close "
                    "to it",
                    line=entry.body_line + index,
                    expected="sections " + wanted,
                    hint=f"did you mean `## {section}`? Rename the heading to `## {section}`",
                )
            )
            continue
        problems.append(
            Problem(
                entry.rel_path,
                f"the body has no `## {section}` section",
                line=entry.body_line,
                expected="sections " + wanted,
                hint=f"add a line `## {section}` followed by its text",
            )
        )
    return problems


def _close_heading(
    section: str, headings: tuple[tuple[int, str, int], ...], required: list[str]
) -> tuple[int, str, int] | None:
    """The heading an editor most likely meant as `## section`."""
    taken = {s.casefold() for s in required}
    best: tuple[float, tuple[int, str, int]] | None = None
    for heading in headings:
        level, text, _ = heading
        name = text.casefold().strip(" :.")
        if level == 2 and name in taken:
            continue
        wanted = section.casefold()
        score = difflib.SequenceMatcher(None, name, wanted).ratio()
        if name == wanted or name.split()[:1] == [wanted] or name.startswith(wanted):
            score = max(score, 0.9)
        elif wanted in name.split() or (name.split()[:1] and name.split()[0].rstrip("s") == wanted):
            score = max(score, 0.8)
        if score >= _CLOSE and (best is None or score > best[0]):
            best = (score, heading)
    return best[1] if best else None


def _is_empty(lines: list[str], index: int, headings: tuple[tuple[int, str, int], ...]) -> bool:
    """Whether nothing but blank lines stands under the heading on line `index`, up to
    the next heading of its level or above."""
    end = next((i for level, _, i in headings if i > index and level <= 2), len(lines))
    inner = {i for _, _, i in headings}
    return all(not lines[i].strip() for i in range(index + 1, end) if i not in inner)


def _titles(entry: Entry) -> list[Problem]:
    return [
        Problem(
            entry.rel_path,
            "the body has a `# ` title heading; the title comes from the `title` field",
            line=entry.body_line + index,
            expected="sections starting with `## `",
            hint="remove the line, or make it a `## ` section",
            severity=Severity.WARNING,
        )
        for level, _, index in entry.outline().headings
        if level == 1
    ]


def _prose(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of every line outside fenced code."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None:
            if match and match.group(1).startswith(fence):
                fence = None
        else:
            yield index, line


def _indentation(entry: Entry) -> list[Problem]:
    """Paragraphs that Markdown would show as code, and lines indented with tabs."""
    problems: list[Problem] = []
    blank_before = True
    inside: bool = False
    """Within a list item, an admonition, a raw HTML block or a footnote: their indented
    lines are their content, not code."""
    in_code = False
    previous = -2
    for index, line in _prose(entry.body):
        if index != previous + 1:
            blank_before, in_code = True, False  # a fenced block stood between
        previous = index
        if not line.strip():
            blank_before = True
            continue
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        width = len(leading.expandtabs(4))
        becomes_code = width >= 4 and blank_before and not inside and not in_code
        if "\t" in leading and not in_code and not becomes_code:
            problems.append(_tab(entry, index, leading.index("\t")))
        if becomes_code:
            in_code = True
            problems.append(
                Problem(
                    entry.rel_path,
                    "this paragraph is indented by four spaces or a tab, so the site shows it "
                    "as a grey block of code",
                    line=entry.body_line + index,
                    expected="text starting at the margin",
                    hint="remove the spaces or tab at the start of its lines; to show code on "
                    "purpose, put it between two lines of ```",
                    severity=Severity.WARNING,
                )
            )
        elif width < 4:
            in_code = False
            if _CONTAINER.match(line):
                inside = True
            elif blank_before:
                inside = False
        blank_before = False
    return problems


def _tab(entry: Entry, index: int, column: int) -> Problem:
    return Problem(
        entry.rel_path,
        "this line is indented with a tab",
        line=entry.body_line + index,
        column=column + 1,
        expected="spaces for indentation",
        hint="indent with spaces (four for each level of a list): Markdown reads a tab as "
        "four spaces, which can turn the text into code",
        severity=Severity.WARNING,
    )
