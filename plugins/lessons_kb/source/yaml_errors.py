"""YAML syntax errors in an editor's words: the line that is wrong, what is wrong, the fix.

The parser reports where it gave up, which is often the line after the slip (a key
without a space after its colon is noticed at the next line) and always in its own terms
("did not find expected '-' indicator"). Here each kind of error the parser reports is
traced back to the line the editor has to change, by reading the lines around it the way
the parser did (their indentation, colons, quotes and brackets), and told in plain words
with the corrected line where one can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import yaml

Path = tuple[str | int, ...]

#: `key: value` as a line of YAML: its indentation and dashes, its key, its value.
_KEY = re.compile(
    r"^(?P<lead> *(?:- +)*)"
    r"(?P<key>[^\s#'\"\[\]{}:,&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)"
    r" *:(?: +(?P<value>.*?))? *$"
)
#: `key:value`: a colon with no space after it (not a web address).
_NO_SPACE = re.compile(
    r"^(?P<lead> *(?:- +)*)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/][^\n]*)$"
)
_QUOTES = "\"'"
_BRACKETS = {"[": "]", "{": "}"}


@dataclass(frozen=True, slots=True)
class Explanation:
    """What an editor needs to fix a YAML syntax error."""

    line: int
    """0-based line of the YAML text that has to change."""
    column: int
    """0-based column on that line."""
    message: str
    expected: str | None = None
    hint: str | None = None
    path: Path = ()


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of YAML text, as the parser reads its shape."""

    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def blank(self) -> bool:
        stripped = self.text.strip()
        return not stripped or stripped.startswith("#")

    @property
    def is_item(self) -> bool:
        stripped = self.text.lstrip(" ")
        return stripped == "-" or stripped.startswith(("- ", "-\t"))

    @property
    def key(self) -> str | None:
        match = _KEY.match(self.text)
        return match.group("key").strip() if match else None

    @property
    def key_column(self) -> int:
        """Where the key (or the text) starts, after the indentation and any `- `."""
        match = _KEY.match(self.text)
        if match:
            return len(match.group("lead"))
        stripped = self.text.lstrip(" -")
        return len(self.text) - len(stripped)

    @property
    def value(self) -> str:
        match = _KEY.match(self.text)
        return (match.group("value") or "") if match else ""

    @property
    def opens_block(self) -> bool:
        """A key with nothing after its colon: its value is on the lines below."""
        return self.key is not None and not self.value


def _lines(text: str) -> list[_Line]:
    return [_Line(line) for line in text.split("\n")]


def _previous(lines: list[_Line], index: int) -> int | None:
    """The nearest line above `index` that holds something (not blank, not a comment)."""
    for number in range(min(index, len(lines)) - 1, -1, -1):
        if not lines[number].blank:
            return number
    return None


def _spaces(count: int) -> str:
    if count == 0:
        return "at the margin"
    return f"{count} space{'s' if count != 1 else ''} from the margin"


