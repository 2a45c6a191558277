"""`lessons-kb build`, `serve` and `offline`: the site built by any engine, outside it.

The engines and the build are imported when one of these commands runs, not when the
command line starts: `lessons-kb check` starts faster.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lessons_kb.engines.names import DEFAULT_ENGINE, ENGINE_NAMES

OFFLINE_CONFIG = "mkdocs.offline.yml"
OFFLINE_SITE = "site-offline"
OFFLINE_ZIP = "lessons-kb-offline.zip"


def _say(text: str) -> None:
    print(text, flush=True)


def _languages_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languages",
        metavar="CODES",
        help="build only these of the site's languages, separated by commas (one: at the root)",
    )


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINE_NAMES),
        default=DEFAULT_ENGINE,
        help=f"the engine that turns the staged pages into HTML (default {DEFAULT_ENGINE})",
    )


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register `build`, `serve` and `offline`."""
    parser = commands.add_parser(
        "build",
        parents=[common],
        help="check the knowledge base and build the whole site",
        description="Check the knowledge base, stage its pages, build them with an engine, "
        "then add feeds, open-data exports and the search index.",
    )
    _engine_option(parser)
    parser.add_argument("-d", "--site-dir", default="site", help="where to build (default site)")
    _languages_option(parser)
    parser.add_argument(
        "--strict", action="store_true", help="fail on warnings too (also `strict: true`)"
    )
    parser.set_defaults(run=run_build)

    parser = commands.add_parser(
        "serve",
        parents=[common],
        help="preview the site while you edit",
        description="Preview the site; every change under content/ or docs/ is checked and "
        "the page reloads. Feeds, exports and search are made by `build`.",
    )
    _engine_option(parser)
    parser.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", help="address (default 127.0.0.1:8000)"
    )
    parser.set_defaults(run=run_serve)

    parser = commands.add_parser(
        "offline",
        parents=[common],
        help="build the offline edition and pack it as one zip",
        description=f"Build the offline edition ({OFFLINE_CONFIG}) into {OFFLINE_SITE}/ "
        f"and pack it as {OFFLINE_ZIP}.",
    )
    _engine_option(parser)
    parser.add_argument("-d", "--site-dir", default=OFFLINE_SITE, help="where to build it")
    parser.add_argument("--zip", default=OFFLINE_ZIP, help=f"the zip (default {OFFLINE_ZIP})")
    _languages_option(parser)
    parser.set_defaults(run=run_offline, config_file=None)


def run_build(args: argparse.Namespace) -> int:
    from lessons_kb.engines.run import BuildFailed, build
    from lessons_kb.engines.site import Site

    site = Site.load(args.config_file).only_languages(args.languages)
    strict = args.strict or site.settings.strict
    try:
        build(site, args.engine, Path(args.site_dir).resolve(), _say, strict)
    except BuildFailed as exc:
        print(f"lessons-kb: {exc}", file=sys.stderr)
        return 1
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from lessons_kb.engines.run import serve
    from lessons_kb.engines.site import Site

    return serve(Site.load(args.config_file), args.engine, args.dev_addr, _say)


def run_offline(args: argparse.Namespace) -> int:
    from lessons_kb.engines.run import BuildFailed, build
    from lessons_kb.engines.site import Site
    from lessons_kb.finish.offline import pack
    from lessons_kb.site.edition import human_size

    site = Site.load(args.config_file or OFFLINE_CONFIG).only_languages(args.languages)
    site_dir = (site.root / args.site_dir).resolve()
    try:
        build(site, args.engine, site_dir, _say, site.settings.strict)
    except BuildFailed as exc:
        print(f"lessons-kb: {exc}", file=sys.stderr)
        return 1
    zip_path = site.root / args.zip
    count = pack(site_dir, zip_path)
    print(f"Offline edition: {count} files in {args.zip} ({human_size(zip_path.stat().st_size)})")
    return 0
