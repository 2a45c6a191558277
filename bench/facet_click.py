"""How long a facet click takes in the catalog, in a real Chromium.

Serves a built site on a free localhost port (`python -m http.server`), opens
`/browse/`, waits for the facet form, then clicks the first value of the "Country"
facet on and off. Each click is timed inside the page, in one `evaluate()` call:
`performance.now()` before `element.click()`, and again once the status line
(`#lkb-catalog-status`) has changed and a `requestAnimationFrame` has fired, so the
figure includes the filtering, the DOM updates and the wait for the next frame (up to
one frame interval, about 16.7 ms at 60 Hz). The time until the status line changed
alone (the script's own work) is reported beside it.

    python bench/facet_click.py SITE_DIR [--clicks 10] [--chromium /usr/bin/chromium]

Prints one line per click and the median, and the same as JSON on the last line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One click, timed in the page: milliseconds until the status line changed ("work") and
# until the next animation frame after that ("frame"); -1 if the status never changed.
CLICK = """
async () => {
  const legend = [...document.querySelectorAll("form.lkb-facets fieldset > legend")]
    .find((node) => node.textContent.trim() === "Country");
  const box = legend.parentElement.querySelector("input[type=checkbox]");
  const status = document.getElementById("lkb-catalog-status");
  const before = status.textContent;
  const start = performance.now();
  box.click();
  while (status.textContent === before) {
    if (performance.now() - start > 10000) return { work: -1, frame: -1 };
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const work = performance.now() - start;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return { work, frame: performance.now() - start };
}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """`python -m http.server` on a free port for `site`; stopped on exit."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"error: the server for {site} did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure(site: Path, clicks: int, chromium: str) -> dict[str, object]:
    """Time `clicks` facet clicks (on, off, on, …) on the site's catalog."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            page.goto(base + "/browse/")
            page.wait_for_selector("form.lkb-facets", timeout=60000)
            rows = page.locator(".lkb-catalog-table tbody tr[data-id]").count()
            results = [page.evaluate(CLICK) for _ in range(clicks)]
        finally:
            browser.close()
    times = [float(r["frame"]) for r in results]
    work = [float(r["work"]) for r in results]
    if any(t < 0 for t in times):
        raise SystemExit("error: the catalog status did not change after a click")
    return {
        "site": str(site),
        "rows": rows,
        "clicks_ms": [round(t, 2) for t in times],
        "median_ms": round(statistics.median(times), 2),
        "median_on_ms": round(statistics.median(times[0::2]), 2),
        "median_off_ms": round(statistics.median(times[1::2]), 2) if clicks > 1 else None,
        "work_ms": [round(t, 2) for t in work],
        "median_work_ms": round(statistics.median(work), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (with browse/index.html)")
    parser.add_argument("--clicks", type=int, default=10, help="clicks to time (default 10)")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium to drive")
    args = parser.parse_args(argv)
    if not (args.site / "browse" / "index.html").is_file():
        print(f"error: {args.site} has no browse/index.html; build the site first", file=sys.stderr)
        return 2
    result = measure(args.site.resolve(), args.clicks, args.chromium)
    pairs = zip(result["clicks_ms"], result["work_ms"], strict=True)  # type: ignore[call-overload]
    for number, (ms, work) in enumerate(pairs, start=1):
        side = "on" if number % 2 else "off"
        print(f"click {number:2} ({side:3}): {ms:8.2f} ms to the next frame ({work:.2f} ms work)")
    print(
        f"median of {args.clicks} clicks over {result['rows']} rows: {result['median_ms']} ms "
        f"to the next frame, {result['median_work_ms']} ms until the status changed"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
