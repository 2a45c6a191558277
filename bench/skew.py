"""A skewed base: real bases are not spread evenly (2,074 real lessons once shared one
country). From a synthetic base, nine entries in ten get the same country and the same
theme, and every lesson that can be at `identified` is put there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

COUNTRY = "LCA"
_LIST = r"^{name}:\n(?:- .*\n)+"
_SKIPPED = 10  # every tenth entry keeps its own country and theme


def skew(source: Path, target: Path, theme: str | None = None) -> Path:
    """A copy of the base at `source` in `target`, skewed."""
    if (target / "content").is_dir():
        return target
    shutil.copytree(source, target)
    files = sorted((target / "content").rglob("*.md"))
    theme = theme or _first_theme(target)
    for number, path in enumerate(files):
        if number % _SKIPPED == 0:
            continue
        text = path.read_text("utf-8")
        text = re.sub(
            _LIST.format(name="countries"), f"countries:\n- {COUNTRY}\n", text, count=1, flags=re.M
        )
        text = re.sub(
            _LIST.format(name="themes"), f"themes:\n- {theme}\n", text, count=1, flags=re.M
        )
        if "/lessons/" in path.as_posix():
            text = re.sub(
                r"^status: (validated|actioned|learned)$",
                "status: identified",
                text,
                count=1,
                flags=re.M,
            )
        path.write_text(text, "utf-8")
    return target


def _first_theme(root: Path) -> str:
    text = (root / "content" / "taxonomies" / "themes.yml").read_text("utf-8")
    found = re.search(r"^([a-z0-9-]+):", text, re.M)
    if found is None:
        raise ValueError("the base has no theme")
    return found.group(1)
