"""The live preview: `mkdocs serve` and `lessons-kb serve` (under each engine) show an edit
to an entry under content/ without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import Project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_editing_an_entry_rebuilds_the_preview(project: Project) -> None:
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/kb/lessons/pair-assessments/"  # site_url ends in /kb/
        assert _wait_for(url, "Pair assessments with mindset work"), "the preview never came up"
        project.lesson(title="A title changed while previewing")
        assert _wait_for(url, "A title changed while previewing"), "the change was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _shows(page: object, selector: str, *, reloads: bool, seconds: float = 40) -> None:
    """Wait until the open page shows `selector`. MkDocs' preview reloads the page by
    itself; Zensical 0.0.73's reload socket does not fire reliably in headless Chromium,
    so there the test reloads the page as a reader would."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.locator(selector).count():  # type: ignore[attr-defined]
            return
        time.sleep(1)
        if reloads:
            page.reload()  # type: ignore[attr-defined]
    raise AssertionError(f"{selector} never showed")


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_lessons_kb_serve_shows_problems_and_reloads_when_fixed(
    project: Project, browser: object, engine: str
) -> None:
    """An edit shows in the open page by itself; while an entry has an error, the page lists
    the problem with file and line instead of hanging; once fixed, the site is back."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "lessons_kb.cli.main", "serve", "--engine", engine]
    server = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # MkDocs serves under the path of `site_url` (/kb/); Zensical at the root.
    prefix = "/kb" if engine == "mkdocs" else ""
    url = f"http://127.0.0.1:{port}{prefix}/lessons/pair-assessments/"
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        assert _wait_for(url, "Pair assessments with mindset work"), "the preview never came up"
        page.goto(url)
        page.wait_for_timeout(1000)  # the engine's reload script connects
        project.lesson(title="A title changed while previewing")
        _shows(page, "text=A title changed while previewing", reloads=engine == "zensical")

        project.lesson(title="A title changed while previewing", countries=["Saint Lucia"])
        _shows(page, ".lkb-preview-problems", reloads=engine == "zensical")
        text = page.locator(".lkb-preview-problems").inner_text()
        assert "content/lessons/pair-assessments.md" in text
        assert "did you mean `LCA`" in text
        assert "A title changed while previewing" in page.content()  # the last good version

        project.lesson(title="Fixed again")
        _shows(page, "text=Fixed again", reloads=engine == "zensical")
        assert page.locator(".lkb-preview-problems").count() == 0
    finally:
        page.close()
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Staged again" in output
    assert "Traceback" not in output
