"""Reading a table: CSV (any delimiter and encoding), Excel `.xlsx` and JSON Lines.

A table is its column names and its rows; each row keeps the number people see in the
file (the spreadsheet's row, the line of a JSON Lines file), so that every problem can
point at it. Nothing here judges the values: that is the checks' job.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A cell as read: text, or for JSON Lines any JSON value.
Cell = Any
#: Larger than any entry may be (`source.load.MAX_FILE_BYTES`), so that a cell that is too
#: long is reported as a problem of its row instead of stopping the read.
MAX_CELL = 4_000_000
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DELIMITER_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab", "|": "a bar"}
MAX_HEADER_ROWS = 5


class TableError(Exception):
    """The file cannot be read as a table; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table: the number people see for it, and its cells by column."""

    number: int
    cells: dict[str, Cell]
    error: str | None = None
    """Why the row could not be read in full (it is then never imported)."""


@dataclass(slots=True)
class Table:
    """The columns and rows of a file, and how it was read."""

    name: str
    """The file as the messages name it."""
    columns: list[str]
    rows: list[Row]
    unit: str = "row"
    """What a row is called in messages: `row`, or `line` for JSON Lines."""
    notes: list[str] = field(default_factory=list)
    """How the file was read (encoding, delimiter, header rows), for the report."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the mapping may say about reading the file; None means: find out."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_rows: int | None = None


def read_table(path: Path, name: str, options: ReadOptions | None = None) -> Table:
    """The table in `path` (`.csv`/`.tsv`/`.txt`, `.xlsx`, `.jsonl`/`.ndjson`, `.json`)."""
    options = options or ReadOptions()
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path, name, options)
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    if suffix in (".jsonl", ".ndjson", ".json"):
        text, _ = _decode(data, name, options.encoding)
        return _read_json(text, name, suffix == ".json")
    if suffix in (".xls", ".xlsm", ".ods", ".numbers"):
        raise TableError(f"{name}: {suffix} files cannot be read; save the sheet as .xlsx or .csv")
    return _read_csv(data, name, options)


# --- Text and CSV ------------------------------------------------------------------------


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """The text of `data` and how it was decoded: the encoding named, a BOM, UTF-8, or
    Windows-1252 when it is not UTF-8."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise TableError(f"{name}: there is no encoding called `{encoding}`") from None
        except UnicodeDecodeError as exc:
            raise TableError(_bad_byte(data, exc, name, encoding)) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise TableError(_bad_byte(data, exc, name, codec)) from None
            return text.removeprefix("\ufeff"), f"{codec.upper().removesuffix('-SIG')} with a BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (it is not UTF-8)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1 (it is neither UTF-8 nor Windows-1252)"


def _bad_byte(data: bytes, exc: UnicodeDecodeError, name: str, codec: str) -> str:
    line = data[: exc.start].count(b"\n") + 1
    return (
        f"{name}:line {line}: byte 0x{data[exc.start]:02x} cannot be read as {codec} — "
        "set `encoding:` in the mapping to the file's encoding, or save it as UTF-8"
    )


def _first_line(text: str) -> str:
    """The header line, outside quoted cells (which may hold new lines)."""
    out: list[str] = []
    quoted = False
    for char in text[:65536]:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif not quoted:
            out.append(char)
    return "".join(out)


def sniff_delimiter(text: str) -> str:
    """The delimiter the header line uses most; the sniffer decides ties."""
    header = _first_line(text)
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts.values())
    if best == 0:
        return ","
    tied = [d for d, n in counts.items() if n == best]
    if len(tied) == 1:
        return tied[0]
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters="".join(tied)).delimiter
    except csv.Error:
        return tied[0]


def _header_names(raw: list[str], blank: str) -> tuple[list[str], list[str]]:
    """Column names made unique and non-empty, and a note for each one renamed."""
    names: list[str] = []
    notes: list[str] = []
    for index, cell in enumerate(raw, start=1):
        name = " ".join(str(cell or "").split())
        if not name:
            name = blank.format(index=index, letter=column_letter(index))
        base, count = name, 1
        while name in names:
            count += 1
            name = f"{base} ({count})"
        if name != base:
            notes.append(f'two columns are called "{base}": the second is read as "{name}"')
        names.append(name)
    return names, notes


def column_letter(index: int) -> str:
    """`A` for 1, `AA` for 27: a spreadsheet's column letters."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_csv(data: bytes, name: str, options: ReadOptions) -> Table:
    text, how = _decode(data, name, options.encoding)
    delimiter = options.delimiter or sniff_delimiter(text)
    if len(delimiter) != 1:
        raise TableError(f"{name}: the delimiter must be one character, not `{delimiter}`")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise TableError(f"{name}:row 1: the header cannot be read: {exc}") from None
    if header is None or not any(cell.strip() for cell in header):
        raise TableError(f"{name}: the file has no header row with the column names")
    columns, notes = _header_names(header, "column {index}")
    rows: list[Row] = []
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(Row(number, {}, f"the row cannot be read: {exc}"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        error = None
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            error = (
                f"the row has {len(cells)} cells but the header names {len(columns)} columns"
                " (is a cell's delimiter or quote missing?)"
            )
        rows.append(Row(number, dict(zip(columns, cells, strict=False)), error))
    shown = _DELIMITER_NAMES.get(delimiter, f"`{delimiter}`")
    return Table(name, columns, rows, "row", [f"read as {how}, cells separated by {shown}", *notes])


# --- JSON Lines ---------------------------------------------------------------------------


def _read_json(text: str, name: str, whole: bool) -> Table:
    """JSON Lines (one object a line), or a `.json` file holding one list of objects."""
    items: list[tuple[int, Any, str | None]] = []
    if whole:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TableError(f"{name}:line {exc.lineno}: not valid JSON: {exc.msg}") from None
        if not isinstance(document, list):
            raise TableError(f"{name}: the file must hold a list of objects, one per entry")
        items = [(index, item, None) for index, item in enumerate(document, start=1)]
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line), None))
            except json.JSONDecodeError as exc:
                items.append((number, None, f"the line is not valid JSON: {exc.msg}"))
    columns: list[str] = []
    rows: list[Row] = []
    for number, item, error in items:
        if error is None and not isinstance(item, dict):
            error = 'the line is not a JSON object (`{"title": …}`)'
        cells = {str(k): v for k, v in item.items()} if isinstance(item, dict) else {}
        columns += [c for c in cells if c not in columns]
        rows.append(Row(number, cells, error))
    if not columns and not rows:
        raise TableError(f"{name}: the file holds no entries")
    unit = "item" if whole else "line"
    return Table(name, columns, rows, unit, [f"read as JSON {'' if whole else 'Lines '}".strip()])


