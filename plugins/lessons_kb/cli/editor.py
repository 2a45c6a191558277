"""`lessons-kb schema` and `lessons-kb vscode`: the schemas, for editors and other tools.

`schema --out DIR` writes the merged JSON Schema of each kind (`mission.json`,
`finding.json`, `lesson.json`). `vscode --out DIR` writes `frontmatter.json`, the
configuration of the Front Matter CMS extension for VS Code: one content type per kind,
generated from the same schemas, with the allowed values (statuses, countries, SDGs,
themes, organisations, projects) as choices, so the editor's panel offers only values
the build accepts and flags missing required fields.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from lessons_kb.cli.config import Settings, load_settings
from lessons_kb.schema import KINDS, schema_for
from lessons_kb.source.load import load_taxonomies
from lessons_kb.vocab import (
    Vocabulary,
    country_name,
    regions,
    sdg_goals,
    sdg_targets,
    sdg_title,
)

FRONTMATTER_FILE = "frontmatter.json"
_DATE_FORMAT = "yyyy-MM-dd"
_TAXONOMY_FIELDS = {
    "themes": "themes",
    "organisations": "organisations",
    "organisers": "organisations",
    "owner": "organisations",
    "project": "projects",
}
_GROUP_NAMES = {
    "documents": "document",
    "evidence": "evidence",
    "recommendations": "recommendation",
}


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Declare `schema` and `vscode`."""
    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas of missions, findings and lessons",
        description="Write the JSON Schema (2020-12) of each kind of entry, as the build "
        "enforces it, to DIR/mission.json, DIR/finding.json and DIR/lesson.json.",
    )
    schema.add_argument("--out", required=True, metavar="DIR", help="the folder to write to")
    schema.set_defaults(run=run_schema)
    vscode = commands.add_parser(
        "vscode",
        parents=[common],
        help="write frontmatter.json for the Front Matter CMS extension of VS Code",
        description="Generate DIR/frontmatter.json from the schemas and the taxonomies: "
        "one Front Matter CMS content type per kind of entry. Run it again after changing "
        "content/taxonomies/.",
    )
    vscode.add_argument("--out", required=True, metavar="DIR", help="the folder to write to")
    vscode.set_defaults(run=run_vscode)


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")


def run_schema(args: argparse.Namespace) -> int:
    """Run `lessons-kb schema`."""
    out = Path(args.out)
    for kind in KINDS:
        path = out / f"{kind}.json"
        _write_json(path, schema_for(kind))
        print(f"Wrote {path}")
    return 0


# --- Front Matter CMS ------------------------------------------------------------------


def _text(description: str | None) -> str:
    return " ".join(str(description or "").split())


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return prop
    base = _resolve(defs[ref.removeprefix("#/$defs/")], defs)
    return {**base, **{k: v for k, v in prop.items() if k != "$ref"}}


def _choices(name: str, vocabulary: Vocabulary) -> list[dict[str, str]] | None:
    """The allowed values of a field checked against a vocabulary, as id and title."""
    if name == "countries":
        codes = sorted(_countries(), key=lambda c: country_name(c))
        return [{"id": c, "title": f"{country_name(c)} ({c})"} for c in codes]
    if name == "applies_to":
        places = [{"id": k, "title": f"{t.title} (region)"} for k, t in regions().items()]
        return places + (_choices("countries", vocabulary) or [])
    if name == "sdgs":
        return [{"id": c, "title": _short(f"{c} {sdg_title(c)}")} for c in _sdg_order()]
    taxonomy = _TAXONOMY_FIELDS.get(name)
    if taxonomy:
        terms = vocabulary.taxonomy(taxonomy)
        return [{"id": t.id, "title": t.title} for t in terms.values()]
    return None


def _countries() -> list[str]:
    import pycountry

    return [country.alpha_3 for country in pycountry.countries]


def _sdg_order() -> list[str]:
    return [code for goal in sdg_goals() for code in (goal, *sdg_targets(goal))]


def _field(
    name: str,
    prop: dict[str, Any],
    required: list[str],
    defs: dict[str, Any],
    vocabulary: Vocabulary,
    groups: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    prop = _resolve(prop, defs)
    field: dict[str, Any] = {"title": name.replace("_", " ").capitalize(), "name": name}
    description = _text(prop.get("description"))
    if description:
        field["description"] = description
    if name in required:
        field["required"] = True
    items = _resolve(prop.get("items", {}), defs)
    choices = _choices(name, vocabulary)
    if choices is not None:
        field.update(type="choice", choices=choices)
        if prop.get("type") == "array":
            field["multiple"] = True
    elif "enum" in prop or "enum" in items:
        field.update(type="choice", choices=list(prop.get("enum") or items["enum"]))
        if prop.get("type") == "array":
            field["multiple"] = True
    elif prop.get("format") == "date":
        field.update(type="datetime", dateFormat=_DATE_FORMAT)
    elif prop.get("type") == "array" and items.get("type") == "object":
        group = _GROUP_NAMES.get(name, name)
        groups[group] = {
            "id": group,
            "labelField": (items.get("required") or list(items["properties"]))[0],
            "fields": [
                _field(sub, subprop, items.get("required", []), defs, vocabulary, groups)
                for sub, subprop in items["properties"].items()
            ],
        }
        field.update(type="block", fieldGroup=[group])
    elif prop.get("type") == "array":
        field["type"] = "list"
    else:
        field["type"] = "string"
        if name != "summary":
            field["single"] = True
    if "default" in prop:
        field["default"] = prop["default"]
    return field


def content_type(
    kind: str, vocabulary: Vocabulary, groups: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The Front Matter CMS content type of `kind`."""
    schema = schema_for(kind)
    fields = [
        _field(name, prop, schema["required"], schema["$defs"], vocabulary, groups)
        for name, prop in schema["properties"].items()
    ]
    return {
        "name": kind,
        "pageBundle": kind == "mission",
        "previewPath": None,
        "fields": fields,
    }


def frontmatter_config(settings: Settings, vocabulary: Vocabulary) -> dict[str, Any]:
    """The whole `frontmatter.json`."""
    content = "[[workspace]]/" + settings.relative(settings.content_dir)
    groups: dict[str, dict[str, Any]] = {}
    types = [content_type(kind, vocabulary, groups) for kind in KINDS]
    return {
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.framework.id": "other",
        "frontMatter.content.pageFolders": [
            {
                "title": "Missions",
                "path": f"{content}/missions/*",
                "excludeSubdir": True,
                "contentTypes": ["mission"],
                "disableCreation": True,
            },
            {
                "title": "Findings",
                "path": f"{content}/missions/*/findings",
                "contentTypes": ["finding"],
                "disableCreation": True,
            },
            {
                "title": "Lessons",
                "path": f"{content}/lessons",
                "contentTypes": ["lesson"],
                "disableCreation": True,
            },
        ],
        "frontMatter.taxonomy.dateFormat": _DATE_FORMAT,
        "frontMatter.content.autoUpdateDate": False,
        "frontMatter.taxonomy.contentTypes": types,
        "frontMatter.taxonomy.fieldGroups": [groups[key] for key in sorted(groups)],
    }


def run_vscode(args: argparse.Namespace) -> int:
    """Run `lessons-kb vscode`."""
    settings = load_settings(args.config_file)
    vocabulary, _ = load_taxonomies(settings.content_dir, settings.root)
    path = Path(args.out) / FRONTMATTER_FILE
    _write_json(path, frontmatter_config(settings, vocabulary))
    print(f"Wrote {path}")
    return 0
