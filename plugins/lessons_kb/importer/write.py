"""Writing an import: the new entries (never over a file), and the rejected rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from lessons_kb.finish.csvout import neutralise

from .convert import Candidate
from .mapping import REJECTED_COLUMNS
from .plan import ImportPlan


def write_entries(plan: ImportPlan, root: Path) -> list[Candidate]:
    """Write every new entry of `plan` (all of them pass); the candidates written.

    A file that appeared since the plan was made is left as it is, and reported by
    raising FileExistsError after the others are written."""
    written: list[Candidate] = []
    clash: FileExistsError | None = None
    for candidate in plan.new:
        assert candidate.rel_path is not None
        path = root / candidate.rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(candidate.text)
        except FileExistsError as exc:
            clash = clash or exc
            continue
        written.append(candidate)
    if clash is not None:
        raise clash
    return written


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_rejected(plan: ImportPlan, path: Path) -> int:
    """The rejected rows as CSV (UTF-8 with a BOM, for spreadsheets): their own cells,
    their row number and their problems, ready to be fixed and imported again with the
    same mapping. Returns the number of rows written."""
    rejected = plan.rejected
    by_number = {row.number: row for row in plan.table.rows}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([*plan.table.columns, *REJECTED_COLUMNS])
        for candidate in rejected:
            row = by_number[candidate.place.number]
            reasons = "\n".join(
                (f"{p.where}: " if p.where else "") + p.message for p in candidate.problems
            )
            cells = [neutralise(_cell(row.cells.get(c))) for c in plan.table.columns]
            writer.writerow([*cells, f"{plan.table.unit} {candidate.place.number}", reasons])
    return len(rejected)
