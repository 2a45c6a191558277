"""Pages without the indentation and blank lines the theme's templates leave in them.

A template's indentation is a tenth of a built page (more on listings) and means nothing to
a browser: in HTML a run of spaces and newlines between words shows as one space, so
dropping the spaces that start a line, and blank lines, changes nothing a reader sees. Text
where spaces do count (`<pre>`, `<textarea>`) and scripts are left exactly as they are.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def compact(text: str) -> str:
    """`text` with each line's leading spaces and the blank lines taken out."""
    parts = _KEPT.split(text)
    out: list[str] = []
    # split() gives [outside, kept, tag name, outside, kept, tag name, ...]
    for number, part in enumerate(parts):
        place = number % 3
        if place == 0:
            out.append(_INDENT.sub("\n", part))
        elif place == 1:
            out.append(part)
    return "".join(out)
