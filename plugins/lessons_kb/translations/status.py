"""The status of each entry in each language of a build: its source language, a current
translation, an outdated one (the source changed since), or none yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.translations.fields import source_hash
from lessons_kb.translations.load import Translation


class Status(StrEnum):
    """Where an entry stands in one language."""

    SOURCE = "source"
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Translations:
    """The usable translations of a knowledge base, by entry and language."""

    by_entry: dict[str, dict[str, Translation]]
    languages: tuple[str, ...]

    @classmethod
    def of(
        cls, kb: KnowledgeBase, translations: Iterable[Translation], languages: tuple[str, ...]
    ) -> Translations:
        """Those of `translations` that name an entry beside them, in a site language."""
        found: dict[str, dict[str, Translation]] = {}
        for translation in translations:
            entry = kb.get(translation.of)
            if (
                entry is not None
                and translation.of == translation.file.entry_id
                and translation.language in languages
                and translation.language != entry.language
            ):
                found.setdefault(entry.id, {})[translation.language] = translation
        return cls(found, languages)

    def get(self, entry_id: str, language: str) -> Translation | None:
        return self.by_entry.get(entry_id, {}).get(language)

    def status(self, entry: Entry, language: str) -> Status:
        """The entry's status in `language`."""
        if entry.language == language:
            return Status.SOURCE
        translation = self.get(entry.id, language)
        if translation is None:
            return Status.MISSING
        return Status.CURRENT if translation.source_hash == source_hash(entry) else Status.OUTDATED

    def table(self, kb: KnowledgeBase) -> list[tuple[Entry, dict[str, Status]]]:
        """Every public entry with its status in each language, by kind then id."""
        entries = sorted(kb.public(), key=lambda e: (e.kind, e.id))
        return [(e, {lang: self.status(e, lang) for lang in self.languages}) for e in entries]

    def counts(self, kb: KnowledgeBase) -> dict[str, dict[Status, int]]:
        """How many entries have each status, by language."""
        counts: dict[str, dict[Status, int]] = {
            lang: dict.fromkeys(Status, 0) for lang in self.languages
        }
        for _, statuses in self.table(kb):
            for lang, status in statuses.items():
                counts[lang][status] += 1
        return counts

    def document(self, kb: KnowledgeBase, language: str) -> dict[str, Any]:
        """`translation-status.json` of the `language` site: each entry's status there."""
        entries = []
        for entry, statuses in self.table(kb):
            translation = self.get(entry.id, language)
            record: dict[str, Any] = {
                "id": entry.id,
                "kind": entry.kind,
                "source_language": entry.language,
                "status": str(statuses[language]),
            }
            if translation is not None:
                record["reviewed"] = bool(translation.reviewed_by)
                record["reviewed_by"] = translation.reviewed_by
                record["source_hash"] = translation.source_hash
            record["current_hash"] = source_hash(entry)
            entries.append(record)
        counts = {str(k): v for k, v in self.counts(kb)[language].items()}
        return {
            "language": language,
            "languages": list(self.languages),
            "counts": counts,
            "entries": entries,
        }
