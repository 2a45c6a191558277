"""An import from start to end: read the base, make every row a candidate, give ids,
check, and say what would be written; `write` then writes it, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lessons_kb.checks.run import build_date, load_knowledge_base
from lessons_kb.kinds import KINDS
from lessons_kb.model import KnowledgeBase
from lessons_kb.problems import Problem
from lessons_kb.source.load import discover

from .checking import check_candidates
from .convert import Candidate, RowConverter
from .entrytext import entry_text
from .ids import IdAssigner
from .mapping import Mapping, column_problems, unused_columns
from .report import Resolution, RowProblem
from .resolve import Resolver
from .tables import Table


@dataclass(slots=True)
class ImportPlan:
    """What an import would do: each row's candidate entry, and whether it may be written."""

    table: Table
    mapping: Mapping
    candidates: list[Candidate]
    strict: bool
    unused: list[str] = field(default_factory=list)
    """Columns of the table the mapping neither uses nor ignores."""
    base_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[RowProblem]:
        return [p for c in self.candidates for p in c.problems]

    @property
    def resolved(self) -> list[Resolution]:
        return [r for c in self.candidates for r in c.resolved]

    @property
    def rejected(self) -> list[Candidate]:
        return [c for c in self.candidates if c.blocked(self.strict)]

    @property
    def already(self) -> list[Candidate]:
        """Rows whose entry is in the base already, exactly as it would be written."""
        return [c for c in self.candidates if c.already and not c.blocked(self.strict)]

    @property
    def new(self) -> list[Candidate]:
        """Rows that would become new entries."""
        return [c for c in self.candidates if not c.already and not c.blocked(self.strict)]


Placer = Callable[[Candidate, str], "tuple[Path, str] | None"]


def _placer(content_dir: Path, root: Path) -> Placer:
    def place(candidate: Candidate, entry_id: str) -> tuple[Path, str] | None:
        pattern = KINDS[candidate.kind].content_path
        if "<mission-id>" in pattern:
            if not candidate.mission_id:
                where = candidate.sources.get("mission")
                candidate.problem(
                    where, "gives no mission: a finding is written in its mission's folder"
                )
                return None
            pattern = pattern.replace("<mission-id>", candidate.mission_id)
        path = content_dir / pattern.replace("<id>", entry_id)
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        return path, rel

    return place


def plan_import(
    table: Table,
    mapping: Mapping,
    content_dir: Path,
    root: Path,
    *,
    strict: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportPlan:
    """Every row of `table` made into a checked candidate entry for the base in
    `content_dir`. A mapping that names columns the table lacks makes problems of the
    plan (`base_problems`), and then no row is converted."""
    plan = ImportPlan(table, mapping, [], strict, unused_columns(mapping, table))
    missing = column_problems(mapping, table)
    if missing:
        plan.base_problems = missing
        return plan
    loaded = load_knowledge_base(content_dir, root=root, today=today)
    kb: KnowledgeBase = loaded.kb
    sources, _ = discover(content_dir.resolve(), root.resolve())
    converter = RowConverter(mapping, Resolver(kb), table.name, table.unit)
    plan.candidates = [converter.convert(row) for row in table.rows]
    place = _placer(content_dir.resolve(), root.resolve())
    assigner = IdAssigner(sources, place, mapping.id_column)
    for candidate in plan.candidates:
        if candidate.readable:
            candidate.text = entry_text(candidate.kind, candidate.data, candidate.sections)
            assigner.assign(candidate)
    missions = {s.id for s in sources if s.kind == "mission"}
    check_candidates(
        plan.candidates,
        kb,
        missions,
        today or build_date(),
        strict=strict,
        skip_invalid=skip_invalid,
    )
    return plan
