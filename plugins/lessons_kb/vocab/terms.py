"""A value of a vocabulary, the site's own taxonomies, and suggestions for mistyped values."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

TAXONOMY_FILES = ("themes", "organisations", "projects")


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a vocabulary: an id, its label, and what else is known of it."""

    id: str
    title: str
    description: str = ""
    url: str = ""
    members: tuple[str, ...] = ()


@dataclass(slots=True)
class Vocabulary:
    """The site's taxonomies: themes, organisations and projects, by id."""

    themes: dict[str, Term] = field(default_factory=dict)
    organisations: dict[str, Term] = field(default_factory=dict)
    projects: dict[str, Term] = field(default_factory=dict)

    def taxonomy(self, name: str) -> dict[str, Term]:
        """The terms of the taxonomy `name` (one of `TAXONOMY_FILES`)."""
        match name:
            case "themes":
                return self.themes
            case "organisations":
                return self.organisations
            case "projects":
                return self.projects
        raise KeyError(f"no taxonomy {name!r}")

    def label(self, name: str, term_id: str) -> str:
        term = self.taxonomy(name).get(term_id)
        return term.title if term else term_id


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """`did you mean `x`?` or `did you mean one of `x`, `y`?`, or None (nearest first)."""
    found = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    if not found:
        return None
    if len(found) == 1:
        return f"did you mean `{found[0]}`?"
    return "did you mean one of " + ", ".join(f"`{f}`" for f in found) + "?"
