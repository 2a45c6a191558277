"""`lessons-kb synthetic`: a generated knowledge base, to try the site at scale."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lessons_kb.cli.config import UsageError
from lessons_kb.synthetic.generate import generate


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register `synthetic` (it reads no `mkdocs.yml`, so it takes no `--config-file`)."""
    parser = commands.add_parser(
        "synthetic",
        help="write a synthetic knowledge base of N entries",
        description="Write a complete site folder (mkdocs.yml, docs/, content/) with N valid "
        "entries: missions, their findings and lessons. The same seed writes the same files.",
    )
    parser.add_argument("--entries", type=int, required=True, help="how many entries (at least 3)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same files")
    parser.add_argument("--out", type=Path, required=True, help="the site folder to write")
    parser.add_argument(
        "--internal-share",
        type=float,
        default=0.0,
        help="share of entries marked `sensitivity: internal` (default 0, at most 0.5)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (args.out / "content").exists():
        raise UsageError(f"{args.out / 'content'} already exists; choose a new folder")
    try:
        corpus = generate(args.out, args.entries, args.seed, args.internal_share)
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(
        f"wrote {corpus.total} entries to {corpus.root}: {corpus.missions} missions, "
        f"{corpus.findings} findings, {corpus.lessons} lessons ({corpus.internal} internal)"
    )
    return 0
