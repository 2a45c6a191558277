"""BENCHMARKS.md from the measured figures: each beside its budget, met or missed."""

from __future__ import annotations

import datetime as dt

from sizes import projected

MB = 1_000_000
BUDGETS = {
    "site_mb_10k": 450,
    "site_mb_25k": 1000,
    "largest_kb": 250,
    "entry_kb": 20,
    "feeds_mb": 25,
    "rss_mb": 1024,
    "build_ratio": 2.5,
    "preview_1k": 3.0,
    "preview_10k": 10.0,
    "check_ratio": 1.5,
    "search_kb": 300,
    "facet_ms": 50,
}


def _verdict(value: float, budget: float) -> str:
    return "met" if value <= budget else "**missed**"


def _cell(value: float, budget: float | None, fmt: str = "{:.1f}") -> str:
    text = fmt.format(value)
    return f"{text} ({_verdict(value, budget)})" if budget is not None else text


def write_report(results: list[dict], machine: str, day: dt.date, extras: dict) -> str:
    """The whole BENCHMARKS.md."""
    lines = [
        "# Benchmarks",
        "",
        f"Measured {day.isoformat()} by `make bench` on {machine}. Times are medians of "
        "alternated runs; CPU seconds (user + system, every process of the build) are steadier "
        "than wall time on a shared machine. Peak memory is that of the build's largest "
        "process (GNU time's maximum resident set size).",
        "",
        "| figure | " + " | ".join(_name(r) for r in results) + " | budget |",
        "| --- | " + " | ".join("---" for _ in results) + " | --- |",
    ]

    def row(name: str, cells: list[str], budget: str = "") -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {budget} |")

    def at_10k(r: dict, budget: float) -> float | None:
        return budget if r["size"] >= 10000 else None

    row(
        "whole site (MB)",
        [_cell(r["site_bytes"] / MB, at_10k(r, BUDGETS["site_mb_10k"])) for r in results],
        "≤ 450 MB at 10,000",
    )
    row("files in the site", [f"{r['site_files']:,}" for r in results])
    row(
        "feeds, all together (MB)",
        [_cell(r["feeds_bytes"] / MB, BUDGETS["feeds_mb"]) for r in results],
        "≤ 25 MB",
    )
    row("open-data exports (MB)", [_cell(r["exports_bytes"] / MB, None) for r in results])
    row("search index (MB)", [_cell(r["search_bytes"] / MB, None) for r in results])
    row(
        "largest page (KB of HTML)",
        [
            _cell(r["largest_page_bytes"] / 1000, BUDGETS["largest_kb"], "{:.0f}")
            + f" `{r['largest_page']}`"
            for r in results
        ],
        "≤ 250 KB",
    )
    row(
        "largest listing page (KB)",
        [f"{r['largest_listing_bytes'] / 1000:.0f} `{r['largest_listing']}`" for r in results],
    )
    row(
        "entry pages, mean (KB of HTML)",
        [_cell(r["entry_page_mean"] / 1000, BUDGETS["entry_kb"]) for r in results],
        "≤ 20 KB",
    )
    row(
        "peak memory of the build (MiB)",
        [_cell(r["rss_build"], BUDGETS["rss_mb"], "{:.0f}") for r in results],
        "≤ 1,024 MiB",
    )
    row("`lessons-kb build` (CPU s)", [f"{r['build_cpu']:.1f}" for r in results])
    row(
        "plain Material build, same entry pages (CPU s)",
        [f"{r['build_plain_cpu']:.1f}" if "build_plain_cpu" in r else "" for r in results],
    )
    row(
        "build ratio (lessons-kb / plain)",
        [
            _cell(r["build_cpu"] / r["build_plain_cpu"], BUDGETS["build_ratio"], "{:.2f}×")
            if "build_plain_cpu" in r
            else ""
            for r in results
        ],
        "≤ 2.5× at 10,000",
    )
    row("check and stage (wall s)", [f"{r['stage_check_stage']:.1f}" for r in results])
    row("engine, MkDocs (wall s)", [f"{r['stage_engine']:.1f}" for r in results])
    row(
        "finish: metadata, feeds, exports, Pagefind (wall s)",
        [f"{r['stage_finish']:.1f}" for r in results],
    )
    row(
        "preview: save to page served (s)",
        [
            _cell(
                r["preview_seconds"],
                BUDGETS["preview_10k"] if r["size"] >= 10000 else BUDGETS["preview_1k"],
                "{:.2f}",
            )
            for r in results
        ],
        "≤ 3 s at 1,000, ≤ 10 s at 10,000",
    )
    row("bare CSafeLoader parse (wall s)", [f"{r['bare_wall']:.2f}" for r in results])
    row(
        "`lessons-kb check` / bare parse",
        [f"{r['check_wall'] / r['bare_wall']:.2f}×" for r in results],
        "(with the similar-lessons pass, budgeted on its own below)",
    )
    row(
        "`lessons-kb check` without the similar-lessons pass / bare parse",
        [
            _cell(
                r.get("check_alone_wall", r["check_wall"]) / r["bare_wall"],
                BUDGETS["check_ratio"],
                "{:.2f}×",
            )
            for r in results
        ],
        "≤ 1.5×",
    )
    row(
        "first search result from an open page (KB, gzip)",
        [_cell(r["search_from_page"] / 1000, BUDGETS["search_kb"], "{:.0f}") for r in results],
        "≤ 300 KB",
    )
    row(
        "facet click in Chromium (ms)",
        [_cell(r["facet_ms"], BUDGETS["facet_ms"]) for r in results],
        "≤ 50 ms",
    )
    similar, imported = extras["similarity"], extras["import"]
    lines += [
        "",
        f"Similar lessons, the whole-base pass on {similar['entries']:,.0f} entries "
        f"({similar['lessons']:,.0f} lessons): **{similar['lessons_s']:.2f} CPU-s** "
        f"(budget ≤ 5 s, {_verdict(similar['lessons_s'], 5.0)}); one new lesson's title "
        f"against them (`lessons-kb new`): {similar['new_lesson_s']:.2f} s.",
        "",
        f"Import of a {imported['rows']:,.0f}-row CSV (read, check, write): "
        f"{imported['seconds']:.1f} s, **{imported['rows'] / imported['seconds']:,.0f} rows "
        f"per second**; the same import again (writes nothing): "
        f"{imported['rows'] / imported['rerun_seconds']:,.0f} rows per second.",
    ]
    even = [r for r in results if r["label"] == "even"]
    if len(even) >= 2:
        small, large = even[0], even[-1]
        at_25k = projected(small, large, 25_000) / MB
        at_100k = projected(small, large, 100_000) / MB
        cpu_per_entry = (large["build_cpu"] - small["build_cpu"]) / (large["size"] - small["size"])
        lines += [
            "",
            f"Projected on the line through {small['size']:,} and {large['size']:,} entries: "
            f"**{at_25k:,.0f} MB at 25,000 entries** (budget: under 1,000 MB, "
            f"{_verdict(at_25k, BUDGETS['site_mb_25k'])}).",
            "",
            _past_one_machine(at_100k, large, cpu_per_entry),
        ]
    if extras.get("languages"):
        lines += ["", *languages_section(extras["languages"])]
    return "\n".join(lines) + "\n"


