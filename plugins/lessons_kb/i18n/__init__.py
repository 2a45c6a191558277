"""The reader's interface in each language: message catalogs, plurals, country names,
SDG titles and dates.

English is the source language: a message's id is its English text, and the English
interface needs no catalog. Spanish and French read theirs from
`locales/<language>/LC_MESSAGES/messages.po`.
"""

from lessons_kb.i18n.interface import (
    N_,
    SOURCE_LANGUAGE,
    SUPPORTED,
    Interface,
    UnsupportedLanguage,
    interface,
    is_supported,
    missing_warnings,
    primary_language,
)

__all__ = [
    "N_",
    "SOURCE_LANGUAGE",
    "SUPPORTED",
    "Interface",
    "UnsupportedLanguage",
    "interface",
    "is_supported",
    "missing_warnings",
    "primary_language",
]