# --- Excel ----------------------------------------------------------------------------------


def excel_cell(value: object) -> Cell:
    """A spreadsheet value as text: dates as YYYY-MM-DD, whole numbers without `.0`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_depth(merged: list[tuple[int, int, int, int]]) -> int:
    """How many rows the header takes: merged cells at the top make it deeper (a cell
    merged across columns names a group, whose columns are named in the row below)."""
    depth = 1
    changed = True
    while changed and depth < MAX_HEADER_ROWS:
        changed = False
        for min_row, min_col, max_row, max_col in merged:
            if min_row > depth:
                continue
            if max_row > depth:
                depth, changed = min(max_row, MAX_HEADER_ROWS), True
            elif max_row == depth and max_col > min_col:
                depth, changed = depth + 1, True
            if changed:
                break
    return depth


def _read_xlsx(path: Path, name: str, options: ReadOptions) -> Table:
    import zipfile

    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TableError(f"{name}: cannot be read as an Excel workbook: {exc}") from None
    if options.sheet is not None and options.sheet not in book.sheetnames:
        listed = ", ".join(f'"{s}"' for s in book.sheetnames)
        raise TableError(f'{name}: there is no sheet "{options.sheet}" (the sheets: {listed})')
    chosen: object = book[options.sheet] if options.sheet is not None else book.worksheets[0]
    if not isinstance(chosen, Worksheet):
        raise TableError(f'{name}: "{options.sheet}" is a chart, not a sheet of cells')
    sheet = chosen
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    grid: dict[tuple[int, int], object] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                grid[cell.row, cell.column] = cell.value
    for min_row, min_col, max_row, max_col in merged:  # a merged cell's value fills it all
        value = grid.get((min_row, min_col))
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                grid[r, c] = value
    width = max((c for _, c in grid), default=0)
    height = max((r for r, _ in grid), default=0)
    depth = options.header_rows or _header_depth(merged)
    raw: list[str] = []
    for column in range(1, width + 1):
        parts: list[str] = []
        for row_number in range(1, depth + 1):
            part = " ".join(str(excel_cell(grid.get((row_number, column))) or "").split())
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        raw.append(" ".join(parts))
    if not any(raw):
        raise TableError(f'{name}: the sheet "{sheet.title}" has no header row')
    columns, notes = _header_names(raw, "column {letter}")
    rows: list[Row] = []
    for row_number in range(depth + 1, height + 1):
        cells = {columns[c - 1]: excel_cell(grid.get((row_number, c))) for c in range(1, width + 1)}
        if any(v is not None and str(v).strip() for v in cells.values()):
            rows.append(Row(row_number, cells))
    header = "the first row" if depth == 1 else f"the first {depth} rows"
    notes.insert(0, f'read sheet "{sheet.title}", column names from {header}')
    return Table(name, columns, rows, "row", notes)