LANGUAGES_HEADING = "## Languages: one edition per language"


def languages_section(found: dict) -> list[str]:
    """How the build grows from one language to three (`bench/languages.py`)."""
    lines = [
        LANGUAGES_HEADING,
        "",
        "Each base built in English only (`--languages en`, at the root) and in its three "
        "languages (`site/en/`, `site/es/`, `site/fr/`: checked once, then staged, built and "
        "finished once per language).",
        "",
        "| base | entries | translations | build, 1 language (CPU-s / wall s) | build, 3 "
        "languages (CPU-s / wall s) | ratio (CPU) | peak memory, 3 (MB) | site, 1 → 3 (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, label in (("example", "the example"), ("synthetic", "synthetic")):
        r = found.get(name)
        if not r:
            continue
        lines.append(
            f"| {label} | {r['entries']:,.0f} | {r['translations']:,.0f} | "
            f"{r['one_cpu']:.1f} / {r['one_wall']:.1f} | {r['three_cpu']:.1f} / "
            f"{r['three_wall']:.1f} | {r['three_cpu'] / r['one_cpu']:.2f} | "
            f"{r['three_rss']:.0f} | {r['one_bytes'] / MB:.0f} → "
            f"{r['three_bytes'] / MB:.0f} |"
        )
    lines += [
        "",
        "Three languages cost about three builds' engine and finish stages (the check runs once): "
        "the build grows linearly with the number of languages, as it does with entries.",
    ]
    return lines


def _name(result: dict) -> str:
    return f"{result['size']:,} entries" + (", skewed" if result["label"] == "skewed" else "")


def _past_one_machine(site_mb: float, large: dict, cpu_per_entry: float) -> str:
    build_cpu = large["build_cpu"] + cpu_per_entry * (100_000 - large["size"])
    return f"""## Past one machine: 100,000 entries

On the same line, a base of 100,000 entries makes a site of about **{site_mb:,.0f} MB** and
a build of about **{build_cpu / 60:,.0f} CPU-minutes** (the build grows linearly: every stage is
one pass over the base, and no generated page grows without bound). GitHub Pages refuses
sites over 1 GB, so a base that size is published elsewhere, on a host made for large
static sites: object storage behind a CDN. The site is plain files that work from any
folder (every link is relative), so nothing changes in the build; only the last step of
`publish.yml` does. With Amazon S3 and CloudFront, for example:

```sh
lessons-kb build --strict -d site          # SITE_URL=https://lessons.example.org/
aws s3 sync site/ s3://lessons-kb-site/ --delete --size-only \\
  --cache-control "public, max-age=300"
aws s3 sync site/pagefind/ s3://lessons-kb-site/pagefind/ \\
  --cache-control "public, max-age=31536000, immutable"   # index chunks are content-hashed
aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "/*"
```

The same works with Cloudflare R2 (`rclone sync site/ r2:lessons-kb-site`) or Google Cloud
Storage (`gcloud storage rsync --recursive --delete-unmatched-destination-objects site/
gs://lessons-kb-site`) behind their CDNs. `--size-only` (or rclone's `--checksum`) uploads
only the pages that changed, because a build leaves unchanged pages byte for byte the same.
Beyond that size, the build itself is the limit on one machine: the check already runs on
every core; the stage and the engine would be split by collection.
"""
