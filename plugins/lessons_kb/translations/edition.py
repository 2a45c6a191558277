"""One language's edition of a multilingual site: what its pages say about translations
(a notice on each entry not in the reader's language, the status page) and how a page
links to the same page in another language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from babel import Locale
from markupsafe import Markup

from lessons_kb.i18n import interface
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.translations.status import Status, Translations

STATUS_URI = "translations/index.md"
STATUS_JSON = "translation-status.json"
AUTONYMS = {"en": "English", "es": "Español", "fr": "Français"}
"""Each language's name in itself, as a switcher shows it."""


def language_name(code: str, in_language: str) -> str:
    """The name of the language `code`, as `in_language` writes it (`inglés`)."""
    try:
        return str(Locale.parse(in_language).languages.get(code) or code)
    except (ValueError, TypeError):
        return code


def other_language_url(page_url: str, language: str) -> str:
    """The same page in the sibling `language` site, relative to the page at `page_url`
    (a URL path within its own language's site): up to the sites' root, then down."""
    return "../" * (page_url.count("/") + 1) + language + "/" + page_url


@dataclass(frozen=True, slots=True)
class LanguageEdition:
    """The language a build is in, and the translations it shows."""

    language: str
    languages: tuple[str, ...]
    translations: Translations
    source: KnowledgeBase
    """The knowledge base as written (statuses compare translations with it)."""

    def gettext(self, message: str) -> str:
        return interface(self.language).gettext(message)

    def notice(self, entry: Entry, page_url: str, status_url: str | None = None) -> str:
        """The note at the top of an entry page whose text is not (or no longer) a
        current translation into this language; unreviewed translations say so too. It
        links to the original and to the page of every translation's status."""
        original = self.source.get(entry.id) or entry
        status = self.translations.status(original, self.language)
        source = original.language
        if status is Status.SOURCE:
            return ""
        _ = self.gettext
        link = Markup('<a href="{url}" hreflang="{lang}" lang="{lang}">{text}</a>').format(
            url=other_language_url(page_url, source),
            lang=source,
            text=AUTONYMS.get(source, source),
        )
        words = {"language": language_name(source, self.language)}
        translation = self.translations.get(entry.id, self.language)
        if status is Status.MISSING:
            kind, text = (
                "missing",
                _(
                    "This entry has not been translated yet: it is shown in its original "
                    "language, %(language)s."
                ),
            )
        elif status is Status.OUTDATED:
            kind, text = (
                "outdated",
                _(
                    "The original (%(language)s) has changed since this translation was made: "
                    "some of it may be out of date."
                ),
            )
        elif translation is not None and not translation.reviewed_by:
            kind, text = (
                "unreviewed",
                _(
                    "This is an unreviewed translation: no person has checked it against the "
                    "original (%(language)s) yet."
                ),
            )
        else:
            return ""
        after = Markup(" {read} {link}.").format(read=_("Read the original:"), link=link)
        if kind == "missing":
            after = Markup("")
        if status_url:
            after += Markup(' <a href="{url}">{text}</a>').format(
                url=status_url, text=_("Every translation and its state")
            )
        return str(
            Markup(
                '<p class="lkb-notice lkb-notice--translation lkb-notice--{kind}" role="note">'
                "{text}{after}</p>"
            ).format(kind=kind, text=text % words, after=after)
        )

    def status_context(self) -> dict[str, Any]:
        """What the status page lists: each entry's status in every language."""
        _ = self.gettext
        labels = {
            Status.SOURCE: _("original"),
            Status.CURRENT: _("translated"),
            Status.OUTDATED: _("outdated"),
            Status.MISSING: _("not translated"),
        }
        return {
            "rows": self.translations.table(self.source),
            "languages": [(code, language_name(code, self.language)) for code in self.languages],
            "labels": labels,
            "counts": self.translations.counts(self.source)[self.language],
            "language": self.language,
            "status_json": STATUS_JSON,
        }

    def status_json(self) -> bytes:
        """`translation-status.json` of this language's site."""
        document = self.translations.document(self.source, self.language)
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def status_title(self) -> str:
        return self.gettext("Translations")

    def status_intro(self) -> str:
        return self.gettext(
            "Which entries are translated into each language of the site, and which "
            "translations are out of date because their original has changed."
        )
