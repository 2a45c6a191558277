"""`lessons-kb import`: entries from a spreadsheet, a CSV export or JSON Lines.

    lessons-kb import --suggest FILE --kind KIND [--mapping MAP.yml]
    lessons-kb import FILE --kind KIND --mapping MAP.yml [--dry-run] [--skip-invalid]

Nothing is written unless every row passes the checks of `lessons-kb check` (with
`--skip-invalid`, the rows that pass are written and the others saved to a CSV with
their problems). An existing file is never overwritten; running the same import again
writes nothing. Exit status: 0 success, 1 rows with problems, 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessons_kb.cli.config import UsageError, load_settings
from lessons_kb.importer.mapping import BUILT_IN, MappingError, read_mapping
from lessons_kb.importer.tables import ReadOptions, TableError, read_table
from lessons_kb.problems import Problem
from lessons_kb.schema import KINDS
from lessons_kb.source.load import discover

if TYPE_CHECKING:  # the import's planning and writing load when the command runs
    from lessons_kb.importer.plan import ImportPlan

_SHOWN_ENTRIES = 50


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `import` and its options."""
    parser = commands.add_parser(
        "import",
        parents=[common],
        help="bring in entries from a CSV, Excel (.xlsx) or JSON Lines file",
        description="Make entries from the rows of a table, by a mapping of its columns to "
        "fields and body sections. Every row is checked as `lessons-kb check` would; "
        "nothing is written unless every row passes. Never overwrites a file; running "
        "the same import again writes nothing.",
        epilog="Start with `--suggest` to write a first mapping, check it with "
        f"`--dry-run`, then import. `--mapping {BUILT_IN}` reads the site's own CSV "
        "exports (api/v1/missions.csv, findings.csv, lessons.csv).",
    )
    parser.add_argument("file", metavar="FILE", help="the table: .csv, .tsv, .xlsx, .jsonl")
    parser.add_argument("--kind", choices=KINDS, required=True, help="what each row is")
    parser.add_argument(
        "--mapping",
        metavar="MAP.yml",
        help=f"the mapping of columns to fields (`{BUILT_IN}`: the site's own CSV exports); "
        "with --suggest, where to write the suggested mapping",
    )
    parser.add_argument(
        "--suggest",
        action="store_true",
        help="write a first mapping from the column names instead of importing",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report every problem and write nothing"
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the rows that pass, and the others to a CSV with their problems",
    )
    parser.add_argument(
        "--rejected",
        metavar="FILE.csv",
        help="where --skip-invalid saves the rows it leaves out (default: FILE.rejected.csv)",
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="warnings keep a row out too (default: the `strict` setting of mkdocs.yml)",
    )
    parser.set_defaults(run=run)


def _problem_lines(problems: list[Problem]) -> str:
    return "\n".join(f"  {p.location()}: {p.sentence()}" for p in problems)