def _quoted(text: str) -> str:
    """`text` in the quotes that keep it as written."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def path_at(lines: list[_Line], index: int, column: int | None = None) -> Path:
    """The field a line stands for, read from the indentation of the lines above it;
    `column` is where the line should start (its key, or its `-`) when it is misaligned."""
    line = lines[index]
    key = line.key
    parts: list[str | int] = [key] if key else []
    own = line.indent if line.is_item else line.key_column
    target = own if column is None else column
    if line.is_item:
        parts.insert(0, _item_number(lines, index, target))
    number = index
    while target > 0 and number > 0:
        number -= 1
        above = lines[number]
        if above.blank:
            continue
        if above.is_item and above.indent < target:
            parts.insert(0, _item_number(lines, number, above.indent))
            target = above.indent + 1  # the list's own key may stand in the dash's column
        elif above.key is not None and above.key_column < target and above.opens_block:
            parts.insert(0, above.key)
            target = above.indent + 1 if above.is_item else above.indent
    return tuple(parts)


def _item_number(lines: list[_Line], index: int, dash: int) -> int:
    """0-based number of the list item on line `index` (its `-` in column `dash`) among
    the items lined up above it."""
    count = 0
    for number in range(index - 1, -1, -1):
        above = lines[number]
        if above.blank:
            continue
        if above.indent < dash or (above.indent == dash and not above.is_item):
            break
        if above.indent == dash and above.is_item:
            count += 1
    return count


# --- The kinds of error ---------------------------------------------------------------


def explain(
    text: str, error: yaml.MarkedYAMLError, fields: Collection[str] = ()
) -> Explanation:
    """The line to change and what to do, for a syntax error the parser reported;
    `fields` are the names a field may have (they tell a missing colon from text)."""
    lines = _lines(text)
    problem = error.problem or ""
    context = error.context or ""
    at = error.problem_mark or error.context_mark
    start = error.context_mark or at
    row = min(at.line, len(lines) - 1) if at else 0
    column = at.column if at else 0
    character = lines[row].text[column : column + 1] if at and row == at.line else ""
    if "tab" in problem or character == "\t":
        return _tab(lines, row)
    opened = _quote_never_closed(lines, row)
    if opened is not None:
        return _unclosed_quote(lines, *opened)
    if "could not find expected ':'" in problem and start is not None:
        return _no_colon(lines, min(start.line, len(lines) - 1), fields)
    if "mapping values are not allowed" in problem:
        return _colon_where_no_field(lines, row, column)
    if "expected '-' indicator" in problem and start is not None:
        return _list_misaligned(lines, row, start.column)
    if "did not find expected key" in problem and start is not None:
        return _mapping_misaligned(lines, row, column, start.column)
    if "',' or ']'" in problem or "',' or '}'" in problem:
        return _unclosed_bracket(lines, start.line if start else row, problem)
    unclosed = "quoted scalar" in context and "end of stream" in problem
    if unclosed or "document indicator" in problem:
        return _unclosed_quote(lines, start.line if start else row, start.column if start else 0)
    if "escape" in problem or "hexdecimal" in problem:
        return _escape(lines, row, column)
    special = _special_start(lines, row, column, problem, context)
    if special is not None:
        return special
    if "directive" in context or "directive" in problem or "document start" in problem:
        return _directive(lines, row)
    if "another document" in problem:
        return Explanation(
            row,
            0,
            "a line `---` here starts a second block of fields",
            expected="one block of fields",
            hint="remove the line `---`, or the fields after it",
        )
    if "node content" in problem:
        return Explanation(
            row,
            column,
            "a value is missing at this place of the line",
            expected="a value after each `,` and each `:`",
            hint="remove the extra `,` or `- `, or put the text in quotes",
            path=_path_or_none(lines, row),
        )
    words = " ".join(filter(None, [context, problem]))
    return Explanation(
        row,
        column,
        f"this line cannot be read as fields ({words})",
        expected="lines of the form `field: value`",
        hint="check the indentation and the quotes of this line and of the line above",
        path=_path_or_none(lines, row),
    )


def _path_or_none(lines: list[_Line], row: int) -> Path:
    return path_at(lines, row) if lines[row].key else ()


def _tab(lines: list[_Line], row: int) -> Explanation:
    for number, line in enumerate(lines[: row + 1]):
        leading = line.text[: len(line.text) - len(line.text.lstrip(" \t-"))]
        if "\t" in leading:
            return Explanation(
                number,
                leading.index("\t"),
                "this line is indented with a tab, and YAML accepts only spaces there",
                expected="spaces for indentation",
                hint="replace the tab with spaces, lining the line up with the one it "
                "belongs under",
            )
    tab = max(lines[row].text.find("\t"), 0)
    return Explanation(
        row,
        tab,
        "there is a tab on this line where YAML expects a space",
        expected="spaces, not tabs",
        hint="replace the tab with a space",
    )


def _quote_never_closed(lines: list[_Line], row: int) -> tuple[int, int] | None:
    """(line, column) of a quoted value above `row` that its line does not close: YAML
    reads on, to a quote lines later, and stumbles there."""
    for number in range(min(row, len(lines)) - 1, -1, -1):
        line = lines[number]
        if line.key is None and not line.is_item:
            continue  # a line of text, perhaps within a block of text
        value = line.value if line.key is not None else line.text.strip().removeprefix("- ")
        quote = value[:1]
        if quote not in _QUOTES or len(value) < 1:
            continue
        inner = value[1:]
        if quote == '"':
            closed = re.search(r'(?<!\\)"', inner) is not None
        else:
            closed = "'" in inner.replace("''", "")
        if not closed:
            return number, line.text.find(quote, line.key_column)
    return None


def _no_colon(lines: list[_Line], row: int, fields: Collection[str] = ()) -> Explanation:
    """A line read as the start of a field whose colon never comes."""
    line = lines[row]
    if line.text.strip().partition(" ")[0] in fields and not line.is_item:
        return _no_colon_above(lines, row)
    missing_space = _NO_SPACE.match(line.text)
    if missing_space:
        key, value = missing_space.group("key"), missing_space.group("value")
        return Explanation(
            row,
            len(missing_space.group("lead")) + len(key),
            f"there is no space after the colon of `{key}`, so this line is not read as a field",
            expected="a space after the colon: `name: value`",
            hint=f"write it as `{missing_space.group('lead').lstrip()}{key}: {value}`",
            path=(*path_at(lines, row, len(missing_space.group("lead")))[:-1], key)
            if missing_space.group("lead")
            else (key,),
        )
    above = _previous(lines, row)
    shown = line.text.strip()
    if above is not None and lines[above].key is not None and not lines[above].opens_block:
        parent = lines[above]
        if lines[above].value.startswith(("|", ">")):
            inner = _previous_text_indent(lines, row)
            return Explanation(
                row,
                line.indent,
                f"this line is indented less than the text of `{parent.key}` above it, so it "
                "ends that text, and it is no field either",
                expected="the text's lines indented alike",
                hint=f"indent it like the lines above ({_spaces(inner)})",
                path=path_at(lines, above),
            )
        return Explanation(
            row,
            line.indent,
            f"this line has no `field:` at its start; if it continues the text of "
            f"`{parent.key}` above it, it must be indented more than `{parent.key}`",
            expected="`name: value`, or text indented under its field",
            hint=f"indent it by {parent.key_column + 2 - line.indent} more spaces to continue "
            f"`{parent.key}`, or write it as `name: {shown}`",
            path=path_at(lines, above),
        )
    if above is not None and lines[above].is_item and lines[above].indent == line.indent:
        owner = _list_owner(lines, above, lines[above].indent)
        return Explanation(
            row,
            line.indent,
            f"this line is in the list{f' of `{owner}`' if owner else ''} but does not start "
            "with `- `",
            expected="each item of a list on its own line, starting with `- `",
            hint=f"write it as `- {shown}`, lined up with the `-` above",
        )
    if (above is not None and lines[above].value.startswith(("|", ">"))) or (
        above is not None and lines[above].key is None and lines[above].indent > line.indent
    ):
        return Explanation(
            row,
            line.indent,
            "this line is indented less than the text above it, so it ends that text, and "
            "it is no field either",
            expected="the text's lines indented alike",
            hint=f"indent it like the line above ({_spaces(lines[above].indent)})",
        )
    return Explanation(
        row,
        line.indent,
        "this line has no colon, so it is not read as a field",
        expected="`name: value`",
        hint=f"write it as `name: {shown}`, with the field's name",
    )


def _previous_text_indent(lines: list[_Line], row: int) -> int:
    above = _previous(lines, row)
    return lines[above].indent if above is not None else 2


def _colon_where_no_field(lines: list[_Line], row: int, column: int) -> Explanation:
    """A `: ` met where YAML is reading text: the line is indented too far, or the text
    itself holds `: `."""
    line = lines[row]
    own_colon = line.key_column + len(line.key or "") if line.key is not None else -1
    if line.key is not None and column <= own_colon + 1 and not line.is_item:
        above = _previous(lines, row)
        if above is not None and lines[above].key is None and not lines[above].is_item:
            return _no_colon_above(lines, above)
        if above is not None and lines[above].key is not None:
            parent = lines[above]
            if line.indent > parent.key_column:
                extra = line.indent - parent.key_column
                return Explanation(
                    row,
                    line.indent,
                    f"this line is indented more than `{parent.key}` above it, so it is read "
                    f"as more of the text of `{parent.key}`, not as the field `{line.key}`",
                    expected=f"`{line.key}:` in the same column as `{parent.key}:`",
                    hint=f"remove {extra} space{'s' if extra != 1 else ''} before "
                    f"`{line.key}:` to line it up with `{parent.key}:` on the line above",
                    path=path_at(lines, row, parent.key_column),
                )
    key = line.key or ""
    text = line.text.strip()
    if line.is_item:
        item = text[1:].strip()
        return Explanation(
            row,
            column,
            "this item contains `: `, which YAML reads as the start of a field",
            expected="text with `: ` in quotes",
            hint=f"put the whole item in quotes: `- {_quoted(item)}`",
            path=path_at(lines, row)[:-1] if line.key else path_at(lines, row),
        )
    value = line.value
    return Explanation(
        row,
        column,
        f"the text of `{key}` contains `: `, which YAML reads as the start of another field",
        expected="text with `: ` in quotes",
        hint=f"put the whole text in quotes: `{key}: {_quoted(value)}`",
        path=path_at(lines, row),
    )


def _no_colon_above(lines: list[_Line], row: int) -> Explanation:
    text = lines[row].text.strip()
    name, _, rest = text.partition(" ")
    return Explanation(
        row,
        lines[row].indent,
        "this line has no colon after its field name, so it runs into the line below",
        expected="`name: value`",
        hint=f"write it as `{name}: {rest}`" if rest else f"write it as `{name}: …`",
    )


def _list_misaligned(lines: list[_Line], row: int, dash: int) -> Explanation:
    """A line inside a list that lines up with neither its items nor their fields."""
    line = lines[row]
    first = next(
        (n for n in range(row - 1, -1, -1) if lines[n].is_item and lines[n].indent == dash), None
    )
    owner = _list_owner(lines, first if first is not None else row, dash)
    where = f"of `{owner}` " if owner else ""
    if line.is_item:
        return Explanation(
            row,
            line.indent,
            f"this item {where}is not lined up with the item above it: its `-` is in column "
            f"{line.indent + 1}, the other's in column {dash + 1}",
            expected=f"every `-` of the list in column {dash + 1}",
            hint=f"move the `-` to column {dash + 1} ({_spaces(dash)})",
            path=path_at(lines, row, dash),
        )
    sibling = _sibling_key(lines, row, first)
    if sibling is not None:
        number, above = sibling
        item = path_at(lines, number)
        if line.indent < above.key_column:
            return Explanation(
                row,
                line.indent,
                f"this line is indented less than `{above.key}` above it, so it is read "
                f"neither as part of that item nor as a new field",
                expected=f"`{line.key or 'it'}` in the same column as `{above.key}`",
                hint=f"line `{f'{line.key}:' if line.key else line.text.strip()}` up with "
                f"`{above.key}:` on line "
                f"{{line:{number}}} ({_spaces(above.key_column)})",
                path=(*item[:-1], line.key) if line.key and item else item,
            )
    return Explanation(
        row,
        line.indent,
        f"this line is in the list {where}but does not start with `- `",
        expected="each item of a list on its own line, starting with `- `",
        hint=f"write it as `- {line.text.strip()}`, lined up with the `-` above",
    )


def _list_owner(lines: list[_Line], row: int, dash: int) -> str | None:
    for number in range(row - 1, -1, -1):
        above = lines[number]
        if not above.blank and above.indent <= dash and above.key is not None and above.opens_block:
            return above.key
    return None


def _sibling_key(lines: list[_Line], row: int, first: int | None) -> tuple[int, _Line] | None:
    """The nearest field above `row` within the same list item."""
    for number in range(row - 1, (first if first is not None else 0) - 1, -1):
        above = lines[number]
        if above.key is not None:
            return number, above
    return None


def _mapping_misaligned(lines: list[_Line], row: int, column: int, fields: int) -> Explanation:
    """A line of a group of fields that starts in an unexpected column, or text left
    over after a quoted or bracketed value."""
    line = lines[row]
    if line.text.lstrip(" ").startswith(":"):
        return Explanation(
            row,
            line.indent,
            "this line starts with `:`, so it has no field name",
            expected="`name: value`",
            hint="write the field's name before the colon",
        )
    if column > line.indent and row < len(lines):
        return _left_over(lines, row, column)
    if line.is_item:
        item = next(
            (n for n in range(row - 1, -1, -1) if lines[n].is_item and not lines[n].blank), None
        )
        if item is not None:
            dash = lines[item].indent
            owner = _list_owner(lines, item, dash)
            return Explanation(
                row,
                line.indent,
                f"this item{f' of `{owner}`' if owner else ''} is not lined up with the item "
                f"above it (line {{line:{item}}}): its `-` is in column {line.indent + 1}, "
                f"the other's in column {dash + 1}",
                expected=f"every `-` of the list in column {dash + 1}",
                hint=f"move the `-` to column {dash + 1} ({_spaces(dash)})",
                path=path_at(lines, row, dash),
            )
    sibling = _nearest_key(lines, row, line.indent)
    if sibling is not None:
        number, field = sibling
        return Explanation(
            row,
            line.indent,
            f"this line is indented by {line.indent} space{'s' if line.indent != 1 else ''}, "
            f"so it lines up with no field above it",
            expected=f"`{line.key or 'it'}` in the same column as `{field.key}`",
            hint=f"line `{f'{line.key}:' if line.key else line.text.strip()}` up with "
            f"`{field.key}:` on line {{line:{number}}} ({_spaces(field.key_column)})",
            path=path_at(lines, row, field.key_column),
        )
    return Explanation(
        row,
        line.indent,
        f"this line is indented differently from the fields around it (column {fields + 1})",
        expected=f"fields starting in column {fields + 1}",
        hint=f"start it in column {fields + 1} ({_spaces(fields)})",
    )


def _nearest_key(lines: list[_Line], row: int, indent: int) -> tuple[int, _Line] | None:
    """The field above `row` whose column is closest to `indent` (the nearest first)."""
    best: tuple[int, int, _Line] | None = None
    for number in range(row - 1, -1, -1):
        above = lines[number]
        if above.key is None or above.key_column == indent:
            continue
        distance = abs(above.key_column - indent)
        if best is None or distance < best[0]:
            best = (distance, number, above)
        if above.key_column == 0:
            break
    return (best[1], best[2]) if best else None


def _left_over(lines: list[_Line], row: int, column: int) -> Explanation:
    """Text after a value that ended early: a closing quote or bracket in mid-text."""
    line = lines[row]
    key = line.key or ""
    value = line.value or line.text.strip().lstrip("- ")
    opener = value[:1]
    written = f"{key}: " if key else "- "
    if opener in _QUOTES:
        inner = value[1:-1] if value.endswith(opener) and len(value) > 1 else value
        if opener == "'" and inner.count("'") % 2:
            fixed = '"' + inner.replace('"', '\\"') + '"'
        else:
            fixed = _quoted(value)
        return Explanation(
            row,
            column,
            f"the text of `{key or 'this item'}` starts with a quote, so it ends at the next "
            f"{opener} and the rest of the line cannot be read",
            expected="a quote at the very start and the very end of the text, and none inside",
            hint=f"write it as `{written}{fixed}`",
            path=path_at(lines, row),
        )
    if opener in _BRACKETS:
        return Explanation(
            row,
            column,
            f"the text of `{key or 'this item'}` starts with `{opener}`, which YAML reads as the "
            f"start of a {'list' if opener == '[' else 'group of fields'}",
            expected="text starting with `[` or `{` in quotes",
            hint=f"put the whole text in quotes: `{written}{_quoted(value)}`",
            path=path_at(lines, row),
        )
    return Explanation(
        row,
        column,
        "the rest of this line cannot be read after its value",
        expected="one value after each `field:`",
        hint=f"put the whole text in quotes: `{written}{_quoted(value)}`",
        path=path_at(lines, row) if key else (),
    )


def _unclosed_bracket(lines: list[_Line], row: int, problem: str) -> Explanation:
    line = lines[row]
    opener = "[" if "]" in problem else "{"
    closer = _BRACKETS[opener]
    start = max(line.text.find(opener), 0)
    key = line.key
    what = "list" if opener == "[" else "group of fields"
    fixed = line.text.strip() + closer
    return Explanation(
        row,
        start,
        f"the {what} that starts with `{opener}` on this line is not closed with `{closer}`",
        expected=f"`{opener}` and `{closer}` on the same line, with `,` between the items",
        hint=f"end it with `{closer}`: `{fixed}` (if this is text, put it in quotes)",
        path=path_at(lines, row) if key else (),
    )


def _unclosed_quote(lines: list[_Line], row: int, column: int) -> Explanation:
    line = lines[row]
    quote = line.text[column : column + 1] or '"'
    key = line.key
    return Explanation(
        row,
        column,
        f"the text{f' of `{key}`' if key else ''} starts with {quote} but is never closed, so "
        "every line after it is read as the same text",
        expected=f"a closing {quote} at the end of the text",
        hint=f"add {quote} at the end of the text: `{line.text.strip()}{quote}`",
        path=path_at(lines, row) if key else (),
    )


def _escape(lines: list[_Line], row: int, column: int) -> Explanation:
    line = lines[row]
    backslash = line.text.rfind("\\", 0, column + 1)
    shown = line.text[backslash : backslash + 2] if backslash >= 0 else "\\"
    key = line.key
    return Explanation(
        row,
        max(backslash, 0),
        f"`{shown}` inside double quotes is read as a special character, and YAML knows "
        "no such one",
        expected="`\\\\` for a backslash inside double quotes",
        hint="write `\\\\` for each backslash, or put the text in single quotes instead",
        path=path_at(lines, row) if key else (),
    )


_STARTS = {
    "*": "a reference to another value (an alias)",
    "&": "a name for the value (an anchor)",
    "!": "a YAML tag",
    "|": "the start of a block of text",
    ">": "the start of a block of text",
    "@": "a character YAML keeps for later use",
    "`": "a character YAML keeps for later use",
    "%": "a YAML directive",
    "?": "the start of a complex key",
    "-": "the start of a list",
}


def _special_start(
    lines: list[_Line], row: int, column: int, problem: str, context: str
) -> Explanation | None:
    """A value that starts with a character YAML gives a meaning to."""
    line = lines[row]
    key = line.key
    value = line.value if key else line.text.strip().lstrip("- ")
    character: str | None = None
    if "alias" in context or "undefined alias" in problem:
        character = "*"
    elif "anchor" in context:
        character = "&"
    elif "tag" in context or "tag handle" in problem:
        character = "!"
    elif "block scalar" in context:
        character = "|" if "|" in line.text else ">"
    elif "block sequence entries" in problem:
        character = "-"
    elif "mapping keys" in problem:
        character = "?"
    elif "cannot start any token" in problem:
        character = line.text[column : column + 1] or None
    if character is None:
        return None
    meaning = _STARTS.get(character, "something other than text")
    written = f"{key}: " if key else "- "
    if character in "|>":
        return Explanation(
            row,
            column,
            f"after `{character}` (the start of a block of text) nothing may follow on the line",
            expected=f"`{key or 'field'}: {character}` alone, and the text on the lines below, "
            "indented",
            hint=f"move the text to the next line, indented by two more spaces, or write "
            f"`{written}{_quoted(value.lstrip('|>-+ '))}`",
            path=path_at(lines, row) if key else (),
        )
    if character == "-":
        return Explanation(
            row,
            column,
            f"a list cannot start on the same line as its field `{key}`",
            expected="each `- item` on its own line below the field, or `[item, item]`",
            hint=f"write `{key}:` and, on the next line, `  {value}`; or `{key}: "
            f"[{value.lstrip('- ')}]`",
            path=path_at(lines, row) if key else (),
        )
    return Explanation(
        row,
        column,
        f"a value that starts with `{character}` is read as {meaning}, not as text",
        expected=f"text starting with `{character}` in quotes",
        hint=f"put the whole text in quotes: `{written}{_quoted(value)}`",
        path=path_at(lines, row) if key else (),
    )


def _directive(lines: list[_Line], row: int) -> Explanation:
    number = next((n for n, line in enumerate(lines) if line.text.startswith("%")), row)
    return Explanation(
        number,
        0,
        "a line that starts with `%` is read as a YAML directive, not as a field",
        expected="lines of the form `field: value`",
        hint="remove the line, or put its text in quotes under a field",
    )
