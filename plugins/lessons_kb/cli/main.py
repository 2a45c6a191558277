"""The `lessons-kb` command: check, create, count and describe entries without MkDocs.

    lessons-kb check [PATH…] [--format text|github|json] [--strict]
    lessons-kb new mission|finding|lesson [--id ID] [--title TITLE] [--mission ID] [--findings IDS]
    lessons-kb stats [--format text|json]
    lessons-kb schema --out DIR
    lessons-kb vscode --out DIR
    lessons-kb translate ENTRY_FILE --lang LANGUAGE [--mark-current]

Settings (the content folder) come from the `mkdocs.yml` of the current folder, or the
one named with `--config-file`. Exit status: 0 success, 1 problems found (or a refusal,
such as an id already taken), 2 usage or configuration error. Errors are written for
people, as one line each: never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from lessons_kb import __version__
from lessons_kb.cli import build as cli_build
from lessons_kb.cli import check as cli_check
from lessons_kb.cli import editor as cli_editor
from lessons_kb.cli import imports as cli_imports
from lessons_kb.cli import new as cli_new
from lessons_kb.cli import stats as cli_stats
from lessons_kb.cli import synthetic as cli_synthetic
from lessons_kb.cli import translate as cli_translate
from lessons_kb.cli.config import UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors end with a pointer to `--help`."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f",
        "--config-file",
        metavar="FILE",
        help="the site's mkdocs.yml (default: mkdocs.yml in the current folder)",
    )
    parser = _Parser(
        prog="lessons-kb",
        description="Write, check, count and build the entries of a Lessons KB knowledge base.",
        epilog="Run `lessons-kb COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    cli_check.add_parser(commands, common)
    cli_new.add_parser(commands, common)
    cli_stats.add_parser(commands, common)
    cli_editor.add_parsers(commands, common)
    cli_build.add_parsers(commands, common)
    cli_synthetic.add_parser(commands, common)
    cli_imports.add_parser(commands, common)
    cli_translate.add_parser(commands, common)
    return parser


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"lessons-kb: error: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return int(args.run(args))
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except UsageError as exc:
        return _fail(str(exc))
    except cli_new.Refusal as exc:
        return _fail(str(exc), EXIT_PROBLEMS)
    except KeyboardInterrupt:
        print("\nlessons-kb: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (`| head`) stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:  # never a traceback: say what happened and where to report it
        return _fail(
            f"unexpected {type(exc).__name__}: {exc}. This is a bug in lessons-kb; "
            "please report it with the command you ran."
        )


if __name__ == "__main__":
    sys.exit(main())
