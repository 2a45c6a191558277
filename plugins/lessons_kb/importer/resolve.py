"""Values a vocabulary resolves with certainty: a country's name to its code, an
organisation's title to its id, `Good practice` to `good-practice`.

Only exact matches count (letter case, spacing and a leading "The" aside); anything
near but not exact is left as it is, for the checks to report with their "did you mean".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

from lessons_kb.model import KnowledgeBase
from lessons_kb.source.load import slugify
from lessons_kb.vocab import country_name, is_country, normalise_sdg, regions

_ABBREVIATION = re.compile(r"\(([^()]+)\)\s*$")


def _key(text: str) -> str:
    """A lookup key: case, accents' encoding and spacing do not count."""
    text = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return text.removeprefix("the ")


@cache
def _countries() -> dict[str, str]:
    """Names (plain, common, official) and codes of every country → alpha-3 code."""
    lookup: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            country.alpha_3,
        ):
            if name:
                lookup[_key(name)] = country.alpha_3
    return lookup


@cache
def _alpha_2() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


@cache
def _languages() -> dict[str, str]:
    """Language names (`French`) → their two-letter code (`fr`)."""
    return {
        _key(language.name): language.alpha_2
        for language in pycountry.languages
        if getattr(language, "alpha_2", None)
    }


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value replaced by the one a vocabulary names with certainty."""

    value: str
    label: str
    """What the new value stands for, shown in the report: `GUY (Guyana)`."""


def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """key → id, without the keys that name two ids."""
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for key, value in pairs:
        if key in found and found[key] != value:
            ambiguous.add(key)
        found.setdefault(key, value)
    return {k: v for k, v in found.items() if k not in ambiguous}


class Resolver:
    """Resolves the values of one knowledge base's vocabularies and entries."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._terms: dict[str, dict[str, str]] = {}
        self._titles: dict[str, dict[str, str]] = {}

    def terms(self, taxonomy: str) -> dict[str, str]:
        """Ids, titles and the abbreviation a title ends with (`(ECLAC)`) → the id."""
        if taxonomy not in self._terms:
            pairs: list[tuple[str, str]] = []
            for term in self.kb.vocabulary.taxonomy(taxonomy).values():
                pairs += [(_key(term.id), term.id), (_key(term.title), term.id)]
                match = _ABBREVIATION.search(term.title)
                if match:
                    pairs.append((_key(match.group(1)), term.id))
            self._terms[taxonomy] = _unique(pairs)
        return self._terms[taxonomy]

    def entry_titles(self, kind: str) -> dict[str, str]:
        """The titles of the base's entries of `kind` → their ids."""
        if kind not in self._titles:
            entries = [e for e in self.kb.entries.values() if e.kind == kind]
            self._titles[kind] = _unique(
                [(_key(e.id), e.id) for e in entries] + [(_key(e.title), e.id) for e in entries]
            )
        return self._titles[kind]

    def country(self, value: str) -> Resolved | None:
        """`Guyana`, `guy` or `GY` → `GUY`."""
        if is_country(value):
            return None
        code = _alpha_2().get(value.strip()) or _countries().get(_key(value))
        return Resolved(code, f"{code} ({country_name(code)})") if code else None

    def place(self, value: str) -> Resolved | None:
        """A country, or a region by its id or title (`Caribbean` → `caribbean`)."""
        if is_country(value) or value in regions():
            return None
        found = self.country(value)
        if found:
            return found
        by_title = _unique(
            [(_key(k), k) for k in regions()] + [(_key(t.title), k) for k, t in regions().items()]
        )
        region = by_title.get(_key(value))
        return Resolved(region, f"{region} ({regions()[region].title})") if region else None

    def term(self, taxonomy: str, value: str) -> Resolved | None:
        """An id of `taxonomy` by its title or abbreviation."""
        known = self.kb.vocabulary.taxonomy(taxonomy)
        if value in known:
            return None
        term_id = self.terms(taxonomy).get(_key(value))
        return Resolved(term_id, f"{term_id} ({known[term_id].title})") if term_id else None

    def entry(self, kind: str, value: str) -> Resolved | None:
        """The id of an entry of `kind` by its title."""
        if (found := self.kb.get(value)) is not None and found.kind == kind:
            return None
        entry_id = self.entry_titles(kind).get(_key(value))
        return Resolved(entry_id, f"{entry_id} (the {kind} of that title)") if entry_id else None

    @staticmethod
    def choice(value: str, allowed: list[str]) -> Resolved | None:
        """`Good practice` → `good-practice` when exactly one allowed value matches."""
        if value in allowed:
            return None
        matches = [a for a in allowed if slugify(a) == slugify(value)]
        return Resolved(matches[0], matches[0]) if len(matches) == 1 else None

    @staticmethod
    def sdg(value: str) -> Resolved | None:
        """`SDG 16.6` → `16.6`."""
        code = normalise_sdg(value)
        return Resolved(code, code) if code != value and code else None

    @staticmethod
    def language(value: str) -> Resolved | None:
        """`English` → `en`."""
        code = _languages().get(_key(value))
        return Resolved(code, code) if code and code != value else None
