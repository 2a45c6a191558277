"""Writing a staged site into its folder, touching only what changed.

A file whose content is unchanged is not rewritten, so its modification time stays and an
engine's own incremental rebuild (or its live preview) sees only real changes. Files that
are no longer staged (an entry deleted, renamed or made internal) are removed.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from lessons_kb.site.stage import StagedSite

DOCS = "docs"
OVERRIDES = "overrides"
"""The theme overrides: the package's, then the site's own `custom_dir` over them."""


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` to `path` unless it already holds exactly that; True if written."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def write_stage(
    staged: StagedSite,
    folder: Path,
    custom_dir: Path | None = None,
    only: set[str] | None = None,
) -> int:
    """Write the staged pages under `folder/docs` and the theme overrides under
    `folder/overrides`; returns how many files were written. With `only`, just those
    pages are compared and written (an edit in the preview), and pages no longer staged
    are removed."""
    written = _write_tree(folder / DOCS, _docs_contents(staged), only)
    written += _write_tree(folder / OVERRIDES, _override_contents(custom_dir))
    return written


def _docs_contents(staged: StagedSite) -> dict[str, bytes | Path]:
    contents: dict[str, bytes | Path] = dict(staged.copies)
    contents.update(staged.files)
    return contents


def _override_contents(custom_dir: Path | None) -> dict[str, bytes | Path]:
    contents: dict[str, bytes | Path] = {}
    package = Path(str(resources.files("lessons_kb.site").joinpath("theme_overrides")))
    for path in sorted(package.rglob("*.html")):
        contents[path.relative_to(package).as_posix()] = path
    if custom_dir is not None and custom_dir.is_dir():
        for path in sorted(custom_dir.rglob("*")):
            if path.is_file():
                contents[path.relative_to(custom_dir).as_posix()] = path
    return contents


def _write_tree(
    root: Path, contents: dict[str, bytes | Path], only: set[str] | None = None
) -> int:
    written = 0
    for rel, content in sorted(contents.items()):
        if only is not None and rel not in only:
            continue
        target = root / rel
        if isinstance(content, Path):
            written += _copy_if_changed(content, target)
        else:
            written += write_if_changed(target, content)
    wanted = {root / rel for rel in contents}
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def _copy_if_changed(source: Path, target: Path) -> bool:
    try:
        same = target.stat().st_size == source.stat().st_size
        if same and target.read_bytes() == source.read_bytes():
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True
