"""`lessons-kb new mission|finding|lesson`: a new entry from a template, in the right place.

The template (`templates/new_<kind>.md`) holds every field required at the kind's first
status, today's date, and `TODO:` placeholders where the editor has to write or choose;
`lessons-kb check` reports each placeholder until it is replaced, and nothing else.
What the options leave out is asked for when run in a terminal, never otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from lessons_kb.checks.placeholders import MARKER
from lessons_kb.checks.run import build_date
from lessons_kb.checks.similar import may_already_exist
from lessons_kb.cli.config import Settings, UsageError, load_settings
from lessons_kb.model import Entry
from lessons_kb.schema import KINDS, schema_for, status_values
from lessons_kb.source.load import SourceFile, check_id, discover, load_entry, slugify
from lessons_kb.vocab import did_you_mean, is_country, regions

TITLE_PLACEHOLDER = f"{MARKER} the title readers see"
_MAX_ID = 60


class Refusal(Exception):
    """The request is clear but would overwrite or duplicate an entry (exit status 1)."""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `new` and its options."""
    parser = commands.add_parser(
        "new",
        parents=[common],
        help="create a mission, finding or lesson from a template",
        description="Create a new entry in the right folder from a template with every "
        "required field and `TODO:` placeholders to replace. In a terminal, asks for what "
        "the options leave out. Never overwrites a file.",
        epilog="Example: lessons-kb new finding --mission lca-2024-changing-mindsets "
        '--title "Skills gap in the public service"',
    )
    parser.add_argument("kind", choices=KINDS, help="what to create")
    parser.add_argument(
        "--id", dest="entry_id", metavar="ID", help="the id (file name); default: from title"
    )
    parser.add_argument("--title", help="the title readers see")
    parser.add_argument("--mission", help="for a finding: the id of its mission")
    parser.add_argument(
        "--findings",
        action="append",
        metavar="IDS",
        help="for a lesson: ids of the findings it is drawn from, separated by commas",
    )
    parser.set_defaults(run=run)


# --- Asking --------------------------------------------------------------------------


class Asker:
    """Asks questions on a terminal; without one, asking is an error naming the option."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def ask(self, question: str, option: str, default: str | None = None) -> str:
        if not self.interactive:
            raise UsageError(f"{option} is missing (there is no terminal to ask on)")
        shown = f" [{default}]" if default else ""
        print(f"{question}{shown}: ", end="", file=sys.stderr, flush=True)
        try:
            answer = input().strip()
        except EOFError:
            raise UsageError(f"{option} is missing (no answer was given)") from None
        return answer or default or ""

    def until_valid(
        self, question: str, option: str, check: Callable[[str], str], default: str | None = None
    ) -> str:
        """Ask until `check` accepts the answer (it raises UsageError or Refusal if not)."""
        while True:
            answer = self.ask(question, option, default)
            try:
                return check(answer)
            except (UsageError, Refusal) as exc:
                print(f"  {exc}", file=sys.stderr)


# --- The knowledge base as it stands -------------------------------------------------


class Existing:
    """The ids already in the content folder (found without loading every entry)."""

    def __init__(self, settings: Settings) -> None:
        self.sources, _ = discover(settings.content_dir, settings.root)
        self.by_id = {s.id.casefold(): s for s in self.sources}

    def of_kind(self, kind: str) -> dict[str, SourceFile]:
        return {s.id: s for s in self.sources if s.kind == kind}

    def lessons(self) -> list[Entry]:
        """Every lesson that can be read (for "this may already exist")."""
        found = (load_entry(s)[0] for s in self.sources if s.kind == "lesson")
        return [entry for entry in found if entry is not None]

    def countries_of(self, ids: list[str]) -> list[str]:
        """The countries of the entries named, in order, each once."""
        found: list[str] = []
        for entry_id in ids:
            source = self.by_id.get(entry_id.casefold())
            entry = load_entry(source)[0] if source else None
            for code in entry.countries if entry else []:
                if is_country(code) and code not in found:
                    found.append(code)
        return found


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not 3 <= len(title) <= 200:
        raise UsageError("a title has 3 to 200 characters")
    return title


def _check_new_id(existing: Existing) -> Callable[[str], str]:
    def check(entry_id: str) -> str:
        for problem in check_id(entry_id, entry_id):
            raise UsageError(f"{problem.message} (expected {problem.expected})")
        taken = existing.by_id.get(entry_id.casefold())
        if taken is not None:
            raise Refusal(f"the id `{entry_id}` is already used by {taken.rel_path}")
        return entry_id

    return check


def _check_ids(kind: str, known: dict[str, SourceFile], option: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        for entry_id in [v for v in value.replace(",", " ").split() if v]:
            if entry_id not in known:
                hint = did_you_mean(entry_id, list(known))
                raise UsageError(
                    f"{option}: `{entry_id}` is no {kind}"
                    + (f"; {hint}" if hint else f" (the {kind}s: {', '.join(sorted(known))})")
                )
        return value

    return check


def _split_ids(values: list[str]) -> list[str]:
    ids: list[str] = []
    for value in values:
        ids += [v for v in value.replace(",", " ").split() if v and v not in ids]
    return ids


def suggested_id(title: str) -> str:
    """A well-formed id from a title, cut at a hyphen to stay short."""
    slug = slugify(title)
    if len(slug) > _MAX_ID:
        slug = slug[:_MAX_ID].rsplit("-", 1)[0]
    return slug


# --- Writing ---------------------------------------------------------------------------


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value: plain when it reads back unchanged, else double-quoted."""
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain and text.strip() == text else json.dumps(text, ensure_ascii=False)


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"


