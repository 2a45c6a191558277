"""`lessons-kb check`: every problem of the knowledge base, without building the site.

The whole base is always loaded, so references resolve exactly as in the build; named
paths only choose which files' problems are reported. Exit status: 0 when nothing
fails, 1 when problems fail the check (errors; warnings too when strict), 2 on a
usage or configuration error.

`--format json` prints one document of the shape `CHECK_JSON_SCHEMA` describes.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lessons_kb.checks.run import cycle_collection_paused, load_knowledge_base
from lessons_kb.cli.config import PLUGIN_NAME, Settings, UsageError, load_settings
from lessons_kb.problems import Problem, count_errors, format_github, format_text

FORMATS = ("text", "github", "json")
JSON_VERSION = 1

_NULLABLE_TEXT = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"], "minimum": 1}
#: The shape of `lessons-kb check --format json` (JSON Schema 2020-12).
CHECK_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lessons-kb check --format json",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "version",
        "ok",
        "strict",
        "config_file",
        "content_dir",
        "entries",
        "errors",
        "warnings",
        "not_shown",
        "problems",
    ],
    "properties": {
        "version": {"const": JSON_VERSION, "description": "The version of this shape."},
        "ok": {"type": "boolean", "description": "True when the check passes (exit status 0)."},
        "strict": {"type": "boolean", "description": "Whether warnings fail the check too."},
        "config_file": {"type": "string", "description": "The mkdocs.yml that was read."},
        "content_dir": {"type": "string", "description": "The folder checked."},
        "entries": {"type": "integer", "minimum": 0, "description": "Entries loaded."},
        "errors": {"type": "integer", "minimum": 0, "description": "Errors listed."},
        "warnings": {"type": "integer", "minimum": 0, "description": "Warnings listed."},
        "not_shown": {
            "type": "integer",
            "minimum": 0,
            "description": "Problems in files other than the paths named, left out.",
        },
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["file", "message", "severity"],
                "properties": {
                    "file": {"type": "string", "description": "Relative to mkdocs.yml."},
                    "line": _NULLABLE_INT,
                    "column": _NULLABLE_INT,
                    "field": _NULLABLE_TEXT,
                    "message": {"type": "string", "minLength": 1},
                    "expected": _NULLABLE_TEXT,
                    "hint": _NULLABLE_TEXT,
                    "severity": {"enum": ["error", "warning"]},
                    "rule": {
                        **_NULLABLE_TEXT,
                        "description": "For a quality hint, its rule (switched off in "
                        "mkdocs.yml with `quality: {rule: false}`).",
                    },
                    "stops_strict": {
                        "type": "boolean",
                        "description": "Whether a strict check stops on this warning (an "
                        "outdated translation does not).",
                    },
                },
            },
        },
    },
}


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `check` and its options."""
    parser = commands.add_parser(
        "check",
        parents=[common],
        help="check every entry, without building the site",
        description="Check the knowledge base as the build does: schemas, vocabularies, "
        "references and body sections. Named files or folders only choose which problems "
        "are shown; references still resolve against the whole knowledge base.",
        epilog="Exit status: 0 no problem fails the check, 1 problems found, "
        "2 usage or configuration error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to report on")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), github or json"
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fail on warnings too (default: the `strict` setting of mkdocs.yml)",
    )
    parser.set_defaults(run=run)


def _named_paths(paths: list[str]) -> list[Path]:
    resolved = []
    for name in paths:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"{name} does not exist")
        resolved.append(path.resolve())
    return resolved


def _is_named(problem: Problem, root: Path, named: list[Path]) -> bool:
    where = (root / problem.file).resolve()
    return any(where == path or path in where.parents for path in named)


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {**asdict(problem), "severity": problem.severity.value}


def _step_summary(problems: list[Problem]) -> None:
    """On GitHub Actions, the full list in the job summary (annotations are capped)."""
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_file or not problems:
        return
    rows = ["| file | line | severity | problem |", "| --- | --: | --- | --- |"]
    for p in sorted(problems, key=Problem.sort_key):
        cells = [p.file, str(p.line or ""), p.severity.value, p.sentence()]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    try:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write("### Lessons KB check\n\n" + "\n".join(rows) + "\n")
    except OSError:
        pass


def report(
    problems: list[Problem], settings: Settings, fmt: str, strict: bool, extra: dict[str, int]
) -> tuple[str, bool]:
    """The report in `fmt`, and whether the check passes."""
    errors = count_errors(problems)
    ok = errors == 0 and not (strict and any(p.fails_strict for p in problems))
    if fmt == "json":
        document = {
            "version": JSON_VERSION,
            "ok": ok,
            "strict": strict,
            "config_file": settings.relative(settings.config_file),
            "content_dir": settings.relative(settings.content_dir),
            "entries": extra["entries"],
            "errors": errors,
            "warnings": len(problems) - errors,
            "not_shown": extra["not_shown"],
            "problems": [_problem_dict(p) for p in sorted(problems, key=Problem.sort_key)],
        }
        return json.dumps(document, ensure_ascii=False, indent=2), ok
    lines = []
    if fmt == "github":
        _step_summary(problems)
        if problems:
            lines.append(format_github(problems))
    if problems:
        lines.append(format_text(problems))
    else:
        lines.append(f"No problems found in {extra['entries']} entries.")
    if extra["not_shown"]:
        lines.append(
            f"({extra['not_shown']} more in other files, not shown: run `lessons-kb check` "
            "without paths to see them.)"
        )
    rules = sorted({p.rule for p in problems if p.rule})
    if rules:
        lines.append(
            "Quality hints name their rule; a site can switch a rule off in mkdocs.yml, under "
            f"the {PLUGIN_NAME} plugin: `quality: {{{rules[0]}: false}}`."
        )
    if not ok and strict and errors == 0:
        lines.append("Warnings fail the check because it is strict.")
    return "\n".join(lines), ok


def run(args: argparse.Namespace) -> int:
    """Run `lessons-kb check`."""
    settings = load_settings(args.config_file)
    named = _named_paths(args.paths)
    # Reporting thousands of problems after the load would set the collector scanning the
    # whole base again; the command ends once it has reported.
    with cycle_collection_paused():
        result = load_knowledge_base(
            settings.content_dir, root=settings.root, options=settings.checks
        )
        problems = result.problems
        shown = [p for p in problems if _is_named(p, settings.root, named)] if named else problems
        strict = settings.strict if args.strict is None else args.strict
        extra = {"entries": len(result.kb.entries), "not_shown": len(problems) - len(shown)}
        text, ok = report(shown, settings, args.format, strict, extra)
        print(text)
    return 0 if ok else 1
