"""The words of the reader's pages in the build's language: what templates call to label
kinds, stored values, regions, dates and counts.

Every text here is an English message id looked up in the interface (`lessons_kb.i18n`);
stored values (`not-started`) are looked up by their plain words (`Not started`), which
the catalogs hold for every value of the schemas (`lessons_kb.i18n.messages`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from lessons_kb.i18n import N_, SOURCE_LANGUAGE, Interface
from lessons_kb.kinds import KINDS
from lessons_kb.site.words import POLARITY, plain
from lessons_kb.vocab import regions


@dataclass(frozen=True)
class Labels:
    """Labels in the interface's language."""

    words: Interface

    def plain(self, value: object) -> str:
        """A stored value in words: `not-started` → `Not started` (`Sin empezar`)."""
        text = plain(value)
        return self.words.gettext(text) if text else text

    def text(self, message: str) -> str:
        """A message held as data (not written in a template), in this language."""
        return self.words.gettext(message) if message else message

    def kind(self, kind: str) -> str:
        """`lesson` → `Lesson`."""
        found = KINDS.get(kind)
        return self.words.gettext(found.title) if found is not None else self.plain(kind)

    def kind_plural(self, kind: str) -> str:
        """`lesson` → `Lessons`."""
        found = KINDS.get(kind)
        return self.words.gettext(found.plural) if found is not None else self.plain(kind)

    def polarity(self, value: object) -> str:
        """`sustain` → "Keep doing this"."""
        found = POLARITY.get(str(value))
        return self.words.gettext(found) if found is not None else self.plain(value)

    def region(self, key: str) -> str:
        """A region's name by its id (`caribbean` → `Caribbean`)."""
        term = regions().get(key)
        return self.words.gettext(term.title) if term is not None else key

    def applies(self, how: str) -> str:
        """How a lesson applies to a country: `directly` or `through <region>`."""
        words = self.words
        if how.startswith("through "):
            return words.gettext("applies through %(region)s") % {
                "region": words.gettext(how.removeprefix("through "))
            }
        return words.gettext("applies directly")

    def tile(self, kind: str, n: int) -> Markup:
        """A count of entries of a kind on the home page: `<strong>3</strong> lessons`."""
        words = self.words
        if kind == "mission":
            text = words.ngettext("%(num)s mission", "%(num)s missions", n)
        elif kind == "finding":
            text = words.ngettext("%(num)s finding", "%(num)s findings", n)
        else:
            text = words.ngettext("%(num)s lesson", "%(num)s lessons", n)
        return escape(text) % {"num": Markup(f"<strong>{n}</strong>")}

    def related(self, kind: str) -> str:
        """The heading of an entry's related entries of its kind."""
        words = self.words
        if kind == "mission":
            return words.gettext("Related missions")
        if kind == "finding":
            return words.gettext("Related findings")
        return words.gettext("Related lessons")

    def day(self, value: object) -> str:
        """A stored date (`2024-03-05`) as the reader's language writes it; the English
        pages keep the ISO form, which reads the same everywhere."""
        text = str(value or "")
        if self.words.language == SOURCE_LANGUAGE:
            return text
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return text
        return self.words.date(day, "medium")

    def time_tag(self, value: object) -> Markup:
        """`<time datetime="2024-03-05">…</time>` with the date as the reader reads it."""
        text = str(value or "")
        return Markup('<time datetime="{0}">{1}</time>').format(text, self.day(text))

    def theme_words(self) -> dict[str, str] | None:
        """What Lessons KB's theme overrides show (header search, licence), translated;
        None in English, which the overrides hold themselves."""
        if self.words.language == SOURCE_LANGUAGE:
            return None
        return {text: self.words.gettext(text) for text in THEME_TEXTS}

    def script_words(self) -> dict[str, str] | None:
        """What the catalog and search scripts show, translated (None in English, which
        the scripts hold themselves)."""
        if self.words.language == SOURCE_LANGUAGE:
            return None
        return {text: self.words.gettext(text) for text in SCRIPT_TEXTS}


THEME_TEXTS = (
    N_("Search the knowledge base"),
    N_("Search"),
    N_("You may reuse the content under the licence"),
)
"""The texts of `theme_overrides/partials/`, which the engine's theme renders: they reach
it as `extra.lessons_kb_words` of the staged config."""

SCRIPT_TEXTS = (
    N_("Filter entries"),
    N_("Words"),
    N_("Filter by kind, country, SDG, theme and more"),
    N_("Filter by kind, country, SDG, theme and more ({n} chosen)"),
    N_("All {n}"),
    N_("Clear filters"),
    N_("Title"),
    N_("Kind"),
    N_("Date"),
    N_("Countries"),
    N_("Status"),
    N_(" or "),
    N_("words \u201c{words}\u201d"),
    N_("Every entry, newest first"),
    N_("Entries with {filters} ({n}), newest first"),
    N_("Show {n} more ({rest} not listed yet)"),
    N_("{shown} of {total} entries match."),
    N_("{shown} of {total} entries match; the first {listed} are listed."),
    N_("Search the knowledge base"),
    N_("{kind}: {title}"),
)
"""The texts of `assets/catalog.js` and `assets/search.js`, as the scripts write them
(`{name}` marks what they put in)."""
