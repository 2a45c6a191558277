"""The benchmark behind `make bench`: synthetic knowledge bases of 1,000 and 10,000 entries.

It measures, alternating the commands so that the machine's drift cancels out:
the build with the plugin against a plain Material build of the same Markdown pages;
`lessons-kb check` against a bare CSafeLoader parse of the same front matter; peak memory;
the plugin's own time; the bytes a reader downloads (gzip, as a server sends them) for a
first search result, the catalog data, the home page and an entry page; and the time of a
facet click in Chromium. It prints the figures and writes them to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from facet_click import measure as measure_facet_click  # noqa: E402
from facet_click import served  # noqa: E402
from weights import CHROMIUM, page_weights, search_weight  # noqa: E402

PYTHON = sys.executable
LESSONS_KB = str(Path(PYTHON).parent / "lessons-kb")
TIME = "/usr/bin/time"

BUDGETS = {
    "build_ratio": 1.10,
    "check_ratio": 1.5,
    "plugin_growth": 10.5,
    "memory_ratio": 1.25,
    "search_kb": 300,
    "facet_ms": 50,
}

PUBLISHED_YML = """\
site_name: Benchmark Lessons KB
site_url: https://example.org/kb/
theme:
  name: material
  font: false
  features: [navigation.sections]
plugins:
  - lessons-kb
markdown_extensions: [tables, attr_list, md_in_html, toc]
"""

PLAIN_YML = """\
site_name: Benchmark plain Material
site_url: https://example.org/kb/
theme:
  name: material
  font: false
  features: [navigation.sections]
plugins:
  - search
markdown_extensions: [tables, attr_list, md_in_html, toc]
nav:
  - Home: index.md
  - Missions: missions/index.md
  - Findings: findings/index.md
  - Lessons: lessons/index.md
"""

BARE_PARSE = """\
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = path.read_text("utf-8")
    if text.startswith("---\\n"):
        end = text.find("\\n---", 4)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
"""


NOTES = """\
Reading these figures:

- The plain build renders the entry pages only. The build with the plugin also renders a
  page per country, SDG goal, theme, organisation, year and status and the catalog (about 11%
  more pages), writes an RSS and an Atom feed per collection, country, region, SDG goal and
  theme and the open-data exports (hundreds of megabytes at 10,000 entries), and runs
  Pagefind over the site. Pagefind, a separate process, is most of the memory peak and about
  a quarter of the CPU time; in exchange a reader downloads a few hundred kilobytes for a
  first result instead of the theme's whole index on every cold page load.
- The first search result is counted from the header of a page the reader already has open
  (the theme's CSS and JavaScript, the same on every page, are then in the browser's cache);
  the cold figure counts them too."""


def run_timed(command: list[str], cwd: Path) -> dict[str, float]:
    """Run a command under GNU time: wall and CPU seconds, peak memory in MiB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [TIME, "-o", report.name, "-f", "%e %U %S %M", *command],
            cwd=cwd,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wall, user, system, rss_kb = report.read().split()[-4:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024}


