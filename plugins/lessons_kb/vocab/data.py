"""Reading the vocabularies shipped with the package (`data/`)."""

from __future__ import annotations

from importlib import resources

import yaml


def data_text(*parts: str) -> str:
    """A text file of the package's `data/` folder."""
    path = resources.files("lessons_kb.vocab").joinpath("/".join(("data", *parts)))
    return path.read_text("utf-8")


def load_yaml(text: str) -> dict:
    """Package data as YAML, with the C loader where PyYAML has it."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}
