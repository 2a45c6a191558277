"""The JSON Schemas of the three kinds of entry, merged from the package's YAML files.

`common.yml` holds the fields every entry has; each kind's file adds its own fields,
required fields, status-conditional rules (`allOf` of `if`/`then`) and required body
sections (`x-body-sections`). The merged schema is the one source of truth: the
validator enforces it, the contributor guide is generated from it, the site publishes it.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from typing import Any

import yaml

KINDS: tuple[str, ...] = ("mission", "finding", "lesson")
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URI = "https://lessons-kb.example/schemas/v1/"


def _read(name: str) -> dict[str, Any]:
    text = resources.files("lessons_kb").joinpath(f"schemas/{name}").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"schemas/{name} must be a mapping, not {type(data).__name__}")
    return data


@cache
def _schema(kind: str) -> dict[str, Any]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    common = _read("common.yml")
    own = _read(f"{kind}.yml")
    properties = {**common["properties"], **own.get("properties", {})}
    # Keep `status` first after the common identity fields, for readers of the schema.
    merged: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE_URI}{kind}.json",
        "title": own.get("title", kind.title()),
        "description": own.get("description", ""),
        "type": "object",
        "properties": properties,
        "required": [*common.get("required", []), *own.get("required", [])],
        "additionalProperties": False,
        "$defs": {**common.get("$defs", {}), **own.get("$defs", {})},
        "x-body-sections": own.get("x-body-sections", []),
    }
    if own.get("allOf"):
        merged["allOf"] = own["allOf"]
    return merged


def schema_for(kind: str) -> dict[str, Any]:
    """The merged JSON Schema of `kind` (a fresh copy, safe to change)."""
    return copy.deepcopy(_schema(kind))


def field_names(kind: str) -> list[str]:
    """Every field an entry of `kind` may have, in schema order."""
    return list(_schema(kind)["properties"])


def body_sections(kind: str) -> list[str]:
    """The `## ` sections the body of an entry of `kind` must have."""
    return list(_schema(kind)["x-body-sections"])


def status_values(kind: str) -> list[str]:
    """The statuses an entry of `kind` can have, in lifecycle order."""
    return list(_schema(kind)["properties"]["status"]["enum"])


def conditional_requirements(kind: str) -> dict[str, list[str]]:
    """For each field required only from some statuses, those statuses."""
    found: dict[str, list[str]] = {}
    for rule in _schema(kind).get("allOf", []):
        status = rule["if"]["properties"]["status"]
        statuses = status.get("enum") or [status["const"]]
        for name in rule["then"].get("required", []):
            found.setdefault(name, [])
            found[name] += [s for s in statuses if s not in found[name]]
    return found
