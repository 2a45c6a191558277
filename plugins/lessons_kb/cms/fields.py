"""One field of an entry's schema as a field of the editing app's form: its widget, label,
hint, allowed values and whether it is required.

Values checked against a vocabulary become choices (countries as names with their codes,
SDG goals and targets with their titles, themes, organisations and projects from the
taxonomies); fields that name other entries become relations to those entries; lists of
objects (recommendations, evidence, documents) become lists of small forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from lessons_kb.schema import schema_for
from lessons_kb.vocab import Vocabulary, country_name, regions, sdg_goals, sdg_targets, sdg_title

DATE_FORMAT = "YYYY-MM-DD"
_TAXONOMY_FIELDS = {
    "themes": "themes",
    "organisations": "organisations",
    "organisers": "organisations",
    "owner": "organisations",
    "project": "projects",
}
_LABELS = {
    "sdgs": "SDGs",
    "applies_to": "Applies to (countries or regions)",
    "applied_in": "Applied in (missions)",
    "published": "Published on",
    "due": "Due date",
    "text": "Action",
}
_SINGULAR = {
    "recommendations": "recommendation",
    "documents": "document",
    "evidence": "piece of evidence",
    "authors": "author",
    "audience": "reader",
    "stakeholders": "stakeholder",
    "participants": "group of participants",
    "objectives": "objective",
}
_LONG_TEXTS = {"summary", "text", "evidence_of_effectiveness"}
_SHORT = 90


@dataclass(frozen=True, slots=True)
class Relations:
    """The collections a reference field picks its entries from, by the kind named."""

    by_kind: dict[str, str]


def label(name: str) -> str:
    """A field's label, as editors read it."""
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return prop
    base = _resolve(defs[ref.removeprefix("#/$defs/")], defs)
    return {**base, **{k: v for k, v in prop.items() if k != "$ref"}}


def _short(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1].rstrip() + "…"


# Cached: every form that offers them shares one list, which `config.yml` then writes
# once (a YAML anchor) and names again (an alias).
@cache
def _countries() -> list[dict[str, str]]:
    import pycountry

    codes = sorted((c.alpha_3 for c in pycountry.countries), key=country_name)
    return [{"label": f"{country_name(code)} ({code})", "value": code} for code in codes]


def choices(name: str, vocabulary: Vocabulary) -> list[dict[str, str]] | None:
    """The allowed values of a field checked against a vocabulary, as label and value."""
    if name == "countries":
        return _countries()
    if name == "applies_to":
        return _places()
    if name == "sdgs":
        return _sdgs()
    taxonomy = _TAXONOMY_FIELDS.get(name)
    if taxonomy:
        terms = vocabulary.taxonomy(taxonomy)
        return [{"label": f"{t.title} ({t.id})", "value": t.id} for t in terms.values()]
    return None


@cache
def _places() -> list[dict[str, str]]:
    places = [{"label": f"{t.title} (region)", "value": k} for k, t in regions().items()]
    return places + [dict(option) for option in _countries()]


@cache
def _sdgs() -> list[dict[str, str]]:
    codes = [code for goal in sdg_goals() for code in (goal, *sdg_targets(goal))]
    return [{"label": _short(f"{code} {sdg_title(code)}"), "value": code} for code in codes]


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def status_hints(kind: str) -> dict[str, str]:
    """For each field that some statuses require, a sentence that says which and how."""
    hints: dict[str, list[str]] = {}
    for rule in schema_for(kind).get("allOf", []):
        status = rule["if"]["properties"]["status"]
        statuses = [f"`{s}`" for s in status.get("enum") or [status["const"]]]
        then = rule["then"]
        for name in then.get("required", []):
            constraint = then.get("properties", {}).get(name, {})
            how = ""
            if constraint.get("minItems"):
                how = ": at least one"
                owned = constraint.get("contains", {}).get("required", [])
                if owned:
                    how += f", and one of them with its {', '.join(owned)}"
            hints.setdefault(name, []).append(
                f"Required when the status is {_or_list(statuses)}{how}."
            )
    return {name: " ".join(texts) for name, texts in hints.items()}


def form_field(
    kind: str,
    name: str,
    prop: dict[str, Any],
    required: list[str],
    relations: Relations,
    vocabulary: Vocabulary,
    status_hint: str = "",
) -> dict[str, Any]:
    """The form's field for the schema property `name` of an entry of `kind`."""
    schema = schema_for(kind)
    defs = schema["$defs"]
    prop = _resolve(prop, defs)
    items = _resolve(prop.get("items", {}), defs)
    field: dict[str, Any] = {"name": name, "label": label(name)}
    hint = " ".join(str(prop.get("description") or "").split())
    if status_hint:
        hint = f"{hint} {status_hint}".strip()
    if hint:
        field["hint"] = hint
    field["required"] = name in required
    is_list = prop.get("type") == "array"
    reference = _reference(kind, name, relations)
    options = choices(name, vocabulary)
    if reference is not None:
        field.update(
            widget="relation",
            collection=reference,
            value_field="{{slug}}",
            search_fields=["title"],
            display_fields=["title"],
            multiple=is_list,
        )
    elif options is not None:
        field.update(widget="select", options=options, multiple=is_list)
    elif "enum" in prop or "enum" in items:
        values = list(prop.get("enum") or items["enum"])
        field.update(widget="select", options=values, multiple=is_list)
        if "default" in prop:
            field["default"] = prop["default"]
        elif name == "status" and field["required"]:
            field["default"] = values[0]
        if is_list and prop.get("minItems"):
            field["min"] = prop["minItems"]
    elif prop.get("format") == "date":
        field.update(widget="datetime", type="date", format=DATE_FORMAT)
        if name in ("date", "published"):
            field["default"] = "{{now}}"
    elif is_list and items.get("type") == "object":
        sub_required = items.get("required", [])
        field.update(
            widget="list",
            label_singular=_SINGULAR.get(name, name),
            summary="{{fields." + (sub_required or list(items["properties"]))[0] + "}}",
            fields=[
                form_field(kind, sub, subprop, sub_required, relations, vocabulary)
                for sub, subprop in items["properties"].items()
            ],
        )
    elif is_list:
        singular = _SINGULAR.get(name, name)
        field.update(
            widget="list",
            label_singular=singular,
            field={"name": "item", "label": singular.capitalize(), "widget": "string"},
        )
    else:
        field["widget"] = "text" if name in _LONG_TEXTS else "string"
        for key, option in (("minLength", "minlength"), ("maxLength", "maxlength")):
            if key in prop:
                field[option] = prop[key]
        if "pattern" in prop:
            field["pattern"] = [prop["pattern"], f"Write it as the hint says: {hint}"]
        if "default" in prop:
            field["default"] = prop["default"]
    return field


def _reference(kind: str, name: str, relations: Relations) -> str | None:
    from lessons_kb.kinds import KINDS

    references = KINDS[kind].references
    if name not in references:
        return None
    target = references[name] or kind
    return relations.by_kind[target]
