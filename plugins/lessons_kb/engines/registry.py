"""The engines `lessons-kb build --engine` and `serve --engine` can run, by name."""

from __future__ import annotations

from lessons_kb.engines.engine import MKDOCS, PROPERDOCS, Engine
from lessons_kb.engines.zensical import ZENSICAL

ENGINES: dict[str, Engine] = {engine.name: engine for engine in (MKDOCS, PROPERDOCS, ZENSICAL)}
DEFAULT_ENGINE = MKDOCS.name
