"""Reading translation files: the `translation` block, the translated text, the body.

Like the entry loader, nothing here raises on bad input: each file that cannot be read
gives problems, and the other files are still read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons_kb.problems import Problem
from lessons_kb.source.load import read_text, split_front_matter, yaml_problems
from lessons_kb.source.yamlnodes import MarkedData, load_marked
from lessons_kb.translations.fields import TRANSLATION_FIELD
from lessons_kb.translations.files import TranslationFile, discover_translations

FIELDS = (TRANSLATION_FIELD, "title", "summary", "recommendations", "objectives")


@dataclass(slots=True)
class Translation:
    """One entry's text in one other language, and the version of the source it follows."""

    file: TranslationFile
    data: dict[str, Any]
    body: str
    body_line: int
    marks: MarkedData

    @property
    def language(self) -> str:
        return self.file.language

    @property
    def rel_path(self) -> str:
        return self.file.rel_path

    @property
    def block(self) -> dict[str, Any]:
        value = self.data.get(TRANSLATION_FIELD)
        return value if isinstance(value, dict) else {}

    @property
    def of(self) -> str:
        return str(self.block.get("of") or "")

    @property
    def source_hash(self) -> str:
        return str(self.block.get("source_hash") or "")

    @property
    def reviewed_by(self) -> str:
        return str(self.block.get("reviewed_by") or "").strip()

    @property
    def title(self) -> str:
        return str(self.data.get("title") or "").strip()

    @property
    def summary(self) -> str:
        return str(self.data.get("summary") or "").strip()

    def texts(self, name: str) -> list[str] | None:
        """A list of translated texts (`recommendations` as their `text`), or None."""
        value = self.data.get(name)
        if not isinstance(value, list):
            return None
        found = []
        for item in value:
            text = item.get("text") if isinstance(item, dict) else item
            found.append(str(text or "").strip())
        return found

    def line(self, *path: str | int) -> int | None:
        """The line of a field (1-based, in the file), where known."""
        mark = self.marks.key_mark(path) if path else None
        return mark.line if mark else None


def load_translation(source: TranslationFile) -> tuple[Translation | None, list[Problem]]:
    """Read one translation file; None when it cannot be read as one."""
    text, problems = read_text(source.path, source.rel_path)
    if text is None:
        return None, problems
    split = split_front_matter(text, source.rel_path)
    if isinstance(split, Problem):
        return None, [split]
    front, body, body_line = split
    marked = load_marked(front, line_offset=1, fields=FIELDS)
    problems = yaml_problems(marked, source.rel_path)
    if not isinstance(marked.data, dict):
        if not marked.errors:
            problems.append(
                Problem(
                    source.rel_path,
                    "the front matter of a translation is not a list of fields",
                    line=2,
                    expected="`translation: {of: <id>, source_hash: …}`, then `title:`",
                    hint="start it again with `lessons-kb translate <entry file> --lang "
                    f"{source.language}`",
                )
            )
        return None, problems
    return Translation(source, marked.data, body, body_line, marked), problems


def load_translations(content_dir: Path, root: Path) -> tuple[list[Translation], list[Problem]]:
    """Every translation under `content_dir` that could be read, and the problems met."""
    found: list[Translation] = []
    problems: list[Problem] = []
    for source in discover_translations(content_dir, root):
        translation, read_problems = load_translation(source)
        problems += read_problems
        if translation is not None:
            found.append(translation)
    return found, problems
