"""The names of the engines a site can be built with, known without loading them: the
command line offers them to every command, and only `build`, `serve` and `offline` need
the engines themselves."""

from __future__ import annotations

ENGINE_NAMES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
