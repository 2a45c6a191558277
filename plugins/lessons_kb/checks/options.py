"""What a check needs to know beyond the content folder: the site's pages and its choices.

The faces read these from `mkdocs.yml` (the `lessons-kb` plugin's options), so that
`lessons-kb check`, `lessons-kb build` and `mkdocs build` judge the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lessons_kb.i18n.interface import SUPPORTED


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How to check a knowledge base."""

    docs_dir: Path | None = None
    """The site's hand-written pages, which entry bodies may link to (by default the
    `docs/` folder beside `content/`)."""
    templates_dir: Path | None = None
    """The site's own templates, as the stage uses them (for anchors on generated pages)."""
    quality_off: frozenset[str] = field(default_factory=frozenset)
    """Quality rules switched off (`quality: {rule: false}` in `mkdocs.yml`)."""
    languages: tuple[str, ...] = SUPPORTED
    """The languages the site publishes (`languages:` in `mkdocs.yml`, by default its theme's
    only); translations into others are errors. Unconfigured: every language Lessons KB
    speaks."""

    def quality(self, rule: str) -> bool:
        """Whether the quality rule `rule` is on."""
        return rule not in self.quality_off
