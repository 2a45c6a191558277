"""How the build grows with languages: the example, and a synthetic base of 1,000 entries
with Spanish and French translations of about a third of its entries, each built in its
first language only (`--languages en`, at the root) and in all three, alternating.

    .venv/bin/python bench/languages.py [--entries 1000] [--rounds 2]

`make bench` runs it as part of the whole benchmark; alone, it rewrites the languages
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from sizes import site_sizes  # noqa: E402

LANGUAGES_LINE = "      languages: [en, es, fr]\n"


def _configure(kb: Path) -> None:
    """The example's configuration, not strict (synthetic prose), without the download."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    text = text.replace("offline_download:", "# offline_download:")
    (kb / "mkdocs.yml").write_text(text.replace("strict: true", "strict: false"), "utf-8")


def synthetic(work: Path, entries: int) -> Path:
    """The synthetic base with its translations (made once, then reused)."""
    from lessons_kb.synthetic.generate import generate
    from lessons_kb.synthetic.translate import add_translations

    kb = work / f"kb-{entries}-languages"
    if not (kb / "content").is_dir():
        shutil.rmtree(kb, ignore_errors=True)
        generate(kb, entries=entries, seed=1)
        add_translations(kb, ("es", "fr"), share=1 / 3, seed=1)
    _configure(kb)
    return kb


def example(work: Path) -> Path:
    kb = work / "example-languages"
    shutil.rmtree(kb, ignore_errors=True)
    kb.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "content"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, kb / name)
    _configure(kb)
    return kb


def one_and_three(kb: Path, rounds: int) -> dict[str, float]:
    """Median CPU and wall seconds and peak memory of a build in one and in three languages,
    and the size of each site."""
    from run import LESSONS_KB, median, run_timed

    runs: dict[str, list[dict[str, object]]] = {"one": [], "three": []}
    for _ in range(rounds):
        runs["one"].append(
            run_timed([*LESSONS_KB, "build", "--languages", "en", "-d", "site-1"], kb)
        )
        runs["three"].append(run_timed([*LESSONS_KB, "build", "-d", "site-3"], kb))
    found: dict[str, float] = {}
    for name, done in runs.items():
        found[f"{name}_cpu"] = median(done, "cpu")
        found[f"{name}_wall"] = median(done, "wall")
        found[f"{name}_rss"] = max(float(run["rss"]) for run in done)  # type: ignore[arg-type]
    found["one_bytes"] = site_sizes(kb / "site-1")["site_bytes"]
    found["three_bytes"] = site_sizes(kb / "site-3")["site_bytes"]
    content = kb / "content"
    found["translations"] = sum(1 for p in content.rglob("*.md") if len(p.suffixes) == 2)
    found["entries"] = sum(1 for p in content.rglob("*.md") if len(p.suffixes) == 1)
    return found


def measure(work: Path, entries: int = 1000, rounds: int = 2) -> dict[str, dict[str, float]]:
    """The example and the synthetic base, each in one and in three languages."""
    work.mkdir(parents=True, exist_ok=True)
    return {
        "example": one_and_three(example(work), rounds),
        "synthetic": one_and_three(synthetic(work, entries), rounds),
    }


def main() -> None:
    from report import LANGUAGES_HEADING, languages_section

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=REPO / ".bench")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    args = parser.parse_args()
    found = measure(args.work, args.entries, args.rounds)
    (args.work / "languages.json").write_text(json.dumps(found, indent=2))
    section = "\n".join(languages_section(found)) + "\n"
    text = args.out.read_text("utf-8") if args.out.is_file() else ""
    start = text.find(LANGUAGES_HEADING)
    if start >= 0:
        end = text.find("\n## ", start + len(LANGUAGES_HEADING))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    args.out.write_text(text, "utf-8")
    print(section)


if __name__ == "__main__":
    main()