def prepare(work: Path, size: int) -> tuple[Path, Path]:
    """The knowledge base (published configuration) and its plain Material twin."""
    from lessons_kb.synthetic.generate import generate

    kb = work / f"kb-{size}"
    plain = work / f"plain-{size}"
    if not (kb / "content").is_dir():
        shutil.rmtree(kb, ignore_errors=True)
        generate(kb, entries=size, seed=1)
    (kb / "mkdocs.bench.yml").write_text(PUBLISHED_YML)
    if not (plain / "docs").is_dir():
        docs = plain / "docs"
        for folder in ("missions", "findings", "lessons"):
            (docs / folder).mkdir(parents=True, exist_ok=True)
            (docs / folder / "index.md").write_text(f"# {folder.title()}\n")
        (docs / "index.md").write_text("# Home\n")
        for source in sorted((kb / "content").rglob("*.md")):
            parts = source.relative_to(kb / "content").parts
            if parts[0] == "lessons":
                target = docs / "lessons" / parts[1]
            elif parts[-1] == "index.md":
                target = docs / "missions" / f"{parts[1]}.md"
            else:
                target = docs / "findings" / parts[-1]
            shutil.copyfile(source, target)
        (plain / "mkdocs.yml").write_text(PLAIN_YML)
    return kb, plain


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench_size(work: Path, size: int, rounds: int) -> dict[str, object]:
    kb, plain = prepare(work, size)
    builds: dict[str, list[dict[str, float]]] = {"plain": [], "plugin": []}
    checks: dict[str, list[dict[str, float]]] = {"bare": [], "check": []}
    profile = work / f"profile-{size}.json"
    for _ in range(rounds):
        builds["plain"].append(run_timed([PYTHON, "-m", "mkdocs", "build", "-q"], plain))
        builds["plugin"].append(
            run_timed(
                [PYTHON, str(HERE / "plugin_profile.py"), "mkdocs.bench.yml", str(profile)], kb
            )
        )
        checks["bare"].append(run_timed([PYTHON, "-c", BARE_PARSE, "content"], kb))
        checks["check"].append(
            run_timed([LESSONS_KB, "check", "--config-file", "mkdocs.bench.yml"], kb)
        )
    plugin_time = json.loads(profile.read_text())
    site = kb / "site"
    with served(site) as base:
        weights = page_weights(base, site)
        search = search_weight(base, site)
    facet = measure_facet_click(site, clicks=10, chromium=CHROMIUM)["median_ms"]
    plain_index = plain / "site" / "search" / "search_index.json"
    return {
        "size": size,
        "build_plain_cpu": median(builds["plain"], "cpu"),
        "build_plugin_cpu": median(builds["plugin"], "cpu"),
        "build_plain_wall": median(builds["plain"], "wall"),
        "build_plugin_wall": median(builds["plugin"], "wall"),
        "rss_plain": median(builds["plain"], "rss"),
        "rss_plugin": median(builds["plugin"], "rss"),
        "bare_wall": median(checks["bare"], "wall"),
        "check_wall": median(checks["check"], "wall"),
        "check_cpu": median(checks["check"], "cpu"),
        "rss_check": median(checks["check"], "rss"),
        "plugin_seconds": plugin_time["plugin"],
        "plugin_events": plugin_time["events"],
        "catalog_gzip": len(gzip.compress((site / "browse" / "catalog.json").read_bytes(), 6)),
        "plain_index_gzip": len(gzip.compress(plain_index.read_bytes(), 6)),
        "pages": sum(1 for _ in site.rglob("*.html")),
        **weights,
        **search,
        "facet_ms": facet,
    }


def verdict(value: float, budget: float) -> str:
    return "met" if value <= budget else "**missed**"


def ratio(numerator: float, denominator: float, budget: float) -> str:
    value = numerator / denominator
    return f"{value:.2f}× ({verdict(value, budget)})"


