"""HTML in an entry's body that the site removes, told to the editor at its line.

The site shows an entry's body through an allowlist (`lessons_kb.finish.sanitize`): what
it does not allow is removed without a word. This check reads the body's raw HTML (with
Python's `html.parser`, outside fenced code blocks, inline code and `\\<` escapes), its
Markdown pictures and its `{…}` attribute lists, and reports what would be removed, with
the same rules as the sanitiser, in words for an editor:

- errors (the entry does not build until they are fixed): a picture, video or recording
  that is not a file of this site (the page would show nothing where the editor expects
  it, and the reader's browser would otherwise ask another site for it), and a comment
  holding `lessons-kb:` or `lkb:` (the markers of the site's own pages: in a body one
  would move or cut what the site puts around it);
- warnings (a strict build, such as the published site's, stops on them): scripts,
  embedded pages and players, forms, style sheets, event handlers, `style`, `srcset`,
  `poster`, `name`, `data-…` attributes, and `id`s the site would not keep. Each is
  removed safely, so the page still reads as written, less that markup.

Indented code blocks are read as HTML (their indentation cannot be told from an
admonition's), so HTML shown that way may be reported: fence it with ``` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from lessons_kb.finish.sanitize import (
    RESERVED_ID_PREFIXES,
    is_kept_alignment,
    is_kept_id,
    is_safe_url,
    is_site_file,
)
from lessons_kb.model import Entry
from lessons_kb.problems import Problem, Severity

Attributes = list[tuple[str, str | None]]

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_ESCAPED = re.compile(r"\\[<{!]")
_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)")
_REFERENCE_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[([^\]]*)\])?(?![(\[])")
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?[ ]*([^{}\n]+?)[ ]*\}")
_ATTR_TOKEN = re.compile(
    r"#(?P<id>[^\s}]+)|\.(?P<cls>[^\s}]+)"
    r"|(?P<key>[^\s=}]+)=(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]*))"
)
_RESERVED_COMMENT = re.compile(r"lessons-kb:|lkb:", re.IGNORECASE)
_SHOWN = 60

MEDIA_NAMES = {"img": "picture", "video": "video", "audio": "recording", "source": "media file"}
SCRIPTS = frozenset({"script"})
EMBEDS = frozenset({"iframe", "object", "embed", "frame", "frameset", "applet", "portal"})
FORMS = frozenset({"form", "input", "button", "select", "textarea"})
STYLE_SHEETS = frozenset({"style", "link"})
PICTURE_HINT = (
    "pictures must be files of this site: put the file in the `docs/images/` folder and "
    "write `![what it shows](../images/name.png)`, or link to it instead: "
    "`[what it shows](https://…)`"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the site removes, at a 1-based line and column of the body."""

    line: int
    column: int
    message: str
    hint: str
    severity: Severity = Severity.WARNING


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


# --- What is prose ----------------------------------------------------------------------


def _blank(text: str) -> str:
    """`text` with every character but line breaks made a space (columns stay put)."""
    return re.sub(r"[^\n]", " ", text)


