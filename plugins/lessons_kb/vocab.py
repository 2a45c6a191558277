"""Controlled vocabularies: countries, SDGs, regions and the site's own taxonomies.

Countries come from pycountry (ISO 3166-1 alpha-3), SDG goals and targets from the
official titles shipped in `data/sdg/`, regions from `data/regions.yml`, and themes,
organisations and projects from the site's `content/taxonomies/*.yml`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry
import yaml

SDG_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-Hans")
TAXONOMY_FILES = ("themes", "organisations", "projects")
_SDG_CODE = re.compile(r"^(?P<goal>\d{1,2})(?:\.(?P<target>\d{1,2}|[a-z]))?$")


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a vocabulary: an id, its label, and what else is known of it."""

    id: str
    title: str
    description: str = ""
    url: str = ""
    members: tuple[str, ...] = ()


def _data_text(*parts: str) -> str:
    return resources.files("lessons_kb").joinpath("/".join(("data", *parts))).read_text("utf-8")


def _load_yaml(text: str) -> dict:
    """Package data as YAML, with the C loader where PyYAML has it."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}


# --- SDGs ---------------------------------------------------------------------------


@cache
def _sdg_titles(language: str) -> dict[str, str]:
    """`{"16": "Promote peaceful…", "16.6": "Develop effective…", "16-short": "Peace…"}`."""
    if language not in SDG_LANGUAGES:
        language = "en"
    titles: dict[str, str] = {}
    goals = _load_yaml(_data_text("sdg", language, "global_goals.yml"))
    for key, text in goals.items():
        goal, _, part = str(key).partition("-")
        titles[goal if part == "title" else f"{goal}-short"] = str(text).strip()
    targets = _load_yaml(_data_text("sdg", language, "global_targets.yml"))
    for key, text in targets.items():
        goal, target, _ = str(key).split("-", 2)
        titles[f"{goal}.{target}"] = str(text).strip()
    return titles


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


# --- Countries and regions ----------------------------------------------------------


@cache
def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.alpha_3] = getattr(country, "common_name", None) or country.name
    return names


def country_name(code: str) -> str:
    """The name of a country by its alpha-3 code (the code itself if unknown)."""
    return _countries().get(code, code)


def is_country(code: str) -> bool:
    return code in _countries()


@cache
def _country_lookup() -> dict[str, str]:
    """Lower-cased names, official names and alpha-2 codes → alpha-3 code."""
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            country.alpha_2,
            country.alpha_3,
        ):
            if name:
                lookup[name.lower()] = country.alpha_3
    return lookup


def country_hint(value: str) -> str | None:
    """`Saint Lucia` → did you mean `LCA` (Saint Lucia)?"""
    lookup = _country_lookup()
    key = value.strip().lower()
    code = lookup.get(key)
    if code is None:
        close = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
        code = lookup[close[0]] if close else None
    if code is None:
        return "use an ISO 3166-1 alpha-3 code, such as LCA for Saint Lucia"
    return f"did you mean `{code}` ({country_name(code)})?"


@cache
def regions() -> dict[str, Term]:
    """The regions lessons can apply to, with their member countries."""
    data = _load_yaml(_data_text("regions.yml"))
    return {
        key: Term(key, value["title"], members=tuple(value.get("members", ())))
        for key, value in data.items()
    }


def regions_of(country: str) -> list[str]:
    """The ids of the regions a country belongs to."""
    return [key for key, term in regions().items() if country in term.members]


# --- The site's own taxonomies ------------------------------------------------------


@dataclass(slots=True)
class Vocabulary:
    """The site's taxonomies: themes, organisations and projects, by id."""

    themes: dict[str, Term] = field(default_factory=dict)
    organisations: dict[str, Term] = field(default_factory=dict)
    projects: dict[str, Term] = field(default_factory=dict)

    def taxonomy(self, name: str) -> dict[str, Term]:
        return getattr(self, name)

    def label(self, name: str, term_id: str) -> str:
        term = self.taxonomy(name).get(term_id)
        return term.title if term else term_id


def closest(value: str, choices: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    """The choices nearest to `value`, best first."""
    return difflib.get_close_matches(value, list(choices), n=n, cutoff=0.6)


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """`did you mean `x`?` or `did you mean one of `x`, `y`?`, or None."""
    found = closest(value, choices)
    if not found:
        return None
    if len(found) == 1:
        return f"did you mean `{found[0]}`?"
    return "did you mean one of " + ", ".join(f"`{f}`" for f in found) + "?"
