"""A new translation file's text: what it translates, then the source's text to translate."""

from __future__ import annotations

from typing import Any

import yaml

from lessons_kb.model import Entry
from lessons_kb.translations.fields import TRANSLATION_FIELD, source_hash, translatable


def translation_text(entry: Entry, language: str, mark: str = "") -> str:
    """A translation of `entry` into `language` to start from: the current hash of the
    source, its title, summary, recommendations' or objectives' texts and body (the title
    after `mark`, where given)."""
    text = translatable(entry)
    fields: dict[str, Any] = {
        TRANSLATION_FIELD: {"of": entry.id, "source_hash": source_hash(entry), "reviewed_by": ""},
        "title": mark + text["title"],
        "summary": text["summary"],
    }
    if text.get("recommendations"):
        fields["recommendations"] = [{"text": t} for t in text["recommendations"]]
    if text.get("objectives"):
        fields["objectives"] = list(text["objectives"])
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=92)
    return f"---\n{front}---\n\n{text['body']}\n"
