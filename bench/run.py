"""The benchmark behind `make bench`: synthetic knowledge bases of 1,000 and 10,000 entries,
spread evenly, and the 10,000 skewed (most entries in one country, one theme, one status).

For each it measures, alternating commands so that the machine's drift cancels out:
`lessons-kb build` (the example's configuration: MkDocs, Pagefind) against a plain Material
build of the same entry pages; the time of each stage; peak memory; the site's size in all
and by part, its largest page and its entry pages; `lessons-kb check` against a bare
CSafeLoader parse of the same front matter; the preview's edit-to-reload; the bytes a reader
downloads for a first search result; and a facet click in Chromium. It projects the site's
size to 25,000 and 100,000 entries, prints every figure beside its budget and writes them to
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
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
from import_rate import one_round as import_round  # noqa: E402
from languages import measure as measure_languages  # noqa: E402
from preview import edit_to_reload  # noqa: E402
from report import write_report  # noqa: E402
from similarity import measure as measure_similarity  # noqa: E402
from sizes import site_sizes  # noqa: E402
from skew import skew  # noqa: E402
from weights import CHROMIUM, search_weight  # noqa: E402

PYTHON = sys.executable
LESSONS_KB = [PYTHON, "-m", "lessons_kb.cli.main"]
TIME = "/usr/bin/time"
CHECK_ALONE = "mkdocs.check-alone.yml"

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
_STAGES = re.compile(
    r"\(checked and staged ([\d.]+) s, built by \w+ ([\d.]+) s, finished ([\d.]+) s\)"
)


def run_timed(command: list[str], cwd: Path) -> dict[str, object]:
    """Run a command under GNU time: wall and CPU seconds (with every child process), the
    peak memory of its largest process in MiB, and what it printed."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SITE_URL", None)
        result = subprocess.run(
            [TIME, "-o", report.name, "-f", "%e %U %S %M", *command],
            cwd=cwd,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        wall, user, system, rss_kb = report.read().split()[-4:]
    return {
        "wall": float(wall),
        "cpu": float(user) + float(system),
        "rss": int(rss_kb) / 1024,
        "output": result.stdout,
    }


def prepare(work: Path, size: int) -> tuple[Path, Path]:
    """The knowledge base (the example's configuration) and its plain Material twin."""
    from lessons_kb.synthetic.generate import generate

    kb = work / f"kb-{size}"
    plain = work / f"plain-{size}"
    if not (kb / "content").is_dir():
        shutil.rmtree(kb, ignore_errors=True)
        generate(kb, entries=size, seed=1)
    example = (REPO / "mkdocs.yml").read_text("utf-8")
    # Synthetic prose is not written to pass the quality hints: the build is not strict.
    example = example.replace("offline_download:", "# offline_download:")
    example = example.replace("strict: true", "strict: false")
    (kb / "mkdocs.yml").write_text(example)
    # The similar-lessons pass has a budget of its own (bench/similarity.py): the check's
    # ratio to a bare parse is measured without it too.
    (kb / CHECK_ALONE).write_text(
        example.replace(
            "      content_dir: content\n",
            "      content_dir: content\n      quality: {similar-lessons: false}\n",
            1,
        )
    )
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


def median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)  # type: ignore[arg-type]


def stage_seconds(runs: list[dict[str, object]]) -> dict[str, float]:
    """The median seconds of each stage, from what `lessons-kb build` printed."""
    found = [_STAGES.search(str(run["output"])) for run in runs]
    laps = [tuple(float(x) for x in m.groups()) for m in found if m]
    names = ("stage_check_stage", "stage_engine", "stage_finish")
    return {name: statistics.median(lap[i] for lap in laps) for i, name in enumerate(names)}


def bench_base(kb: Path, plain: Path | None, size: int, rounds: int, label: str) -> dict:
    builds: dict[str, list[dict[str, object]]] = {"plain": [], "kb": []}
    checks: dict[str, list[dict[str, object]]] = {"bare": [], "check": [], "alone": []}
    for _ in range(rounds):
        if plain is not None:
            builds["plain"].append(run_timed([PYTHON, "-m", "mkdocs", "build", "-q"], plain))
        # One edition (the example's config lists three languages; bench/languages.py
        # measures how a build grows with them): the same pages as the plain build.
        one_edition = [*LESSONS_KB, "build", "--languages", "en", "-d", "site"]
        builds["kb"].append(run_timed(one_edition, kb))
        checks["bare"].append(run_timed([PYTHON, "-c", BARE_PARSE, "content"], kb))
        checks["check"].append(run_timed([*LESSONS_KB, "check"], kb))
        checks["alone"].append(run_timed([*LESSONS_KB, "check", "-f", CHECK_ALONE], kb))
    site = kb / "site"
    result: dict[str, object] = {
        "size": size,
        "label": label,
        "build_cpu": median(builds["kb"], "cpu"),
        "build_wall": median(builds["kb"], "wall"),
        "rss_build": max(float(run["rss"]) for run in builds["kb"]),  # type: ignore[arg-type]
        "bare_wall": median(checks["bare"], "wall"),
        "check_wall": median(checks["check"], "wall"),
        "check_alone_wall": median(checks["alone"], "wall"),
        **stage_seconds(builds["kb"]),
        **site_sizes(site),
    }
    if plain is not None:
        result["build_plain_cpu"] = median(builds["plain"], "cpu")
        result["rss_plain"] = median(builds["plain"], "rss")
    with served(site) as base:
        result.update(search_weight(base, site))
    result["facet_ms"] = measure_facet_click(site, clicks=10, chromium=CHROMIUM)["median_ms"]
    result.update(edit_to_reload(kb))
    return result


def measure_bases(args: argparse.Namespace) -> list[dict]:
    """Every base: the even ones at each size, then the largest skewed."""
    results = []
    for size in args.sizes:
        print(f"benchmarking {size:,} entries, spread evenly…", flush=True)
        kb, plain = prepare(args.work, size)
        results.append(bench_base(kb, plain, size, args.rounds, "even"))
    if not args.no_skewed:
        size = max(args.sizes)
        print(f"benchmarking {size:,} entries, skewed…", flush=True)
        skewed = skew(args.work / f"kb-{size}", args.work / f"kb-{size}-skewed")
        shutil.rmtree(skewed / "site", ignore_errors=True)
        results.append(bench_base(skewed, None, size, 1, "skewed"))
    return results


def measure_import(rows: int) -> dict[str, float]:
    """Seconds of `lessons-kb import` on a generated CSV (read, check, write), and again."""
    with tempfile.TemporaryDirectory(prefix="lessons-kb-import-bench-") as work:
        seconds, again, written = import_round(Path(work), rows)
    return {"rows": written, "seconds": seconds, "rerun_seconds": again}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-skewed", action="store_true", help="leave out the skewed base")
    parser.add_argument("--work", type=Path, default=REPO / ".bench")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument(
        "--reuse", action="store_true", help="report the bases measured last time (results.json)"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    saved = args.work / "results.json"
    results = json.loads(saved.read_text()) if args.reuse else measure_bases(args)
    saved.write_text(json.dumps(results, indent=2))
    largest = args.work / f"kb-{max(r['size'] for r in results)}"
    print("measuring the similar-lessons pass and an import…", flush=True)
    extras = {
        "similarity": measure_similarity(largest, repeat=3, with_every_entry=False),
        "import": measure_import(rows=2000),
        "languages": measure_languages(args.work, entries=1000, rounds=args.rounds),
    }
    versions = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "pagefind")}
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
    )
    text = write_report(results, machine, dt.date.today(), extras)
    args.out.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
