"""The repository's example site, built for and served from a sub-path of localhost, as
GitHub Pages serves it (`https://<org>.github.io/<repo>/`). Used by the accessibility and
weight tests, which read pages the way a reader gets them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from helpers import build_strict, copy_example, serve

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


@contextlib.contextmanager
def served_example(tmp: Path) -> Iterator[tuple[str, Path]]:
    """The example built strictly with `SITE_URL` set to `http://127.0.0.1:<port>/kb/` and
    served there; yields that address and the built folder."""
    project = copy_example(tmp / "project")
    www = tmp / "www"
    www.mkdir()
    with serve(www) as origin:
        base = f"{origin}/{SUBPATH}/"
        yield base, build_strict(project, www / SUBPATH, SITE_URL=base)


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
