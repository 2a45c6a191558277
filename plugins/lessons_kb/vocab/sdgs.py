"""SDG goals and targets, with the official titles shipped in `data/sdg/`."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

from lessons_kb.vocab.data import data_text, load_yaml

SDG_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-Hans")
_SDG_CODE = re.compile(r"^(?P<goal>\d{1,2})(?:\.(?P<target>\d{1,2}|[a-z]))?$")


@cache
def _sdg_titles(language: str) -> dict[str, str]:
    """`{"16": "Promote peaceful…", "16.6": "Develop effective…", "16-short": "Peace…"}`."""
    if language not in SDG_LANGUAGES:
        language = "en"
    titles: dict[str, str] = {}
    goals = load_yaml(data_text("sdg", language, "global_goals.yml"))
    for key, text in goals.items():
        goal, _, part = str(key).partition("-")
        titles[goal if part == "title" else f"{goal}-short"] = _composed(text)
    targets = load_yaml(data_text("sdg", language, "global_targets.yml"))
    for key, text in targets.items():
        goal, target, _ = str(key).split("-", 2)
        titles[f"{goal}.{target}"] = _composed(text)
    return titles


def _composed(text: object) -> str:
    # Some of the official files write accents as combining marks (i + ´): compose them,
    # so that search and find-in-page match what a reader types.
    return unicodedata.normalize("NFC", str(text).strip())


@cache
def sdg_goals() -> tuple[str, ...]:
    """The 17 goal codes, in order."""
    return tuple(str(n) for n in range(1, 18))


@cache
def sdg_codes() -> frozenset[str]:
    """Every valid goal and target code."""
    return frozenset(k for k in _sdg_titles("en") if not k.endswith("-short"))


def sdg_title(code: str, language: str = "en") -> str:
    """The official title of a goal or target; English where the language lacks it."""
    return _sdg_titles(language).get(code) or _sdg_titles("en").get(code, code)


def sdg_short(goal: str, language: str = "en") -> str:
    """A goal's short name, such as `Peace, justice and strong institutions`."""
    key = f"{goal}-short"
    return _sdg_titles(language).get(key) or _sdg_titles("en").get(key, f"Goal {goal}")


def sdg_goal_of(code: str) -> str:
    """The goal of a code: `16` for `16.6`."""
    return code.split(".", 1)[0]


def sdg_targets(goal: str) -> list[str]:
    """The target codes of a goal, in official order (numbers first, then letters)."""
    targets = [c for c in sdg_codes() if c.startswith(goal + ".")]

    def order(code: str) -> tuple[int, int | str]:
        part = code.split(".", 1)[1]
        return (0, int(part)) if part.isdigit() else (1, part)

    return sorted(targets, key=order)


def normalise_sdg(raw: str) -> str:
    """The code an editor meant: `SDG 16.6` → `16.6`, `16.10` kept as written."""
    text = raw.strip().upper().removeprefix("SDG").removeprefix("GOAL").strip().lower()
    return text


def sdg_hint(code: str) -> str | None:
    """A likely fix for an SDG code that is not on the official list."""
    match = _SDG_CODE.match(code)
    if not match:
        return 'write a goal such as "16" or a target such as "16.6", in quotes'
    goal = match.group("goal")
    if goal not in sdg_goals():
        return "SDG goals run from 1 to 17"
    targets = sdg_targets(goal)
    close = difflib.get_close_matches(code, targets, n=3, cutoff=0.5)
    shown = ", ".join(close or targets[:6])
    return f"goal {goal} has the targets {shown}" + ("" if close else ", …")
