"""Synthetic knowledge bases: many valid entries, the same for the same seed.

`generate(out, entries, seed)` writes a whole site folder (mkdocs.yml, docs/index.md,
content/) with missions, findings and lessons in realistic proportions (about 10 %,
50 %, 40 %), every vocabulary and kind of reference in use, and every lesson status
with the fields it requires. It is what the benchmark builds, and what shows the
knowledge base at scale. Run it as::

    lessons-kb synthetic --entries 1000 --seed 1 --out kb1000

Only `random.Random(seed)` decides anything: no clock, no hash order. Dates that must
stay in the future (`review_due`, recommendations' `due`) are in the 2090s, so that a
strict build of a generated base has no warnings for decades. `plan` plans
the entries, `text` writes their prose; this module writes the files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from lessons_kb.synthetic import text
from lessons_kb.synthetic.plan import LESSON_STATUSES, Planner

__all__ = ["LESSON_STATUSES", "SHARES", "GeneratedCorpus", "generate"]

#: Shares of missions and lessons; findings are the rest.
SHARES = {"mission": 0.10, "lesson": 0.40}
MIN_ENTRIES = 3


@dataclass(frozen=True, slots=True)
class GeneratedCorpus:
    """What `generate` wrote: the site folder and how many entries of each kind."""

    root: Path
    missions: int
    findings: int
    lessons: int
    internal: int
    lesson_statuses: dict[str, int]

    @property
    def total(self) -> int:
        return self.missions + self.findings + self.lessons


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every value out in full: front matter allows no anchors or aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _yaml(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8", newline="\n")


def _counts(entries: int) -> tuple[int, int, int]:
    missions = max(1, round(entries * SHARES["mission"]))
    lessons = max(1, round(entries * SHARES["lesson"]))
    return missions, entries - missions - lessons, lessons


def generate(
    out: Path, entries: int, seed: int = 1, internal_share: float = 0.0
) -> GeneratedCorpus:
    """Write a site with `entries` valid entries into `out` (created if missing).

    `internal_share` of the entries (roughly) get `sensitivity: internal`; no public
    entry names an internal one, and the findings of an internal mission are internal.
    """
    if entries < MIN_ENTRIES:
        raise ValueError(f"a synthetic knowledge base needs at least {MIN_ENTRIES} entries")
    if not 0.0 <= internal_share <= 0.5:
        raise ValueError("the internal share must be between 0 and 0.5")
    out = Path(out)
    planner = Planner(seed, internal_share)
    n_missions, n_findings, n_lessons = _counts(entries)
    missions = planner.missions(n_missions)
    findings = planner.findings(n_findings, missions)
    lessons = planner.lessons(n_lessons, findings, missions)
    planner.relate_missions(missions)

    words = text.words()
    _write(out / "mkdocs.yml", words["mkdocs_yml"])
    _write(out / "docs" / "index.md", words["index_md"])
    taxonomies = {
        "themes": words["themes"],
        "organisations": {k: {"title": t} for k, t in sorted(planner.organisations.items())},
        "projects": {k: {"title": t, "description": d} for k, (t, d) in planner.projects.items()},
    }
    content = out / "content"
    for name, terms in taxonomies.items():
        _write(content / "taxonomies" / f"{name}.yml", f"# Synthetic {name}.\n" + _yaml(terms))
    everything = [*missions, *findings, *lessons]
    for entry in everything:
        _write(content / entry.rel_path, f"---\n{_yaml(entry.data)}---\n\n{planner.body(entry)}")
    return GeneratedCorpus(
        root=out,
        missions=len(missions),
        findings=len(findings),
        lessons=len(lessons),
        internal=sum(not e.public for e in everything),
        lesson_statuses=dict(Counter(e.data["status"] for e in lessons)),
    )
