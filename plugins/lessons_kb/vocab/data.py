"""Reading the vocabularies shipped with the package (`data/`)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def data_text(*parts: str) -> str:
    """A text file of the package's `data/` folder."""
    path = resources.files("lessons_kb.vocab").joinpath("/".join(("data", *parts)))
    return path.read_text("utf-8")


def load_yaml(text: str) -> dict[str, Any]:
    """Package data as YAML (a mapping), with the C loader where PyYAML has it."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"package data must be a mapping, not {type(data).__name__}")
    return data
