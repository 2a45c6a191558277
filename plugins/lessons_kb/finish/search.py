"""Static search with Pagefind: a light, chunked index that a reader downloads in parts.

The theme's own search makes every reader download the whole index (megabytes at a few
thousand entries) on every cold page load. Pagefind, run over the built site, writes an
index split into small chunks, so a first result costs a few hundred kilobytes at most.
Only each page's main content is indexed, and listings are left out, so that an entry
is found on its own page rather than on every page that lists it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lessons_kb.site.pages import BUNDLE_DIR

ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def mark_searchable(html: str) -> str:
    """Mark a page's main content as the part Pagefind indexes."""
    return html.replace(ARTICLE_OPEN, ARTICLE_OPEN[:-1] + " data-pagefind-body>", 1)


def index_site(site_dir: str | Path) -> None:
    """Run Pagefind over `site_dir`, writing its bundle to `site_dir/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--exclude-selectors",
        ".headerlink",
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site: " + " / ".join(detail))
