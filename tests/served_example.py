"""The repository's example site, built for and served from a sub-path of localhost, as
GitHub Pages serves it (`https://<org>.github.io/<repo>/`). Used by the accessibility and
weight tests, which read pages the way a reader gets them."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from conftest import REPO, serve

SUBPATH = "kb"

#: One page of every page type of the example, as a path below the site's address.
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "collection": "missions/",
    "taxonomy index": "countries/",
    "theme": "themes/digital-government/",
    "year": "years/2024/",
    "SDG goal": "sdgs/16/",
    "country briefing": "countries/lca/",
    "catalog": "browse/",
    "mission": "missions/lca-2024-changing-mindsets/",
    "finding": "findings/lca-year-of-infrastructure/",
    "lesson": "lessons/agree-focal-points-during-scoping/",
    "field reference": "reference/fields/",
    "search": "search/?q=focal",
    "about": "about/",
    "open data": "open-data/",
    "not found": "404.html",  # what GitHub Pages sends for a missing address
}


def copy_example(root: Path) -> Path:
    """A copy of the example project (configuration, pages, content) in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.offline.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "content", root / "content")
    return root


@contextlib.contextmanager
def served_example(tmp: Path) -> Iterator[tuple[str, Path]]:
    """The example built strictly with `SITE_URL` set to `http://127.0.0.1:<port>/kb/` and
    served there; yields that address and the built folder."""
    project = copy_example(tmp / "project")
    www = tmp / "www"
    www.mkdir()
    with serve(www) as origin:
        base = f"{origin}/{SUBPATH}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
        site = www / SUBPATH
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        yield base, site


class RequestLog:
    """Every request and response of a page: other origins, failures, script errors."""

    def __init__(self, page, base: str) -> None:
        parts = urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.responses: list = []
        self.problems: list[str] = []
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another origin: {request.url}")

    def _response(self, response) -> None:
        self.responses.append(response)
        if response.status >= 400 and not response.request.is_navigation_request():
            self.problems.append(f"{response.status}: {response.url}")
