"""The command line's settings, read from `mkdocs.yml` so it checks what the build checks.

`mkdocs.yml` is read as data, never run: MkDocs' own tags (`!ENV`, `!relative`) and
Python tags (`!!python/name:…`) are read without importing or calling anything. `!ENV`
is resolved from the environment, as MkDocs does; the other tags become plain text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.quality import RULES
from lessons_kb.vocab import did_you_mean

PLUGIN_NAME = "lessons-kb"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_CONTENT_DIR = "content"
_MAX_INHERIT = 10


class UsageError(Exception):
    """A mistake in how the command was called or configured (exit status 2)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the knowledge base is, as the site's `mkdocs.yml` says."""

    config_file: Path
    root: Path
    """The folder of `mkdocs.yml`: paths in problems are shown relative to it."""
    content_dir: Path
    strict: bool
    """The `strict` setting of `mkdocs.yml`: warnings fail the build too."""
    checks: CheckOptions = field(default_factory=CheckOptions)
    """What the checks need from `mkdocs.yml`: the site's pages, the quality rules off."""

    def relative(self, path: Path) -> str:
        """`path` relative to the project folder where possible, `/`-separated."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class _MkDocsLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' tags as data instead of failing or running code."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = [loader.construct_object(item) for item in node.value]
        names, default = (items, None) if len(items) < 2 else (items[:-1], items[-1])
    else:
        return None
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.safe_load(value) if value.strip() else value
    return default


def _text_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag: its scalar text, or its list or mapping, read as plain data."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node) or suffix
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return None


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("!", _text_tag)
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _text_tag)


def read_mkdocs_yml(path: Path, depth: int = 0) -> dict[str, Any]:
    """The settings in `path`, with any `INHERIT`ed file merged beneath them."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    try:
        data = yaml.load(text, Loader=_MkDocsLoader)  # a SafeLoader: runs no code
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise UsageError(f"{where}: the YAML cannot be read: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: the YAML cannot be read: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"{path} is not a list of settings (`name: value` lines)")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and parent:
        if depth >= _MAX_INHERIT:
            raise UsageError(f"{path}: `INHERIT` goes more than {_MAX_INHERIT} files deep")
        data = _merge(read_mkdocs_yml(path.parent / parent, depth + 1), data)
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def plugin_options(config: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """The options of the `lessons-kb` plugin in a loaded `mkdocs.yml`."""
    plugins = config.get("plugins")
    found: Any = None
    present = False
    if isinstance(plugins, dict):
        present, found = PLUGIN_NAME in plugins, plugins.get(PLUGIN_NAME)
    elif isinstance(plugins, list):
        for item in plugins:
            if item == PLUGIN_NAME:
                present = True
            elif isinstance(item, dict) and PLUGIN_NAME in item:
                present, found = True, item[PLUGIN_NAME]
    if not present:
        raise UsageError(
            f"{config_file} does not use the {PLUGIN_NAME} plugin: add `- {PLUGIN_NAME}` "
            "under `plugins:`"
        )
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise UsageError(f"{config_file}: the options of `{PLUGIN_NAME}` must be `name: value`")
    return found


def find_config(config_file: str | None) -> Path:
    """The `mkdocs.yml` named, or the one in the current folder."""
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(f"the configuration file {config_file} does not exist")
        return path.resolve()
    for name in CONFIG_NAMES:
        path = Path.cwd() / name
        if path.is_file():
            return path.resolve()
    raise UsageError(
        f"there is no mkdocs.yml in {Path.cwd()}: run lessons-kb in the project folder, "
        "or name the file with --config-file"
    )


def load_settings(config_file: str | None = None) -> Settings:
    """The settings of the knowledge base, from `mkdocs.yml`."""
    path = find_config(config_file)
    config = read_mkdocs_yml(path)
    options = plugin_options(config, path)
    content = options.get("content_dir", DEFAULT_CONTENT_DIR)
    if not isinstance(content, str) or not content.strip():
        raise UsageError(f"{path}: `content_dir` of `{PLUGIN_NAME}` must be a folder name")
    root = path.parent
    content_dir = (root / content).resolve()
    if not content_dir.is_dir():
        raise UsageError(
            f"the content folder {content} (set by `content_dir` in {path.name}) does not exist"
        )
    checks = CheckOptions(
        docs_dir=(root / str(config.get("docs_dir") or "docs")).resolve(),
        templates_dir=_option_folder(options, "templates_dir", root),
        quality_off=quality_off(options.get("quality"), path),
        languages=site_languages(options.get("languages"), config, path),
    )
    return Settings(path, root, content_dir, config.get("strict") is True, checks)


def _option_folder(options: dict[str, Any], key: str, root: Path) -> Path | None:
    value = options.get(key)
    return (root / value).resolve() if isinstance(value, str) and value else None


def quality_off(value: Any, path: Path) -> frozenset[str]:
    """The quality rules that `quality: {rule: false}` switches off (`quality: false`:
    every rule)."""
    if value is None or value is True:
        return frozenset()
    if value is False:
        return frozenset(RULES)
    if not isinstance(value, dict):
        raise UsageError(
            f"{path}: `quality` of `{PLUGIN_NAME}` must list rules as `rule-name: false`, "
            "or be `false` for none"
        )
    off = set()
    for name, on in value.items():
        if name not in RULES:
            hint = did_you_mean(str(name), list(RULES)) or "the rules: " + ", ".join(RULES)
            raise UsageError(f"{path}: `quality` names no rule `{name}`; {hint}")
        if not isinstance(on, bool):
            raise UsageError(f"{path}: `quality: {{{name}: …}}` must be true or false")
        if not on:
            off.add(str(name))
    return frozenset(off)


def site_languages(value: Any, config: dict[str, Any], path: Path) -> tuple[str, ...]:
    """The languages the site publishes (`languages: [en, es, fr]`), the first being the
    one readers get when their browser prefers none of them; by default only the theme's
    `language` (or English)."""
    from lessons_kb.i18n import SUPPORTED

    theme = config.get("theme")
    default = theme.get("language") if isinstance(theme, dict) else None
    if value is None:
        return (str(default or "en"),)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise UsageError(
            f"{path}: `languages` of `{PLUGIN_NAME}` must list language codes, such as "
            "`languages: [en, es, fr]`"
        )
    found: list[str] = []
    for item in value:
        code = str(item).strip()
        if code not in SUPPORTED:
            hint = did_you_mean(code, list(SUPPORTED)) or "the supported: " + ", ".join(SUPPORTED)
            raise UsageError(
                f"{path}: `languages` names `{code}`, which Lessons KB does not speak; {hint}"
            )
        if code in found:
            raise UsageError(f"{path}: `languages` names `{code}` twice")
        found.append(code)
    return tuple(found)
