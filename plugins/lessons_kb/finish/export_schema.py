"""The JSON Schemas published with the open-data export.

`<kind>.json` are the entry schemas the build enforces (`lessons_kb.schema`), given the
address they are published at; `entry.json` describes one exported entry (its `metadata`
follows the schema of its kind) and `entries.json` the whole export.
"""

from __future__ import annotations

from typing import Any

from lessons_kb.schema import KINDS, SCHEMA_BASE_URI, SCHEMA_DIALECT, schema_for

ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def schema_base(site_url: str) -> str:
    """Where the schemas are published: `<site_url>api/v1/schemas/`, or the package's base."""
    return f"{site_url}api/v1/schemas/" if site_url else SCHEMA_BASE_URI


def _link() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Another public entry, and the field through which the two are linked.",
        "required": ["field", "id", "kind", "title", "url"],
        "additionalProperties": False,
        "properties": {
            "field": {
                "type": "string",
                "description": "The linking field: `mission`, `findings`, `related`, "
                "`applied_in` or `superseded_by`.",
            },
            "id": {"type": "string", "pattern": ID_PATTERN},
            "kind": {"enum": list(KINDS)},
            "title": {"type": "string"},
            "url": {"type": "string"},
        },
    }


def _term() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A taxonomy term: its code or id, its label, and its page on the site.",
        "required": ["id", "label", "url"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "url": {"type": ["string", "null"]},
        },
    }


def entry_schema(base: str) -> dict[str, Any]:
    """The schema of one exported entry (`entries/<id>.json`, and each of `entries.json`)."""
    text = {"type": "string"}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{base}entry.json",
        "title": "Exported entry",
        "description": "One public mission, finding or lesson, with its page, metadata, "
        "taxonomy terms, references and backlinks.",
        "type": "object",
        "required": [
            "id",
            "kind",
            "url",
            "data_url",
            "title",
            "summary",
            "date",
            "status",
            "language",
            "metadata",
            "terms",
            "references",
            "backlinks",
            "body",
        ],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string", "description": "The address of this schema."},
            "id": {"type": "string", "pattern": ID_PATTERN},
            "kind": {"enum": list(KINDS)},
            "url": {**text, "description": "The entry's page."},
            "data_url": {**text, "description": "This entry's own JSON file."},
            "title": text,
            "summary": text,
            "date": {"type": "string", "pattern": DATE_PATTERN},
            "status": text,
            "language": text,
            "metadata": {
                "type": "object",
                "description": "The front matter; follows the schema of the entry's kind.",
            },
            "terms": {
                "type": "object",
                "propertyNames": {
                    "enum": ["countries", "sdgs", "themes", "organisations", "applies_to"]
                },
                "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/term"}},
            },
            "references": {"type": "array", "items": {"$ref": "#/$defs/link"}},
            "backlinks": {"type": "array", "items": {"$ref": "#/$defs/link"}},
            "body": {**text, "description": "The Markdown body, links made absolute."},
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"metadata": {"$ref": f"{kind}.json"}}},
            }
            for kind in KINDS
        ],
        "$defs": {"link": _link(), "term": _term()},
    }


def entries_schema(base: str) -> dict[str, Any]:
    """The schema of `entries.json`, the whole export in one document."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{base}entries.json",
        "title": "Exported entries",
        "description": "Every public entry of the knowledge base.",
        "type": "object",
        "required": ["version", "site", "updated", "count", "entries"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "version": {"const": "1", "description": "The export format's version."},
            "site": {
                "type": "object",
                "required": ["name", "url"],
                "additionalProperties": False,
                "properties": {"name": {"type": "string"}, "url": {"type": ["string", "null"]}},
            },
            "license": {
                "type": "object",
                "description": "The licence under which the entries may be reused.",
                "required": ["id", "title"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "Its SPDX identifier."},
                    "title": {"type": "string"},
                    "url": {"type": "string", "description": "Where to read it."},
                },
            },
            "updated": {
                "type": ["string", "null"],
                "pattern": DATE_PATTERN,
                "description": "The newest entry's date.",
            },
            "count": {"type": "integer", "minimum": 0},
            "entries": {"type": "array", "items": {"$ref": "entry.json"}},
        },
    }


def published_schemas(site_url: str) -> dict[str, dict[str, Any]]:
    """Every schema file of the export, by file name, each with its published `$id`."""
    base = schema_base(site_url)
    found: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        schema = schema_for(kind)
        schema["$id"] = f"{base}{kind}.json"
        found[f"{kind}.json"] = schema
    found["entry.json"] = entry_schema(base)
    found["entries.json"] = entries_schema(base)
    return found
