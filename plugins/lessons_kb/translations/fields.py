"""What a translation carries: the source's translatable text, and the hash of it that
says which version of the source a translation was made from."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lessons_kb.model import Entry

HASH_PREFIX = "sha256:"
TRANSLATION_FIELD = "translation"
#: The text fields a translation gives, by kind of entry (the body comes with every one).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "mission": ("title", "summary", "objectives"),
    "finding": ("title", "summary"),
    "lesson": ("title", "summary", "recommendations"),
}


def translatable(entry: Entry) -> dict[str, Any]:
    """The source's text a translation must follow: title, summary, body, and the texts of
    its recommendations (a lesson) or its objectives (a mission)."""
    text: dict[str, Any] = {
        "title": entry.title,
        "summary": entry.summary.strip(),
        "body": entry.body.strip(),
    }
    if entry.kind == "lesson":
        text["recommendations"] = [str(r.get("text") or "").strip() for r in entry.recommendations]
    if entry.kind == "mission":
        text["objectives"] = [o.strip() for o in entry.strings("objectives")]
    return text


def source_hash(entry: Entry) -> str:
    """`sha256:<hex>` of the source's translatable text: it changes when any of it does."""
    canonical = json.dumps(translatable(entry), ensure_ascii=False, sort_keys=True)
    return HASH_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