def prose(body: str) -> str:
    """The body with fenced code, inline code and escaped characters blanked out, so that
    only what Markdown passes on as HTML is left, at the same lines and columns."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            lines[index] = ""
        elif fence is not None:
            if match and match.group(1).startswith(fence):
                fence = None
            lines[index] = ""
        else:
            line = _CODE_SPAN.sub(lambda m: _blank(m.group(0)), line)
            lines[index] = _ESCAPED.sub("  ", line)
    return "\n".join(lines)


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- The rules, shared by raw HTML and attribute lists ----------------------------------


def _id_hint(value: str) -> str:
    if value.startswith(("_", *RESERVED_ID_PREFIXES)):
        return (
            "ids starting with `_`, `md-`, `lkb-` or `pagefind` belong to the site: choose another"
        )
    if is_kept_id(value.lower()):
        return f"write it in lowercase: `{value.lower()}`"
    if re.fullmatch(r"[a-z0-9_-]+", value):
        return f"`{value}` is a name web browsers use: choose another, such as `{value}-section`"
    return "use lowercase letters, digits and hyphens, such as `key-figures`"


def _attribute_finding(tag: str, name: str, value: str, line: int, column: int) -> Finding | None:
    """What the site does to one attribute, when it removes it."""
    shown = f"`{name}`"
    if name.startswith("on"):
        return Finding(
            line,
            column,
            f"the event handler {shown} is removed: pages of the knowledge base run no code",
            "delete it",
        )
    if name == "style" and not is_kept_alignment(tag, value):
        return Finding(
            line,
            column,
            f"the `style` attribute (`{_shown(value)}`) is removed: the site's own styles apply",
            "delete it; write emphasis in Markdown (`**bold**`, `*italics*`) and align table "
            "columns with `:---`, `:---:` or `---:` under the heading row",
        )
    if name == "id" and not is_kept_id(value):
        message = f"the id `{_shown(value)}` is removed, so nothing can link to it"
        return Finding(line, column, message, _id_hint(value))
    if name == "name":
        return Finding(
            line,
            column,
            f"the `name` attribute (`{_shown(value)}`) is removed",
            'to make a place to link to, use an id such as `id="key-figures"`',
        )
    if name == "href" and not is_safe_url(value):
        return Finding(
            line,
            column,
            f"the link address `{_shown(value)}` is removed, so the link goes nowhere",
            "links may go to pages of this site, web pages (`https://…`), e-mail "
            "(`mailto:…`) or telephone numbers (`tel:…`)",
        )
    if name in ("srcset", "poster"):
        return Finding(
            line,
            column,
            f"{shown} is removed: the site shows one picture, from `src`",
            "give a single picture of this site in `src`",
        )
    if name.startswith("data-"):
        owner = name.startswith(("data-md-", "data-pagefind-"))
        why = ": names starting `data-md-` and `data-pagefind-` belong to the site" if owner else ""
        return Finding(line, column, f"the attribute {shown} is removed{why}", "delete it")
    return None


def _media_finding(tag: str, attrs: dict[str, str], line: int, column: int) -> Finding | None:
    source = attrs.get("src")
    if tag not in MEDIA_NAMES or source is None or is_site_file(source):
        return None
    return Finding(
        line,
        column,
        f"the {MEDIA_NAMES[tag]} `{_shown(source)}` is not a file of this site, so the page "
        "will not show it",
        PICTURE_HINT,
        Severity.ERROR,
    )


def _element_finding(tag: str, line: int, column: int) -> Finding | None:
    """What the site does to a whole element, when it removes it."""
    if tag in SCRIPTS:
        return Finding(
            line,
            column,
            "a `<script>` is removed: pages of the knowledge base run no code",
            "delete it; to show code, put it between lines of three backticks (```)",
        )
    if tag in EMBEDS:
        return Finding(
            line,
            column,
            f"the embedded page or player (`<{tag}>`) is removed",
            "link to it instead: `[what it is](https://…)`",
        )
    if tag in FORMS:
        return Finding(
            line,
            column,
            f"the form element `<{tag}>` is removed",
            "link to the form on its own site instead: `[the survey](https://…)`",
        )
    if tag in STYLE_SHEETS:
        return Finding(
            line,
            column,
            f"the style sheet (`<{tag}>`) is removed: the site's own styles apply",
            "delete it; write emphasis in Markdown (`**bold**`, `*italics*`)",
        )
    return None


def element_findings(tag: str, attrs: Attributes, line: int, column: int) -> list[Finding]:
    """What the site removes from one element written in HTML."""
    values = {name: value or "" for name, value in attrs}
    found = [_element_finding(tag, line, column), _media_finding(tag, values, line, column)]
    found += [_attribute_finding(tag, n, v, line, column) for n, v in values.items()]
    return [f for f in found if f is not None]


# --- Reading the body -------------------------------------------------------------------


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        line, offset = self.getpos()
        self.found += element_findings(tag, attrs, line, offset + 1)

    def handle_startendtag(self, tag: str, attrs: Attributes) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        if _RESERVED_COMMENT.search(data):
            line, offset = self.getpos()
            self.found.append(
                Finding(
                    line,
                    offset + 1,
                    f"the comment `<!-- {_shown(data)} -->` uses a name reserved for the "
                    "site's own pages (`lessons-kb:` or `lkb:`)",
                    "delete the comment, or write it without `lessons-kb:` and `lkb:`",
                    Severity.ERROR,
                )
            )


def html_findings(text: str) -> list[Finding]:
    """What the site removes from the raw HTML in `text` (prose, as `prose` leaves it)."""
    if "<" not in text:
        return []
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.found


def _image_finding(text: str, offset: int, source: str) -> Finding | None:
    if is_site_file(source):
        return None
    line, column = _position(text, offset)
    message = (
        f"the picture `{_shown(source)}` is not a file of this site, so the page will not show it"
    )
    return Finding(line, column, message, PICTURE_HINT, Severity.ERROR)


def image_findings(text: str) -> list[Finding]:
    """Markdown pictures (`![…](…)`, `![…][label]`) that are not files of this site."""
    if "![" not in text:
        return []
    found = [_image_finding(text, m.start(), m.group(1)) for m in _IMAGE.finditer(text)]
    definitions = {m.group(1).strip().casefold(): m.group(2) for m in _DEFINITION.finditer(text)}
    for match in _REFERENCE_IMAGE.finditer(text):
        label = (match.group(2) or match.group(1)).strip().casefold()
        if label in definitions:
            found.append(_image_finding(text, match.start(), definitions[label]))
    return [f for f in found if f is not None]


def _attr_list(content: str) -> Iterator[tuple[str, str]]:
    """The attributes of an attribute list (`#id .class key=value`), as `(name, value)`."""
    for token in _ATTR_TOKEN.finditer(content):
        if token.group("id") is not None:
            yield "id", token.group("id")
        elif token.group("key") is not None:
            value = token.group("dq") or token.group("sq") or token.group("bare") or ""
            yield token.group("key").lower(), value


def attr_list_findings(text: str) -> list[Finding]:
    """What the site removes of the attributes added with `{…}` (`attr_list`)."""
    if "{" not in text:
        return []
    found: list[Finding] = []
    for match in _ATTR_LIST.finditer(text):
        line, column = _position(text, match.start())
        for name, value in _attr_list(match.group(1)):
            finding = _attribute_finding("*", name, value, line, column)
            if finding is not None:
                found.append(finding)
    return found


def body_html_problems(entry: Entry) -> list[Problem]:
    """A problem for each thing in the entry's body that the site would remove."""
    if not any(mark in entry.body for mark in ("<", "![", "{")):
        return []
    text = prose(entry.body)
    found = html_findings(text) + image_findings(text) + attr_list_findings(text)
    return [
        Problem(
            entry.rel_path,
            f.message,
            line=entry.body_line + f.line - 1,
            column=f.column,
            hint=f.hint,
            severity=f.severity,
        )
        for f in sorted(found, key=lambda f: (f.line, f.column))
    ]
