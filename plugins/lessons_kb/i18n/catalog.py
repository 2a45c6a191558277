"""A language's message catalog, read from its `.po` file and compiled in memory."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from importlib import resources

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


@dataclass(frozen=True, slots=True)
class Messages:
    """A compiled catalog and the message ids it translates."""

    translations: gettext.NullTranslations
    translated: frozenset[str]
    """Ids with a translation (fuzzy or empty entries do not count)."""


def po_path(language: str) -> str:
    """The catalog's path inside the package, as `pybabel` writes it."""
    return f"locales/{language}/LC_MESSAGES/{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    """The language's `.po` catalog (an empty one where the package has none)."""
    source = resources.files("lessons_kb.i18n").joinpath(po_path(language))
    if not source.is_file():
        return Catalog(locale=language)
    with source.open("rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def load_messages(language: str) -> Messages:
    """The language's catalog compiled to gettext's form, with the ids it translates.

    Compiled from the `.po` at first use rather than shipped as `.mo`: the `.po` is the
    one copy, so no compiled file can fall behind it.
    """
    catalog = read_catalog(language)
    translated = frozenset(
        _key(message.id)
        for message in catalog
        if message.id and not message.fuzzy and _complete(message.string)
    )
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Messages(gettext.GNUTranslations(compiled), translated)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _complete(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if string is None or isinstance(string, str):
        return bool(string)
    return all(string)
