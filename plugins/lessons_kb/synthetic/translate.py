"""Translations for a synthetic knowledge base: a share of its public entries gets a sibling
in each other language, as `lessons-kb translate` starts one, its text marked with the
language (synthetic prose is not translated, only made to look its part)."""

from __future__ import annotations

import random
from pathlib import Path

from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.translations.files import translation_path
from lessons_kb.translations.write import translation_text


def add_translations(
    root: Path, languages: tuple[str, ...] = ("es", "fr"), share: float = 0.3, seed: int = 1
) -> int:
    """Write translations of about `share` of the public entries into each of `languages`
    under `root/content`; returns how many files were written."""
    kb = load_knowledge_base(root / "content", root=root).kb
    chooser = random.Random(seed)
    written = 0
    for entry in sorted(kb.public(), key=lambda e: e.id):
        for language in languages:
            if chooser.random() >= share:
                continue
            text = translation_text(entry, language, mark=f"({language}) ")
            translation_path(Path(entry.source), language).write_text(text, "utf-8")
            written += 1
    return written
