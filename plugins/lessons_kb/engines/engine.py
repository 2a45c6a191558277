"""The engines a staged site can be built with, each run as it is, by its command line.

`engines.registry` names them; Zensical's particulars are in `engines.zensical`.

MkDocs 1.6 and ProperDocs (its maintained fork) read the staged `mkdocs.yml`, which
inherits the site's own and adds what Lessons KB staged; Zensical reads the same format.
Nothing here imports an engine: each runs in its own process.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lessons_kb.engines.site import Site
from lessons_kb.site.folder import DOCS, OVERRIDES, write_if_changed
from lessons_kb.site.markdown_blocks import EXTENSION
from lessons_kb.site.stage import StagedSite, search_url

STAGED_CONFIG = "mkdocs.yml"
IN_PLACE_SITE = "site"
"""Where an engine that writes only inside its project folder builds the site (it is moved
to the site folder asked for afterwards)."""
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n|\n)*", re.M)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class EngineError(RuntimeError):
    """The engine could not build the staged site; the message says why, in its words."""


@dataclass(frozen=True, slots=True)
class Engine:
    """One engine: how to call it and what its config needs."""

    name: str
    module: str
    """The Python module that runs its command line (`python -m <module>`)."""
    merges_lists: bool = False
    """Its `INHERIT` appends lists instead of replacing them (Zensical's does)."""
    builds_in_place: bool = False
    """It writes the site only inside the folder of its config."""
    reads_plugins: bool = True
    links_from_source: bool = False
    """It reads links in a page's HTML as relative to the page's source file."""
    serves_site_path: bool = True
    """Its preview serves the site under the path of `site_url` (MkDocs does)."""

    def staged_config(self, site: Site, staged: StagedSite, stage_dir: Path) -> dict[str, Any]:
        """The engine's config: the site's own, inherited, plus what Lessons KB staged."""
        parent = os.path.relpath(site.settings.config_file, stage_dir)
        extra_css = list(staged.extra_css)
        if not self.merges_lists:
            extra_css = [*(site.config.get("extra_css") or []), *extra_css]
        extra: dict[str, Any] = {"lessons_kb_search": search_url(staged)}
        if staged.theme_words:
            extra["lessons_kb_words"] = staged.theme_words
        if staged.files.get("assets/lessons-kb/iframe-worker.js"):
            extra["polyfills"] = ["assets/lessons-kb/iframe-worker.js"]
        config: dict[str, Any] = {
            "INHERIT": posixpath.join(*Path(parent).parts),
            "docs_dir": DOCS,
            "extra_css": extra_css,
            "theme": {"custom_dir": OVERRIDES},
            "extra": extra,
            "use_directory_urls": staged.directory_urls,
        }
        extensions = [EXTENSION] if self.merges_lists else site.markdown_extensions
        if extensions is not None:
            if not self.merges_lists:
                extensions = [*extensions, EXTENSION]
            config["markdown_extensions"] = extensions
        if self.builds_in_place:
            config["site_dir"] = IN_PLACE_SITE
        if self.reads_plugins:
            config["plugins"] = site.other_plugins
        if staged.nav is not None:
            config["nav"] = staged.nav
        if staged.language is not None:  # one edition of a site in several languages
            config["theme"]["language"] = staged.language
            config["site_url"] = staged.site_url
        return config

    def write_config(
        self, site: Site, staged: StagedSite, stage_dir: Path, preview: bool = False
    ) -> Path:
        """Write the engine's config into the stage; a preview's is never strict (its
        partial rebuilds warn, and problems are shown on its pages instead)."""
        path = stage_dir / STAGED_CONFIG
        text = "# Written by Lessons KB for each build; edit the site's own config instead.\n"
        config = self.staged_config(site, staged, stage_dir)
        if preview:
            config["strict"] = False
        text += yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
        write_if_changed(path, text.encode("utf-8"))
        return path

    def build_command(self, config: Path, site_dir: Path, strict: bool) -> list[str]:
        command = [sys.executable, "-m", self.module, "build", "-f", str(config)]
        if not self.builds_in_place:
            command += ["-d", str(site_dir)]
        return [*command, "-s"] if strict else command

    def serve_command(self, config: Path, address: str) -> list[str]:
        command = [sys.executable, "-m", self.module, "serve", "-f", str(config), "-a", address]
        # MkDocs and ProperDocs rebuild only the pages whose staged file changed.
        return command if self.builds_in_place else [*command, "--dirty"]

    def check_installed(self) -> None:
        """Raise EngineError, saying how to install it, when the engine is missing."""
        if importlib.util.find_spec(self.module) is None:
            raise EngineError(
                f"{self.name} is not installed: install it with "
                f"`pip install 'lessons-kb[engines]'` (make does), or use --engine mkdocs"
            )

    def build(self, config: Path, site_dir: Path, strict: bool) -> str:
        """Build the staged site into `site_dir`; returns what the engine printed."""
        self.check_installed()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        command = self.build_command(config, site_dir, strict)
        try:
            result = subprocess.run(
                command, cwd=config.parent, env=env, capture_output=True, text=True, check=False
            )
        except OSError as exc:
            raise EngineError(f"{self.name} could not start: {exc}") from exc
        printed = readable(result.stdout + result.stderr)
        if result.returncode != 0:
            raise EngineError(f"{self.name} could not build the site:\n{printed}".rstrip())
        if self.builds_in_place:
            _move_site(config.parent / IN_PLACE_SITE, site_dir)
        return printed


def readable(output: str) -> str:
    """An engine's output without colour codes or Python tracebacks."""
    return _TRACEBACK.sub("", _ANSI.sub("", output)).strip()


def _move_site(built: Path, site_dir: Path) -> None:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(site_dir))


MKDOCS = Engine("mkdocs", "mkdocs")
PROPERDOCS = Engine("properdocs", "properdocs")