def _table(args: argparse.Namespace, options: ReadOptions) -> Any:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file} does not exist")
    try:
        return read_table(path, args.file, options)
    except TableError as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Run `lessons-kb import`."""
    from lessons_kb.importer.plan import plan_import

    settings = load_settings(args.config_file)
    if args.suggest:
        return _suggest(args, settings.content_dir, settings.root)
    if not args.mapping:
        raise UsageError(
            "--mapping is missing: write one with `lessons-kb import --suggest "
            f"{args.file} --kind {args.kind} --mapping MAP.yml`"
        )
    try:
        mapping = read_mapping(args.mapping, args.kind)
    except MappingError as exc:
        print(f"The mapping cannot be used:\n{_problem_lines(exc.problems)}", file=sys.stderr)
        return 2
    table = _table(args, mapping.read)
    strict = settings.strict if args.strict is None else args.strict
    plan = plan_import(
        table,
        mapping,
        settings.content_dir,
        settings.root,
        strict=strict,
        skip_invalid=args.skip_invalid,
    )
    if plan.base_problems:
        print(f"The mapping does not fit the table:\n{_problem_lines(plan.base_problems)}")
        return 2
    _report(plan)
    return _finish(plan, args, settings.root)


def _suggest(args: argparse.Namespace, content_dir: Path, root: Path) -> int:
    from lessons_kb.importer.suggest import suggest_mapping

    table = _table(args, ReadOptions())
    sources, _ = discover(content_dir, root)
    missions = sorted(s.id for s in sources if s.kind == "mission")
    text = suggest_mapping(table, args.kind, missions)
    if not args.mapping:
        print(text, end="")
        return 0
    try:
        with open(args.mapping, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"lessons-kb: {args.mapping} already exists; it was left as it is", file=sys.stderr)
        return 1
    print(f"Wrote {args.mapping}: read it, correct it, then try it with")
    print(f"  lessons-kb import {args.file} --kind {args.kind} --mapping {args.mapping} --dry-run")
    return 0


def _report(plan: ImportPlan) -> None:
    table = plan.table
    rows = len(table.rows)
    print(
        f"Read {table.name}: {_count(rows, table.unit)}, {_count(len(table.columns), 'column')} "
        f"({'; '.join(table.notes)})."
    )
    if plan.unused:
        listed = ", ".join(f'"{c}"' for c in plan.unused)
        print(f"Not imported (in no field or section of the mapping): {listed}.")
    if plan.resolved:
        print("Resolved with certainty:")
        for resolution in plan.resolved:
            print(f"  {resolution}")
    problems = plan.problems
    if problems:
        print("Problems:")
        for problem in problems:
            print(f"  {problem}")


def _list(title: str, paths: list[str]) -> None:
    print(title)
    for path in paths[:_SHOWN_ENTRIES]:
        print(f"  {path}")
    if len(paths) > _SHOWN_ENTRIES:
        print(f"  … and {len(paths) - _SHOWN_ENTRIES} more")


def _finish(plan: ImportPlan, args: argparse.Namespace, root: Path) -> int:
    from lessons_kb.importer.write import write_entries, write_rejected

    new, rejected, already = plan.new, plan.rejected, plan.already
    if already:
        print(
            "Already in the knowledge base, as they would be written: "
            f"{_count(len(already), plan.table.unit)}."
        )
    shown = [f"{c.rel_path}  ({c.place.unit} {c.place.number})" for c in new]
    if plan.strict and any(not p.is_error for p in plan.problems):
        print(
            "Warnings keep rows out too, because the build is strict (`strict: true` in "
            "mkdocs.yml); `--no-strict` lets them in."
        )
    if rejected and not args.skip_invalid:
        print(
            f"{len(rejected)} of {len(plan.candidates)} {plan.table.unit}s have problems: "
            "nothing " + ("would be" if args.dry_run else "was") + " written. Fix them, or "
            f"use --skip-invalid to write the {len(new)} that pass."
        )
        return 1
    if args.dry_run:
        if new:
            _list(f"Would write {_count(len(new), 'entry', 'entries')}:", shown)
        else:
            print("Nothing to write.")
        return 1 if rejected else 0
    try:
        written = write_entries(plan, root)
    except FileExistsError as exc:
        print(f"lessons-kb: {exc.filename} appeared meanwhile; it was left as it is")
        return 1
    if written:
        _list(f"Wrote {_count(len(written), 'entry', 'entries')}:", shown)
    elif not rejected:
        print("Nothing to write: every row is in the knowledge base already.")
    if rejected:
        target = Path(args.rejected or Path(args.file).with_suffix(".rejected.csv"))
        if target.resolve() == Path(args.file).resolve():
            raise UsageError("--rejected names the file being imported")
        count = write_rejected(plan, target)
        print(f"Left out {_count(count, plan.table.unit)} with problems: they are in {target}.")
        return 1
    print("Next: `lessons-kb check`, then look at the new pages with `make serve`.")
    return 0
