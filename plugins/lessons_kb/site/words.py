"""Stored values in plain words: `not-started` reads "Not started", `concept-note` reads
"Concept note", and every status has a sentence that says what it means.

Labels are made from the values themselves, so a value added to a schema reads well with
no change here; what each status means is written once, beside its value, in the schema
(`x-meanings`), and shown on the site's page of statuses.
"""

from __future__ import annotations

from functools import cache

from lessons_kb.i18n import N_
from lessons_kb.kinds import KINDS
from lessons_kb.schema import schema_for

STATUSES_URI = "statuses/index.md"
"""The page that says what every status means (the lifecycle of each kind)."""
ACTION = "action"
"""The lifecycle of a lesson's recommendations, beside those of the three kinds."""
POLARITY = {"sustain": N_("Keep doing this"), "improve": N_("Do this differently")}


def plain(value: object) -> str:
    """A stored value as words: `not-started` → `Not started`, `gap` → `Gap`."""
    text = str(value or "").replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def kind_label(kind: str) -> str:
    """`lesson` → `Lesson`."""
    found = KINDS.get(kind)
    return found.title if found is not None else plain(kind)


def polarity_label(value: object) -> str:
    """`sustain` → "Keep doing this", `improve` → "Do this differently"."""
    return POLARITY.get(str(value), plain(value))


@cache
def meanings(lifecycle: str) -> dict[str, str]:
    """Each status of a kind (or of an action, `action`) with what it means, in order."""
    if lifecycle == ACTION:
        items = schema_for("lesson")["properties"]["recommendations"]["items"]
        status = items["properties"]["status"]
    else:
        status = schema_for(lifecycle)["properties"]["status"]
    explained: dict[str, str] = status.get("x-meanings", {})
    return {value: str(explained.get(value, "")) for value in status["enum"]}


def status_anchor(lifecycle: str, status: str) -> str:
    """The anchor of a status on the page of statuses: `lesson-identified`."""
    return f"{lifecycle}-{status}"
