"""The icons and scripts the theme repeats on every page, written once and linked.

Material's header, navigation and "back to top" button carry their icons as inline SVG,
and its head and header carry the same small scripts on every page: about 3 KB of each
entry page, fetched again with every page. Here each distinct icon becomes a symbol of
one sprite (`assets/lessons-kb/icons.svg`, drawn by `<use>`) and each distinct inline
script a file of its own, so that a reader's browser fetches them once and caches them.

Only the theme's parts of a page change (what stands outside its `<article>`): an
entry's own text is left as the editor wrote it. The offline edition keeps them inline,
because a browser reading files from disk refuses `<use>` of another file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lessons_kb.site.urls import relative_url

SHARED_DIR = "assets/lessons-kb/shared"
SPRITE = f"{SHARED_DIR}/icons.svg"

_SVG = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([\d .-]+)">(<path [^<>]*/>)</svg>'
)
#: A script with no attributes: an inline script of the theme (JSON data has a `type`).
_SCRIPT = re.compile(r"<script>(.+?)</script>", re.S)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class SharedParts:
    """What the pages of one edition share, collected as they are finished."""

    icons: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Symbol id → (viewBox, path element)."""
    scripts: dict[str, str] = field(default_factory=dict)
    """File name → script text."""

    def page(self, text: str, page_url: str) -> str:
        """The page with the theme's icons drawn from the sprite and its scripts linked."""
        sprite = relative_url(SPRITE, page_url)
        folder = relative_url(SHARED_DIR + "/", page_url)

        def icon(match: re.Match[str]) -> str:
            view_box, path = match.groups()
            name = "i" + _digest(view_box + path)
            self.icons[name] = (view_box, path)
            return f'<svg viewBox="{view_box}"><use href="{sprite}#{name}"/></svg>'

        def script(match: re.Match[str]) -> str:
            name = _digest(match.group(1)) + ".js"
            self.scripts[name] = match.group(1)
            return f'<script src="{folder}{name}"></script>'

        def theme_part(part: str) -> str:
            return _SCRIPT.sub(script, _SVG.sub(icon, part))

        out: list[str] = []
        start = 0
        for article in _ARTICLE.finditer(text):
            out += [theme_part(text[start : article.start()]), article.group(0)]
            start = article.end()
        out.append(theme_part(text[start:]))
        return "".join(out)

    def write(self, site_dir: Path) -> None:
        """Write the sprite and the scripts the finished pages link to."""
        if not (self.icons or self.scripts):
            return
        folder = site_dir / SHARED_DIR
        folder.mkdir(parents=True, exist_ok=True)
        symbols = "".join(
            f'<symbol id="{name}" viewBox="{view_box}">{path}</symbol>'
            for name, (view_box, path) in sorted(self.icons.items())
        )
        (folder / "icons.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n', "utf-8"
        )
        for name, script in sorted(self.scripts.items()):
            (folder / name).write_text(script + "\n", "utf-8")
