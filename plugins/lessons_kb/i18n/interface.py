"""`interface(language)`: every word of the reader's pages in one language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from babel.dates import format_date

from lessons_kb.i18n.catalog import Messages, load_messages
from lessons_kb.i18n.countries import localised_country
from lessons_kb.vocab import sdg_short, sdg_title

SOURCE_LANGUAGE = "en"
"""The language message ids are written in."""
SUPPORTED = ("en", "es", "fr")
"""The languages the interface speaks."""

DateFormat = Literal["long", "medium", "short"]


def N_(message: str) -> str:
    """Marks `message` for the catalogs (`pybabel extract` looks for this name) where it
    is written; it is translated where it is shown."""
    return message


class UnsupportedLanguage(ValueError):
    """A language the interface has no catalog for."""

    def __init__(self, language: str) -> None:
        super().__init__(
            f"the interface speaks {', '.join(SUPPORTED)}, not {language!r}: "
            f"choose one of them"
        )
        self.language = language


def primary_language(tag: str) -> str:
    """The supported language of a BCP 47 tag: `es-419` → `es`."""
    language = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if language not in SUPPORTED:
        raise UnsupportedLanguage(tag)
    return language


@dataclass(eq=False)
class Interface:
    """The interface's words in one language."""

    language: str
    messages: Messages | None = None
    """The catalog; None for the source language, whose ids are its texts."""
    missing: set[str] = field(default_factory=set)
    """Messages looked up that the catalog lacks (shown in English meanwhile)."""

    def gettext(self, message: str) -> str:
        """`message` in this language."""
        if self.messages is None:
            return message
        if message not in self.messages.translated:
            self.missing.add(message)
            return message
        return self.messages.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for `n` things, by the language's plural rules."""
        if self.messages is None:
            return singular if n == 1 else plural
        if singular not in self.messages.translated:
            self.missing.add(singular)
            return singular if n == 1 else plural
        return self.messages.translations.ngettext(singular, plural, n)

    def country(self, code: str) -> str:
        """A country's name by its ISO 3166-1 alpha-3 code."""
        return localised_country(code, self.language)

    def sdg_title(self, code: str) -> str:
        """The official title of an SDG goal or target."""
        return sdg_title(code, self.language)

    def sdg_short(self, code: str) -> str:
        """A goal's short name (`Paz, justicia e instituciones sólidas`)."""
        return sdg_short(code, self.language)

    def date(self, day: dt.date, format: DateFormat = "long") -> str:
        """A date as this language writes it (`5 de marzo de 2024`)."""
        return str(format_date(day, format=format, locale=self.language))


def missing_warnings(language: str, messages: Iterable[str]) -> list[str]:
    """Warnings, one per message the language's catalog lacks, that say how to add it."""
    where = f"plugins/lessons_kb/i18n/locales/{language}/LC_MESSAGES/messages.po"
    return [
        f"WARNING - lessons-kb: the {language} interface has no translation of "
        f"{message!r}, shown in English; run `python -m lessons_kb.i18n.messages` and "
        f"translate it in {where}"
        for message in sorted(messages)
    ]


def is_supported(tag: str) -> bool:
    """Whether the interface speaks the language of a BCP 47 tag."""
    try:
        primary_language(tag)
    except UnsupportedLanguage:
        return False
    return True


@cache
def interface(language: str) -> Interface:
    """The interface in `language` (a BCP 47 tag), read once per process; English for a
    language it does not speak (a site whose theme speaks another language keeps its
    labels in English, as before there were catalogs)."""
    language = primary_language(language) if is_supported(language) else SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return Interface(language)
    return Interface(language, load_messages(language))
