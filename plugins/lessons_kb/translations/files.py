"""Where translations live: beside their source, named `<name>.<language>.md`.

`content/lessons/<id>.es.md`, a mission's `index.fr.md`, a finding's `<id>.es.md`. Entry
ids have no dots, so a second dot in a name always means a translation.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<language>[^.]+)\.md$")


@dataclass(frozen=True, slots=True)
class TranslationFile:
    """A translation file found in the content tree, before it is read."""

    path: str
    rel_path: str
    language: str
    source_path: str
    """The file of the entry it sits beside (which may not exist)."""
    source_rel: str
    entry_id: str
    """The id of that entry, from the file's name or, for a mission, its folder."""


def is_translation_name(name: str) -> bool:
    """Whether a file name is a translation's (`x.es.md`, not `x.md`)."""
    return _NAME.match(name) is not None


def translation_path(source: Path, language: str) -> Path:
    """The translation of the entry file `source` into `language`: its sibling."""
    return source.with_name(f"{source.stem}.{language}.md")


def discover_translations(content_dir: Path, root: Path) -> list[TranslationFile]:
    """Every translation file under `content_dir`, in a stable order."""
    found: list[TranslationFile] = []
    content_dir = content_dir.resolve()
    for folder, dirs, files in os.walk(content_dir):
        dirs.sort()
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in sorted(files):
            match = _NAME.match(name)
            if match is None:
                continue
            path = Path(folder) / name
            source = path.with_name(f"{match['stem']}.md")
            parts = path.relative_to(content_dir).parts
            entry_id = parts[1] if match["stem"] == "index" and len(parts) == 3 else match["stem"]
            found.append(
                TranslationFile(
                    str(path),
                    _relative(path, root),
                    match["language"],
                    str(source),
                    _relative(source, root),
                    entry_id,
                )
            )
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
