"""The engines `lessons-kb build --engine` and `serve --engine` can run, by name."""

from __future__ import annotations

from lessons_kb.engines.engine import MKDOCS, PROPERDOCS, Engine
from lessons_kb.engines.names import DEFAULT_ENGINE, ENGINE_NAMES
from lessons_kb.engines.zensical import ZENSICAL

ENGINES: dict[str, Engine] = {engine.name: engine for engine in (MKDOCS, PROPERDOCS, ZENSICAL)}
if tuple(ENGINES) != ENGINE_NAMES or DEFAULT_ENGINE not in ENGINES:
    raise ImportError("lessons_kb.engines.names does not list the engines of the registry")
