"""A knowledge base as one language's site shows it: each entry with a translation into
that language carries the translated text; the others keep their source text (and say
which language it is in, so pages can mark it up)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.source.body import outline
from lessons_kb.translations.load import Translation
from lessons_kb.translations.status import Status, Translations

OBJECTIVES = "Objectives"


@dataclass(slots=True)
class TranslatedEntry(Entry):
    """An entry as a language's site shows it, with its status there."""

    status_in_language: Status = Status.SOURCE
    source_language: str = "en"
    reviewed_by: str = ""
    objectives_heading: str = OBJECTIVES
    """The body's heading under which a mission's objectives are listed, translated."""


def edition_kb(kb: KnowledgeBase, translations: Translations, language: str) -> KnowledgeBase:
    """The knowledge base in `language`: translated entries where there are translations."""
    entries: dict[str, Entry] = {
        entry_id: _in_language(entry, translations, language)
        for entry_id, entry in kb.entries.items()
    }
    return KnowledgeBase(entries=entries, vocabulary=kb.vocabulary, backlinks=kb.backlinks)


def _in_language(entry: Entry, translations: Translations, language: str) -> TranslatedEntry:
    # What an entry keeps of what it read once (`_outline`, `_lists`…) starts afresh: the
    # translated text is not the source's.
    fields = {
        f.name: getattr(entry, f.name)
        for f in dataclasses.fields(Entry)
        if not f.name.startswith("_")
    }
    status = translations.status(entry, language)
    translation = translations.get(entry.id, language)
    extra: dict[str, Any] = {"source_language": entry.language, "status_in_language": status}
    if translation is not None and status in (Status.CURRENT, Status.OUTDATED):
        fields["data"] = _translated_data(entry, translation)
        fields["body"] = translation.body
        fields["body_line"] = translation.body_line
        extra["reviewed_by"] = translation.reviewed_by
        extra["objectives_heading"] = _objectives_heading(entry, translation)
    return TranslatedEntry(**fields, **extra)


def _translated_data(entry: Entry, translation: Translation) -> dict[str, Any]:
    data = dict(entry.data)
    data["language"] = translation.language
    data["title"] = translation.title or entry.title
    if translation.summary:
        data["summary"] = translation.summary
    texts = translation.texts("recommendations")
    if texts is not None and entry.recommendations:
        data["recommendations"] = [
            {**r, "text": texts[i] if i < len(texts) and texts[i] else r.get("text")}
            for i, r in enumerate(entry.recommendations)
        ]
    objectives = translation.texts("objectives")
    if objectives is not None and entry.strings("objectives"):
        source = entry.strings("objectives")
        data["objectives"] = [
            objectives[i] if i < len(objectives) and objectives[i] else text
            for i, text in enumerate(source)
        ]
    return data


def _objectives_heading(entry: Entry, translation: Translation) -> str:
    """The translated heading at the place of the source's `## Objectives`."""
    source = [text for level, text, _ in entry.outline().headings if level == 2]
    translated = [text for level, text, _ in outline(translation.body).headings if level == 2]
    if OBJECTIVES in source:
        index = source.index(OBJECTIVES)
        if index < len(translated):
            return translated[index]
    return OBJECTIVES
