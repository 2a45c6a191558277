"""Edit-to-reload of the live preview: from saving a lesson to the preview serving it.

`lessons-kb serve` is started on a knowledge base; once it answers, a lesson's title is
changed on disk and the lesson's page is fetched until it carries the new title. The time
between the save and that answer is what an editor waits (the browser's own reload adds a
few milliseconds).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

LESSONS_KB = [sys.executable, "-m", "lessons_kb.cli.main"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _until(url: str, text: str, seconds: float, step: float = 0.05) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in _fetch(url):
            return time.monotonic() - started
        time.sleep(step)
    return None


def edit_to_reload(kb: Path, engine: str = "mkdocs", edits: int = 3) -> dict[str, object]:
    """The median seconds from saving a lesson to the preview serving the change."""
    lesson = sorted((kb / "content" / "lessons").glob("*.md"))[0]
    original = lesson.read_text("utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*LESSONS_KB, "serve", "--engine", engine, "-a", f"127.0.0.1:{port}"],
        cwd=kb,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = _served_path(kb)
    url = f"http://127.0.0.1:{port}{path}lessons/{lesson.stem}/"
    try:
        first = _until(url, "<html", seconds=1800, step=0.5)
        if first is None:
            raise RuntimeError(f"the preview of {kb} never answered")
        times = []
        for n in range(edits):
            title = f"Edited for the benchmark, time {n}"
            lesson.write_text(
                re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M)
            )
            seconds = _until(url, title, seconds=600)
            if seconds is None:
                raise RuntimeError("the preview never showed the edit")
            times.append(seconds)
            time.sleep(1)
    finally:
        lesson.write_text(original)
        server.terminate()
        server.wait(timeout=60)
    return {"preview_seconds": statistics.median(times), "preview_runs": times}


def _served_path(kb: Path) -> str:
    """MkDocs serves under the path of `site_url`."""
    text = (kb / "mkdocs.yml").read_text("utf-8")
    found = re.search(r"^site_url:.*?https?://[^/\s\"']+(/[^\s\"'\]]*)", text, re.M)
    path = found.group(1) if found else "/"
    return path if path.endswith("/") else path + "/"
