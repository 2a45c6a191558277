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


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_lessons_kb_serve_restages_an_edited_entry(project: Project, engine: str) -> None:
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
    try:
        assert _wait_for(url, "Pair assessments with mindset work"), "the preview never came up"
        project.lesson(title="A title changed while previewing")
        assert _wait_for(url, "A title changed while previewing"), "the change was not staged"
        project.lesson(countries=["Saint Lucia"])  # an error: the preview keeps the last good page
        time.sleep(3)
        assert "A title changed while previewing" in (_fetch(url) or "")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Staged again" in output
    assert "did you mean `LCA`" in output
    assert "Traceback" not in output
