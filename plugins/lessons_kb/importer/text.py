"""Cell text made fit for an entry: clean characters, one-line fields, literal Markdown.

Cells come from spreadsheets and other systems: HTML entities (decoded once, so that a
title never shows `&#39;`), control characters, Windows line ends, Unicode line
separators and decomposed accents (normalised to NFC). A body cell is plain text whose
paragraphs and lists are kept, and whose every other character is escaped so that the
page shows what the cell held: `Super*Zip` stays `Super*Zip`, `+\\-` stays `+\\-`.
"""

from __future__ import annotations

import html
import re
import unicodedata

from lessons_kb.site.render import markdown_text

# C0 controls but tab and new line, DEL, C1 controls, BOMs, non-characters, lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_BULLET = re.compile(r"^[-*+•◦▪‣–—·]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_NUMBER_START = re.compile(r"^(\d+)([.)])")
HARD_BREAK = "  \n"


def clean(text: str, *, entities: bool = True) -> str:
    """`text` with `\\n` line ends, no control characters, entities decoded once, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    if entities and "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """Text for a one-line field: new lines and tabs become spaces, ends trimmed."""
    return re.sub(r"[ \t]*\n\s*", " ", text).replace("\t", " ").strip()


def inline(text: str) -> str:
    """One line of literal text as Markdown: nothing in it is read as markup."""
    text = markdown_text(text.replace("\t", " ").strip())
    if text[:1] in ("-", "="):  # a list item, a rule or a heading's underline
        text = ("\\-" if text[0] == "-" else "&#61;") + text[1:]
    elif text[:1] == "?":  # `???` opens a folded block
        text = "&#63;" + text[1:]
    elif text[:1] == ":":  # `:::` opens a block in some extensions
        text = "&#58;" + text[1:]
    return _NUMBER_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _runs(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Consecutive lines grouped as `bullet`, `numbered` or `text` runs."""
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        kind = "bullet" if _BULLET.match(line) else "numbered" if _NUMBERED.match(line) else "text"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def _numbers_follow(lines: list[str]) -> bool:
    """Whether a numbered run counts 1, 2, 3…: only then does a Markdown list show the
    same numbers (it always counts from 1)."""
    numbers = [int(m.group("number")) for line in lines if (m := _NUMBERED.match(line))]
    return numbers == list(range(1, len(numbers) + 1))


def _run_markdown(kind: str, lines: list[str]) -> str:
    if kind == "bullet":
        return "\n".join(
            "- " + inline(m.group("text")) for line in lines if (m := _BULLET.match(line))
        )
    if kind == "numbered" and _numbers_follow(lines):
        return "\n".join(
            f"{m.group('number')}. " + inline(m.group("text"))
            for line in lines
            if (m := _NUMBERED.match(line))
        )
    return HARD_BREAK.join(inline(line) for line in lines)


def markdown_from_text(text: str) -> str:
    """A cell's plain text as a Markdown body part: its paragraphs, its bulleted and
    numbered lists and its line breaks kept, every other character shown as written."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if lines:
            blocks += [_run_markdown(kind, run) for kind, run in _runs(lines)]
    return "\n\n".join(blocks)


def markdown_list(items: list[str]) -> str:
    """Items as a bulleted Markdown list of literal text."""
    return "\n".join("- " + inline(one_line(item)) for item in items if item.strip())


def markdown_as_written(text: str) -> str:
    """A cell that already holds Markdown: cleaned, trailing spaces of lines kept."""
    return "\n".join(line.rstrip("\t") for line in text.strip("\n").split("\n"))
