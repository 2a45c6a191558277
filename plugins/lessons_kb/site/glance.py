"""The home page's "at a glance": counts, charts by SDG and by country, latest lessons.

Charts are inline SVG drawn at build time, each with a title, a description and the
same figures as a table, so that nothing depends on scripts or on seeing the bars.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from lessons_kb.model import KnowledgeBase, newest_first
from lessons_kb.schema import status_values
from lessons_kb.vocab import country_name, sdg_goal_of, sdg_short

GLANCE_MARKER = "<!-- lessons-kb:glance -->"


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    label: str
    value: int


def bar_chart_svg(bars: list[Bar], title: str, description: str, chart_id: str) -> str:
    """A horizontal bar chart as accessible inline SVG."""
    row, label_width, bar_width = 24, 300, 240
    height = max(row * len(bars), row)
    top = max((b.value for b in bars), default=1) or 1
    parts = [
        f'<svg class="lkb-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {label_width + bar_width + 40} {height}" '
        f'width="{label_width + bar_width + 40}" height="{height}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = index * row
        width = max(2, round(bar_width * bar.value / top))
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" '
            f'class="lkb-chart-label">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="{row - 8}" '
            f'class="lkb-chart-bar"/>'
            f'<text x="{label_width + width + 4}" y="{y + 15}" '
            f'class="lkb-chart-value">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sdg_bars(kb: KnowledgeBase) -> list[Bar]:
    counts: Counter[str] = Counter()
    for entry in kb.public():
        counts.update(set(sdg_goal_of(code) for code in entry.sdgs))
    return [
        Bar(goal, f"{goal}. {sdg_short(goal)}", counts[goal])
        for goal in sorted(counts, key=lambda g: int(g) if g.isdigit() else 99)
    ]


def country_bars(kb: KnowledgeBase, limit: int = 15) -> list[Bar]:
    counts: Counter[str] = Counter()
    for entry in kb.public():
        counts.update(entry.countries)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], country_name(item[0])))
    return [Bar(code, country_name(code), n) for code, n in ranked[:limit]]


def glance_context(kb: KnowledgeBase, latest: int = 5) -> dict[str, object]:
    """What the glance template needs."""
    public = kb.public()
    kinds = Counter(e.kind for e in public)
    lessons = [e for e in public if e.kind == "lesson"]
    statuses = Counter(e.status for e in lessons)
    sdgs, countries = sdg_bars(kb), country_bars(kb)
    return {
        "kinds": [
            ("mission", kinds["mission"]),
            ("finding", kinds["finding"]),
            ("lesson", kinds["lesson"]),
        ],
        "statuses": [(s, statuses[s]) for s in status_values("lesson") if statuses[s]],
        "sdg_bars": sdgs,
        "country_bars": countries,
        "sdg_chart": bar_chart_svg(
            sdgs,
            "Entries by SDG goal",
            "; ".join(f"SDG {b.label}: {b.value}" for b in sdgs)
            or "No entry is tagged with an SDG.",
            "lkb-chart-sdg",
        ),
        "country_chart": bar_chart_svg(
            countries,
            "Entries by country",
            "; ".join(f"{b.label}: {b.value}" for b in countries) or "No entry names a country.",
            "lkb-chart-country",
        ),
        "latest": newest_first(lessons)[:latest],
    }
