"""The home page's "at a glance": the latest lessons, counts, and bar charts by SDG and by
country.

The charts are plain HTML: each bar is a row of text (the label, a link, and the figure)
with a bar drawn by the stylesheet beside it, so that their labels are as large as the
page's text on any screen, nothing depends on scripts or on seeing the bars, and the
figures are said once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lessons_kb.i18n import Interface, interface
from lessons_kb.model import KnowledgeBase, newest_published_first
from lessons_kb.schema import status_values
from lessons_kb.vocab import sdg_goal_of

GLANCE_MARKER = "<!-- lessons-kb:glance -->"


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    label: str
    value: int
    share: int = 100
    """Its length, in percent of the longest bar of its chart."""


def _scaled(bars: list[Bar]) -> list[Bar]:
    top = max((b.value for b in bars), default=1) or 1
    return [Bar(b.key, b.label, b.value, max(1, round(100 * b.value / top))) for b in bars]


def sdg_bars(kb: KnowledgeBase, words: Interface) -> list[Bar]:
    counts: Counter[str] = Counter()
    for entry in kb.public():
        counts.update(set(sdg_goal_of(code) for code in entry.sdgs))
    return _scaled(
        [
            Bar(goal, f"{goal}. {words.sdg_short(goal)}", counts[goal])
            for goal in sorted(counts, key=lambda g: int(g) if g.isdigit() else 99)
        ]
    )


def country_bars(kb: KnowledgeBase, words: Interface, limit: int = 15) -> list[Bar]:
    counts: Counter[str] = Counter()
    for entry in kb.public():
        counts.update(entry.countries)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], words.country(item[0])))
    return _scaled([Bar(code, words.country(code), n) for code, n in ranked[:limit]])


def glance_context(kb: KnowledgeBase, language: str = "en", latest: int = 5) -> dict[str, object]:
    """What the glance template needs, labelled in `language`."""
    words = interface(language)
    public = kb.public()
    kinds = Counter(e.kind for e in public)
    lessons = [e for e in public if e.kind == "lesson"]
    statuses = Counter(e.status for e in lessons)
    return {
        "kinds": [
            ("mission", kinds["mission"]),
            ("finding", kinds["finding"]),
            ("lesson", kinds["lesson"]),
        ],
        "statuses": [(s, statuses[s]) for s in status_values("lesson") if statuses[s]],
        "sdg_bars": sdg_bars(kb, words),
        "country_bars": country_bars(kb, words),
        "latest": newest_published_first(lessons)[:latest],
    }
