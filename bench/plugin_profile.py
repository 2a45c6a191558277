"""Build a site in this process, timing the Lessons KB plugin's own events apart from MkDocs.

    python bench/plugin_profile.py SITE_DIR/mkdocs.yml OUT.json

Every event method of the plugin is wrapped with a timer; the totals (seconds of the
plugin's own work, including Pagefind's indexing run from `on_post_build`) are written
to OUT.json together with the whole build's time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

EVENTS = (
    "on_config",
    "on_files",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_post_build",
)


def main() -> None:
    config_file, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(config_file.parent)

    from lessons_kb.engines.mkdocs import LessonsKBPlugin
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    totals: dict[str, float] = defaultdict(float)
    for name in EVENTS:
        original = getattr(LessonsKBPlugin, name, None)
        if original is None:
            continue

        def timed(*args, __original=original, __name=name, **kwargs):
            start = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__name] += time.perf_counter() - start

        setattr(LessonsKBPlugin, name, wraps(original)(timed))

    start = time.perf_counter()
    config = load_config(str(config_file))
    build(config)
    total = time.perf_counter() - start
    out.write_text(
        json.dumps({"build": total, "plugin": sum(totals.values()), "events": totals}, indent=2)
    )


if __name__ == "__main__":
    main()
