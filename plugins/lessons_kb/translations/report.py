"""The translation table of `lessons-kb stats`: per language, how many entries are
written in it, translated (current), outdated or not translated, and which are outdated."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lessons_kb.model import KnowledgeBase
from lessons_kb.translations.load import Translation
from lessons_kb.translations.status import Status, Translations

TABLE_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "One row per language of the site, in its order.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["language", *[str(s) for s in Status], "outdated_files"],
        "properties": {
            "language": {"type": "string"},
            **{str(s): {"type": "integer", "minimum": 0} for s in Status},
            "outdated_files": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def translation_table(
    kb: KnowledgeBase, translations: Iterable[Translation], languages: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Per language, the count of public entries in each status, and the outdated files."""
    usable = Translations.of(kb, translations, languages)
    counts = usable.counts(kb)
    rows = []
    for language in languages:
        outdated = [
            found.rel_path
            for entry, statuses in usable.table(kb)
            if statuses[language] is Status.OUTDATED
            and (found := usable.get(entry.id, language)) is not None
        ]
        row: dict[str, Any] = {"language": language}
        row.update({str(status): n for status, n in counts[language].items()})
        row["outdated_files"] = outdated
        rows.append(row)
    return rows


def format_translation_table(rows: list[dict[str, Any]]) -> list[str]:
    """The table as lines of text."""
    lines = ["Translations", "  language  original  current  outdated  missing"]
    for row in rows:
        lines.append(
            f"  {row['language']:<8}  {row['source']:>8}  {row['current']:>7}  "
            f"{row['outdated']:>8}  {row['missing']:>7}"
        )
    for row in rows:
        lines += [f"  outdated ({row['language']}): {path}" for path in row["outdated_files"]]
    return lines