def report(results: list[dict], commands: str) -> str:
    by_size = {r["size"]: r for r in results}
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"MkDocs {metadata.version('mkdocs')}, Material {metadata.version('mkdocs-material')}, "
        f"Pagefind {metadata.version('pagefind')}. Times are medians of alternated runs; "
        "CPU seconds (user + system) are steadier than wall time on a shared machine.",
        "",
        "| figure | " + " | ".join(f"{s:,} entries" for s in by_size) + " | budget |",
        "| --- | " + " | ".join("---" for _ in by_size) + " | --- |",
    ]

    def row(name: str, cells: list[str], budget: str = "") -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {budget} |")

    rs = list(by_size.values())
    row("plain Material build (CPU s)", [f"{r['build_plain_cpu']:.1f}" for r in rs])
    row("build with the plugin (CPU s)", [f"{r['build_plugin_cpu']:.1f}" for r in rs])
    row(
        "build ratio (plugin / plain)",
        [
            f"{r['build_plugin_cpu'] / r['build_plain_cpu']:.2f}× "
            f"({verdict(r['build_plugin_cpu'] / r['build_plain_cpu'], BUDGETS['build_ratio'])})"
            for r in rs
        ],
        "≤ 1.10×",
    )
    row("pages built (plugin)", [f"{r['pages']:,}" for r in rs])
    row(
        "peak memory plain / plugin (MiB)",
        [f"{r['rss_plain']:.0f} / {r['rss_plugin']:.0f}" for r in rs],
    )
    row(
        "memory ratio",
        [ratio(r["rss_plugin"], r["rss_plain"], BUDGETS["memory_ratio"]) for r in rs],
        "≤ 1.25×",
    )
    row("bare CSafeLoader parse (wall s)", [f"{r['bare_wall']:.2f}" for r in rs])
    row("`lessons-kb check` (wall s)", [f"{r['check_wall']:.2f}" for r in rs])
    row(
        "check ratio",
        [
            f"{r['check_wall'] / r['bare_wall']:.2f}×"
            + (
                f" ({verdict(r['check_wall'] / r['bare_wall'], BUDGETS['check_ratio'])})"
                if r["size"] >= 10000
                else ""
            )
            for r in rs
        ],
        "≤ 1.5× at 10,000",
    )
    row("plugin's own work (s)", [f"{r['plugin_seconds']:.1f}" for r in rs])
    if len(rs) >= 2:
        growth = rs[-1]["plugin_seconds"] / rs[0]["plugin_seconds"]
        row(
            "plugin growth 10,000 / 1,000",
            [""] * (len(rs) - 1) + [f"{growth:.1f}× ({verdict(growth, BUDGETS['plugin_growth'])})"],
            "≤ 10.5×",
        )
    row(
        "first search result, from the header of an open page (KB, gzip)",
        [
            f"{r['search_from_page'] / 1000:.0f} "
            f"({verdict(r['search_from_page'] / 1000, BUDGETS['search_kb'])})"
            for r in rs
        ],
        "≤ 300 KB at 10,000",
    )
    row(
        "first search result, search page opened cold (KB, gzip)",
        [f"{r['search_total'] / 1000:.0f}" for r in rs],
    )
    row("of which Pagefind's own files (KB)", [f"{r['search_only'] / 1000:.0f}" for r in rs])
    row(
        "theme's whole search index, plain build (KB, gzip)",
        [f"{r['plain_index_gzip'] / 1000:.0f}" for r in rs],
    )
    row("catalog data (KB, gzip)", [f"{r['catalog_gzip'] / 1000:.0f}" for r in rs])
    row("home page, first load (KB, gzip)", [f"{r['home_total'] / 1000:.0f}" for r in rs])
    row("entry page, first load (KB, gzip)", [f"{r['entry_total'] / 1000:.0f}" for r in rs])
    row(
        "facet click in Chromium (ms)",
        [f"{r['facet_ms']:.1f} ({verdict(r['facet_ms'], BUDGETS['facet_ms'])})" for r in rs],
        "≤ 50 ms at 10,000",
    )
    lines += ["", "The plugin's time by event (seconds):", ""]
    events = sorted({e for r in rs for e in r["plugin_events"]})
    lines.append("| event | " + " | ".join(f"{r['size']:,}" for r in rs) + " |")
    lines.append("| --- | " + " | ".join("---" for _ in rs) + " |")
    for event in events:
        lines.append(
            f"| {event} | "
            + " | ".join(f"{r['plugin_events'].get(event, 0):.2f}" for r in rs)
            + " |"
        )
    lines += ["", NOTES, "", "Commands:", "", "```", commands, "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=REPO / ".bench")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        print(f"benchmarking {size:,} entries…", flush=True)
        results.append(bench_size(args.work, size, args.rounds))
    commands = "\n".join(
        [
            "lessons-kb synthetic --entries N --seed 1 --out .bench/kb-N",
            "mkdocs build -q                      # in .bench/plain-N (same pages, no plugin)",
            "python bench/plugin_profile.py mkdocs.bench.yml …   # in .bench/kb-N",
            "python -c '<CSafeLoader parse of every front matter>' content",
            "lessons-kb check --config-file mkdocs.bench.yml",
            "python bench/facet_click.py .bench/kb-N/site",
        ]
    )
    text = report(results, commands)
    args.out.write_text(text, "utf-8")
    (args.work / "results.json").write_text(json.dumps(results, indent=2))
    print(text)


if __name__ == "__main__":
    main()
