"""The Frictionless Data Package descriptor (`datapackage.json`) of the open-data export."""

from __future__ import annotations

import re
from typing import Any

from lessons_kb.finish.csvout import CSV_DIALECT, table_schema
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.kinds import KIND_FOLDERS

CSV_DESCRIPTIONS = {
    "mission": "Every public mission, one a row, newest first.",
    "finding": "Every public finding, one a row, newest first.",
    "lesson": "Every public lesson, one a row, newest first.",
}


def package_name(site_name: str) -> str:
    """A Data Package name from the site's name: lower case, digits, `-`, `_`, `.`."""
    name = re.sub(r"[^a-z0-9._-]+", "-", site_name.lower()).strip("-")
    return name or "lessons-kb"


def descriptor(site: SiteInfo, updated: str | None, version: str) -> dict[str, Any]:
    """The descriptor: the package, its three CSV tables and the JSON of every entry."""
    resources: list[dict[str, Any]] = []
    for kind, folder in KIND_FOLDERS.items():
        resources.append(
            {
                "name": folder,
                "path": f"{folder}.csv",
                "title": folder.capitalize(),
                "description": CSV_DESCRIPTIONS[kind],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": dict(CSV_DIALECT),
                "schema": table_schema(kind),
            }
        )
    resources.append(
        {
            "name": "entries",
            "path": "entries.jsonl.gz",
            "title": "Entries",
            "description": "Every public entry with its metadata, page, references and "
            "backlinks, one per line after a header line, gzip-compressed; the header with "
            "the entries under `entries` follows schemas/entries.json.",
            "profile": "data-resource",
            # A file of nested records, not a table: validators check it as a file.
            "type": "file",
            "format": "jsonl",
            "mediatype": "application/jsonl",
            "compression": "gz",
            "encoding": "utf-8",
        }
    )
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": package_name(site.name),
        "title": site.name,
        "description": site.description or f"The open data of {site.name}.",
        "version": f"{version}.0.0",
        "keywords": ["lessons learned", "capacity development", "SDGs", "missions"],
        "resources": resources,
    }
    if site.license is not None:
        package["licenses"] = [site.license.data_package()]
    if site.url:
        package["homepage"] = site.url
        package["id"] = site.absolute("api/v1/datapackage.json")
    if updated:
        package["created"] = f"{updated}T00:00:00Z"
    return package
