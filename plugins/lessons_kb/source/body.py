"""Reading an entry's Markdown body: its `## ` sections and its `[[id]]` links.

Fenced code blocks and inline code are left alone: `[[id]]` written inside code is text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
# Inline code first, so that a link inside backticks is matched (and kept) as code.
_INLINE = re.compile(
    r"(?P<code>`+)(?:.+?)(?P=code)|\[\[(?P<id>[^\[\]|\n]+?)(?:\|(?P<text>[^\[\]\n]+?))?\]\]"
)


@dataclass(frozen=True, slots=True)
class WikiLink:
    """`[[target|text]]` at a 0-based line and column of the body."""

    target: str
    text: str | None
    line: int
    column: int


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of every line outside fenced code blocks."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None and match and match.group(1).startswith(fence):
            fence = None
        elif fence is None:
            yield index, line


@dataclass(frozen=True, slots=True)
class Outline:
    """What the checks need of a body, read in one pass: headings and `[[id]]` links."""

    headings: tuple[tuple[int, str, int], ...]
    """`(level, text, line index)` of each heading."""
    links: tuple[WikiLink, ...]


def outline(body: str) -> Outline:
    """The headings and `[[…]]` links of a body, outside code."""
    found_headings = []
    found_links = []
    has_links = "[[" in body
    for index, line in _prose_lines(body):
        if line.lstrip(" ").startswith("#"):
            match = _HEADING.match(line)
            if match:
                found_headings.append((len(match.group(1)), match.group(2).strip(), index))
        if has_links and "[[" in line:
            for match in _INLINE.finditer(line):
                if match.group("id") is not None:
                    text = match.group("text")
                    found_links.append(
                        WikiLink(
                            match.group("id").strip(),
                            text.strip() if text else None,
                            index,
                            match.start(),
                        )
                    )
    return Outline(tuple(found_headings), tuple(found_links))


def wikilinks(body: str) -> list[WikiLink]:
    """Every `[[id]]` and `[[id|text]]` outside code."""
    return list(outline(body).links)


def replace_wikilinks(body: str, render: Callable[[WikiLink], str]) -> str:
    """The body with each `[[…]]` outside code replaced by `render(link)`."""
    lines = body.split("\n")
    for index, line in _prose_lines(body):
        if "[[" not in line:
            continue

        def substitute(match: re.Match[str], index: int = index) -> str:
            if match.group("id") is None:
                return match.group(0)
            text = match.group("text")
            link = WikiLink(
                match.group("id").strip(), text.strip() if text else None, index, match.start()
            )
            return render(link)

        lines[index] = _INLINE.sub(substitute, line)
    return "\n".join(lines)
