"""Test helpers: small knowledge bases written into temporary folders, real builds, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

MKDOCS_YML = """\
site_name: Test KB
site_url: https://example.org/kb/
theme:
  name: material
  font: false
plugins:
  - search
  - lessons-kb:
      # The quality hints have their own tests (test_quality.py); overdue reviews stay on.
      quality:
        lesson-one-sentence: false
        lesson-instructional: false
        recommendation-owner: false
        recommendation-action: false
        vague-phrases: false
        lesson-length: false
        personal-data: false
        overdue-recommendation: false
        similar-lessons: false
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
nav:
  - Home: index.md
  - Missions: missions/index.md
  - Findings: findings/index.md
  - Lessons: lessons/index.md
"""

TAXONOMIES = {
    "themes.yml": "digital-government:\n  title: Digital government\n"
    "leadership:\n  title: Leadership\n",
    "organisations.yml": "un-desa:\n  title: UN DESA\neclac:\n  title: ECLAC\n",
    "projects.yml": "da-2427j:\n  title: Project 2427J\n",
}


def front_matter(**fields: object) -> str:
    """YAML front matter from keyword arguments (values written as YAML flow)."""
    import yaml

    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n"


def mission_md(**overrides: object) -> str:
    fields: dict[str, object] = {
        "title": "Scoping mission to Saint Lucia",
        "summary": "A scoping mission and workshop on digital transformation.",
        "date": "2024-08-06",
        "status": "completed",
        "type": ["scoping", "workshop"],
        "start": "2024-08-06",
        "end": "2024-08-07",
        "location": "Castries, Saint Lucia",
        "countries": ["LCA"],
        "sdgs": ["16.6"],
        "themes": ["digital-government"],
        "organisations": ["un-desa"],
        "project": "da-2427j",
    }
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    return front_matter(**fields) + "\n## Objectives\n\nTo scope.\n\n## Activities\n\nMeetings.\n"


def finding_md(**overrides: object) -> str:
    fields: dict[str, object] = {
        "title": "Skills gap in the public service",
        "summary": "The public service lacks skills for digital transformation.",
        "date": "2024-08-06",
        "status": "draft",
        "kind": "gap",
        "countries": ["LCA"],
        "sdgs": ["16"],
    }
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    return front_matter(**fields) + "\n## Observation\n\nSeen.\n\n## Discussion\n\nDiscussed.\n"


def lesson_md(findings: list[str] | None = None, **overrides: object) -> str:
    fields: dict[str, object] = {
        "title": "Pair assessments with mindset work",
        "summary": "Pair every capability assessment with a programme on mindsets.",
        "date": "2024-08-07",
        "status": "identified",
        "polarity": "improve",
        "findings": findings if findings is not None else ["skills-gap"],
        "recommendations": [
            {"text": "Plan a mindset programme.", "owner": "un-desa", "due": "2030-01-01"}
        ],
        "countries": ["LCA"],
        "applies_to": ["caribbean"],
        "sdgs": ["16.6"],
    }
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    body = "\n## Context\n\nSee [[skills-gap]].\n\n## Lesson\n\nPair them.\n\n"
    return front_matter(**fields) + body + "## Recommendations\n\nDo it.\n"


@dataclass
class Project:
    """A site folder with mkdocs.yml, docs/ and content/."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, "utf-8")
        return path

    def mission(self, mission_id: str = "lca-2024", **fields: object) -> Path:
        return self.write(f"content/missions/{mission_id}/index.md", mission_md(**fields))

    def finding(
        self, finding_id: str = "skills-gap", mission_id: str = "lca-2024", **fields: object
    ) -> Path:
        rel = f"content/missions/{mission_id}/findings/{finding_id}.md"
        return self.write(rel, finding_md(**fields))

    def lesson(self, lesson_id: str = "pair-assessments", **fields: object) -> Path:
        return self.write(f"content/lessons/{lesson_id}.md", lesson_md(**fields))

    def build(
        self, *args: str, site_dir: str = "site", check: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """`mkdocs build` in a subprocess, as a publisher runs it."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", site_dir, *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def site(self, rel: str = "", site_dir: str = "site") -> Path:
        return self.root / site_dir / rel


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The 1-based number of the first line containing `needle` (after a line with `after`)."""
    started = after is None
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        started = started or (after is not None and after in line)
        if started and needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


def copy_example(root: Path) -> Path:
    """A copy of the repository's example project (configuration, pages, content) in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.offline.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "node_modules").is_dir():  # the editing app's files (`cms:` in mkdocs.yml)
        (root / "node_modules").symlink_to(REPO / "node_modules")
    return root


def build_strict(project: Path, site_dir: Path | str = "site", **env: str) -> Path:
    """`mkdocs build --strict` of `project` into `site_dir`, failing the test on any error.

    `SITE_URL` is left out of the environment unless given, so that the build does not
    depend on the caller's shell."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if "SITE_URL" not in env:
        environment.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / site_dir


def new_project(root: Path, *, with_entries: bool = True) -> Project:
    """A small valid site: one mission, one finding, one lesson, taxonomies and a home page."""
    project = Project(root)
    project.write("mkdocs.yml", MKDOCS_YML)
    project.write("docs/index.md", "# Test KB\n\nWelcome.\n")
    for name, text in TAXONOMIES.items():
        project.write(f"content/taxonomies/{name}", text)
    if with_entries:
        project.mission()
        project.finding()
        project.lesson()
    return project


# --- Serving a built site and driving Chromium --------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


NODE_BIN = REPO / "node_modules" / ".bin"


def need(available: bool, what: str, how: str) -> None:
    """Skip with a reason where a tool is missing; fail instead in CI, which must have it."""
    if available:
        return
    if os.environ.get("CI") or os.environ.get("LESSONS_KB_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required in CI but missing: {how}")
    pytest.skip(f"{what} is missing: {how}")


def node_tool(name: str) -> Path:
    """A checker installed from npm by `make test` (`node_modules/.bin/<name>`)."""
    path = NODE_BIN / name
    need(path.exists() and shutil.which("node") is not None, name, "run `npm ci` (make test does)")
    return path


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def read_export(api: Path) -> dict[str, object]:
    """`api/v1/entries.jsonl.gz` as one document: its header line with the entries under
    `entries`, the shape `schemas/entries.json` describes."""
    import gzip
    import json

    with gzip.open(api / "entries.jsonl.gz", "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines))
        return {**header, "entries": [json.loads(line) for line in lines]}
