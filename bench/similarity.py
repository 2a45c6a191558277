"""How long finding similar lessons takes on a synthetic knowledge base (default 10,000 entries).

It measures the pass `lessons-kb check` and the stage run over the whole base (every
lesson against every other, `lessons_kb.checks.similar.lesson_neighbours`), the same pass
over every entry's text (missions and findings too, a harder case than the check meets;
with `--every-entry`), and one query as `lessons-kb new lesson --title …` makes it. Files
are read before the clock starts: the figures are the similarity alone, in CPU seconds
(the median of `--repeat` runs), against a budget of 5 s for the whole base.

    .venv/bin/python bench/similarity.py                 # writes a base of 10,000 entries
    .venv/bin/python bench/similarity.py --base DIR      # a base `lessons-kb synthetic` wrote
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lessons_kb.checks.similar import (
    SHOWN,
    SHOWN_FROM,
    SimilarityIndex,
    lesson_text,
    may_already_exist,
)
from lessons_kb.model import Entry
from lessons_kb.source.load import discover, load_entry

BUDGET_SECONDS = 5.0
LESSONS_KB = str(Path(sys.executable).parent / "lessons-kb")


def entries_of(base: Path) -> list[Entry]:
    sources, _ = discover(base / "content", base)
    loaded = (load_entry(source)[0] for source in sources)
    return [entry for entry in loaded if entry is not None]


def cpu_seconds(work: Callable[[], object], repeat: int) -> float:
    """The median CPU time of `work` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(base: Path, repeat: int, with_every_entry: bool) -> dict[str, float]:
    entries = entries_of(base)
    lessons = [e for e in entries if e.kind == "lesson"]
    lesson_texts = {e.id: lesson_text(e) for e in lessons}
    all_texts = {e.id: "\n".join([e.title, e.title, e.summary, e.body]) for e in entries}
    keep = SHOWN + 8

    def whole_base() -> object:
        return SimilarityIndex(lesson_texts).neighbours(keep=keep, floor=SHOWN_FROM)

    def every_text() -> object:
        return SimilarityIndex(all_texts).neighbours(keep=keep, floor=SHOWN_FROM)

    title = lessons[len(lessons) // 2].title if lessons else "Agree focal points early"
    return {
        "entries": len(entries),
        "lessons": len(lessons),
        "lessons_s": cpu_seconds(whole_base, repeat),
        "every_entry_s": cpu_seconds(every_text, 1) if with_every_entry else -1.0,
        "new_lesson_s": cpu_seconds(lambda: may_already_exist(title, lessons), repeat),
    }


def report(figures: dict[str, float]) -> str:
    ok = "within" if figures["lessons_s"] <= BUDGET_SECONDS else "OVER"
    return "\n".join(
        [
            f"Similar lessons on a synthetic base of {figures['entries']:,.0f} entries "
            f"({figures['lessons']:,.0f} lessons), CPU seconds, median:",
            f"  whole base, every lesson against every other: {figures['lessons_s']:.2f} s "
            f"({ok} the budget of {BUDGET_SECONDS:.0f} s)",
            f"  one new lesson's title (lessons-kb new):       {figures['new_lesson_s']:.2f} s",
        ]
        + (
            [f"  every entry's text against every other (1 run): {figures['every_entry_s']:.2f} s"]
            if figures["every_entry_s"] >= 0
            else []
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="a base `lessons-kb synthetic` wrote")
    parser.add_argument("--entries", type=int, default=10_000, help="size of the base to write")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure")
    parser.add_argument(
        "--every-entry",
        action="store_true",
        help="also compare every entry's text (missions and findings too), once",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.base
        if base is None:
            base = Path(scratch) / "kb"
            subprocess.run(
                [LESSONS_KB, "synthetic", "--entries", str(args.entries), "--out", str(base)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        figures = measure(base, args.repeat, args.every_entry)
    print(report(figures))
    return 0 if figures["lessons_s"] <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
