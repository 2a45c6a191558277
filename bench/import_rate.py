"""How fast `lessons-kb import` brings rows in: a generated 2,000-row CSV of lessons,
imported into a fresh copy of the example's vocabularies, in rows per second.

Each round reads the table, makes every row a candidate, checks them all with the
checks of `lessons-kb check` and writes the entries (the real run, into an empty base);
then imports the same table again, which finds every row in the base already and
writes nothing. The median of the rounds is printed.

    .venv/bin/python bench/import_rate.py [--rows 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lessons_kb.importer.mapping import read_mapping
from lessons_kb.importer.plan import plan_import
from lessons_kb.importer.tables import read_table
from lessons_kb.importer.write import write_entries

REPO = Path(__file__).resolve().parent.parent
MKDOCS_YML = "site_name: Import bench\nplugins:\n  - lessons-kb\n"
MAPPING = """\
kind: lesson
fields:
  title: Title
  summary: Summary
  date: Date
  polarity: Polarity
  countries: Countries
  sdgs: SDGs
  themes: Themes
  organisations: Organisations
  recommendations: {items: {text: Recommendation, owner: Owner, due: Due}}
fixed:
  status: observed
sections:
  Context: Background
  Lesson: Lesson
"""
COUNTRIES = ["Saint Lucia", "GUY", "The Bahamas", "Barbados; LCA", "Jamaica"]
THEMES = ["Digital government", "leadership", "Changing mindsets; partnerships"]
BACKGROUND = (
    "The mission met {n} officials in the capital &amp; two districts.\n\n"
    "They named three obstacles:\n1. budgets\n2. skills\n3. the “old way” of working\n\n"
    "Figures such as 8*) and +\\- were copied from the minutes as written."
)


def write_table(path: Path, rows: int) -> None:
    """A CSV of `rows` lessons, as a spreadsheet would export them (`;`, a BOM)."""
    header = ["Title", "Summary", "Date", "Polarity", "Countries", "SDGs", "Themes"]
    header += ["Organisations", "Background", "Lesson", "Recommendation", "Owner", "Due"]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for n in range(rows):
            writer.writerow(
                [
                    f"Lesson {n}: pair the assessment with mindset work in round {n % 97}",
                    "Pair every capability assessment with a programme on changing mindsets.",
                    f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    "improve" if n % 3 else "Sustain",
                    COUNTRIES[n % len(COUNTRIES)],
                    "SDG 16.6; 17.9" if n % 2 else "16",
                    THEMES[n % len(THEMES)],
                    "UN DESA" if n % 2 else "eclac",
                    BACKGROUND.format(n=n),
                    "Plan the programme with the ministry before the mission.",
                    "Plan a mindset programme.",
                    "un-desa-dpidg",
                    "2027-03-31",
                ]
            )


def one_round(work: Path, rows: int) -> tuple[float, float, int]:
    """Seconds for the import and for the same import again; entries written."""
    root = work / "kb"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "taxonomies", root / "content" / "taxonomies")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (root / "lessons.yml").write_text(MAPPING, "utf-8")
    table_path = root / "lessons.csv"
    write_table(table_path, rows)
    timings = []
    written = 0
    for _ in range(2):
        start = time.perf_counter()
        mapping = read_mapping(str(root / "lessons.yml"), "lesson")
        table = read_table(table_path, "lessons.csv", mapping.read)
        plan = plan_import(table, mapping, root / "content", root)
        if plan.rejected:
            raise SystemExit(f"{len(plan.rejected)} rows were rejected: {plan.problems[:3]}")
        written += len(write_entries(plan, root))
        timings.append(time.perf_counter() - start)
    return timings[0], timings[1], written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    first: list[float] = []
    again: list[float] = []
    with tempfile.TemporaryDirectory(prefix="lessons-kb-import-bench-") as work:
        for _ in range(args.rounds):
            seconds, rerun, written = one_round(Path(work), args.rows)
            if written != args.rows:
                raise SystemExit(f"{written} entries were written, not {args.rows}")
            first.append(seconds)
            again.append(rerun)
    import_time, rerun_time = statistics.median(first), statistics.median(again)
    print(
        f"import of {args.rows:,} rows (read, check, write): {import_time:.2f} s, "
        f"{args.rows / import_time:,.0f} rows per second"
    )
    print(
        f"the same import again (finds every row, writes nothing): {rerun_time:.2f} s, "
        f"{args.rows / rerun_time:,.0f} rows per second"
    )
    print(f"(median of {args.rounds} rounds; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