def _enums() -> dict[str, list[str]]:
    mission = schema_for("mission")["properties"]
    finding = schema_for("finding")["properties"]
    lesson = schema_for("lesson")["properties"]
    return {
        "type": mission["type"]["items"]["enum"],
        "kind": finding["kind"]["enum"],
        "evidence_kind": finding["evidence"]["items"]["properties"]["kind"]["enum"],
        "polarity": lesson["polarity"]["enum"],
        "recommendation_status": lesson["recommendations"]["items"]["properties"]["status"]["enum"],
    }


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def render(kind: str, title: str, settings: Settings, **values: Any) -> str:
    """The text of a new entry of `kind`."""
    template = resources.files("lessons_kb.site").joinpath(f"templates/new_{kind}.md")
    text = template.read_text("utf-8")
    env = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    today = build_date()
    return env.from_string(text).render(
        title=yaml_scalar(title),
        today=today.isoformat(),
        review_due=_a_year_after(today).isoformat(),
        status=status_values(kind)[0],
        statuses=status_values(kind),
        enums=_enums(),
        regions=list(regions()),
        content=settings.relative(settings.content_dir),
        **values,
    )


def target_path(settings: Settings, kind: str, entry_id: str, mission: str | None) -> Path:
    """Where an entry of `kind` with `entry_id` lives."""
    content = settings.content_dir
    if kind == "mission":
        return content / "missions" / entry_id / "index.md"
    if kind == "finding":
        return content / "missions" / str(mission) / "findings" / f"{entry_id}.md"
    return content / "lessons" / f"{entry_id}.md"


def _may_exist(existing: Existing, title: str, settings: Settings) -> None:
    """Name the lessons that may already say what the new one will."""
    lessons = existing.lessons()
    found = may_already_exist(title, lessons)
    if not found:
        return
    by_id = {e.id: e for e in lessons}
    print("This may already exist: lessons like it (read them first; if yours is the same")
    print("lesson, add what is new to it instead, and delete the new file):")
    for neighbour in found:
        lesson = by_id[neighbour.id]
        where = settings.relative(Path(lesson.source))
        print(f"  {neighbour.percent:>3}% similar  {lesson.title}  ({where})")


def run(args: argparse.Namespace) -> int:
    """Run `lessons-kb new`."""
    kind: str = args.kind
    if args.mission and kind != "finding":
        raise UsageError("--mission is for a finding only")
    if args.findings and kind != "lesson":
        raise UsageError("--findings is for a lesson only")
    settings = load_settings(args.config_file)
    existing = Existing(settings)
    asker = Asker(sys.stdin.isatty())

    mission: str | None = None
    if kind == "finding":
        missions = existing.of_kind("mission")
        if not missions:
            raise UsageError("there is no mission yet: create one with `lessons-kb new mission`")
        check_mission = _check_ids("mission", missions, "--mission")
        if args.mission:
            mission = check_mission(args.mission.strip())
        else:
            listed = ", ".join(sorted(missions))
            mission = asker.until_valid(f"Mission ({listed})", "--mission", check_mission)
    findings: list[str] = []
    if kind == "lesson":
        check_findings = _check_ids("finding", existing.of_kind("finding"), "--findings")
        if args.findings:
            findings = _split_ids([check_findings(v) for v in args.findings])
        elif asker.interactive:
            answer = asker.until_valid(
                "Findings it is drawn from (ids separated by commas; Enter for none)",
                "--findings",
                check_findings,
            )
            findings = _split_ids([answer])

    title: str | None = _check_title(args.title) if args.title else None
    if title is None and (asker.interactive or not args.entry_id):
        title = asker.until_valid(f"Title of the {kind}", "--title (or --id)", _check_title)
    check_new = _check_new_id(existing)
    if args.entry_id:
        entry_id = check_new(args.entry_id.strip())
    elif asker.interactive:
        entry_id = asker.until_valid(
            "Id (the file name)", "--id", check_new, default=suggested_id(title or "")
        )
    else:
        entry_id = check_new(suggested_id(title or ""))

    path = target_path(settings, kind, entry_id, mission)
    inherited = existing.countries_of([mission] if mission else findings)
    text = render(
        kind,
        title or TITLE_PLACEHOLDER,
        settings,
        countries=yaml_list(inherited),
        findings=yaml_list(findings),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise Refusal(f"{settings.relative(path)} already exists; it was left as it is") from None
    shown = os.path.relpath(path)
    print(f"Created {shown}")
    if kind == "lesson" and title:
        _may_exist(existing, title, settings)
    print(
        f"Next: replace each of its {text.count(MARKER)} `{MARKER}` placeholders, then run "
        f"`lessons-kb check {shown}`."
    )
    return 0
