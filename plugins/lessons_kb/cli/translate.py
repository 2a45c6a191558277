"""`lessons-kb translate <entry file> --lang es`: start a translation, or record that one
follows its source again.

Without `--mark-current`, writes the entry's sibling (`<id>.es.md`) with the hash of the
source's current text and that text to translate: title, summary, recommendations' or
objectives' texts and the body; the metadata stays in the source. With `--mark-current`,
once the translation has been brought up to date, it records the source's current hash.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from lessons_kb.checks.run import build_date, load_knowledge_base
from lessons_kb.cli.config import UsageError, load_settings
from lessons_kb.cli.new import Refusal
from lessons_kb.translations.fields import source_hash
from lessons_kb.translations.files import is_translation_name, translation_path
from lessons_kb.translations.write import translation_text

_HASH_LINE = re.compile(r"^(?P<indent>\s+source_hash:).*$", re.M)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `translate` and its options."""
    parser = commands.add_parser(
        "translate",
        parents=[common],
        help="start a translation of an entry, or mark one as current",
        description="Write the translation of an entry into another language of the site "
        "beside it (`<id>.<language>.md`), with the source's text to translate and the hash "
        "of the version it follows. Never overwrites a file.",
        epilog="Example: lessons-kb translate content/lessons/plan-dissemination.md --lang es",
    )
    parser.add_argument("entry", help="the entry's file (its source, not a translation)")
    parser.add_argument("--lang", required=True, help="the language to translate into (es, fr)")
    parser.add_argument(
        "--mark-current",
        action="store_true",
        help="the translation has been updated: record the source's current version",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `lessons-kb translate`."""
    settings = load_settings(args.config_file)
    path = Path(args.entry).resolve()
    if is_translation_name(path.name):
        raise UsageError(f"{args.entry} is a translation: name the entry's own file")
    result = load_knowledge_base(
        settings.content_dir, root=settings.root, today=build_date(), options=settings.checks
    )
    entry = next((e for e in result.kb.entries.values() if Path(e.source) == path), None)
    if entry is None:
        raise UsageError(
            f"{args.entry} is not an entry the knowledge base could read: run "
            "`lessons-kb check` to see why"
        )
    language = args.lang
    if language not in settings.checks.languages:
        raise UsageError(
            f"the site publishes {', '.join(settings.checks.languages)}, not `{language}`: "
            f"add it to `languages` of the lessons-kb plugin in {settings.config_file.name}"
        )
    if language == entry.language:
        raise UsageError(f"{args.entry} is itself written in `{language}`")
    target = translation_path(path, language)
    shown = settings.relative(target)
    if args.mark_current:
        if not target.is_file():
            raise Refusal(f"{shown} does not exist: start it without --mark-current")
        text = target.read_text("utf-8")
        updated, count = _HASH_LINE.subn(
            lambda m: f'{m["indent"]} "{source_hash(entry)}"', text, count=1
        )
        if count == 0:
            raise Refusal(f"{shown} has no `source_hash:` line under `translation:` to update")
        target.write_text(updated, "utf-8")
        print(f"{shown} now follows the current version of {entry.rel_path}.")
        return 0
    if target.exists():
        raise Refusal(
            f"{shown} already exists; once it is brought up to date with the source, "
            "run the same command with --mark-current"
        )
    target.write_text(translation_text(entry, language), "utf-8")
    print(
        f"Wrote {shown}: translate its title, summary and body (keep ids, [[links]] and "
        "the `##` sections), then set `reviewed_by` once a person has checked it."
    )
    return 0
