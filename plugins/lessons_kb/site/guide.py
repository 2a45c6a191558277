"""The contributor guide's field reference, generated from the schemas at build time.

Every field of every kind, with its type, whether it is required (always, or from which
status), its allowed values and what it holds; the full country, region, SDG, theme,
organisation and project lists folded in `<details>`; and an example entry of each kind
that passes validation. Built from the same merged schemas and vocabularies the
validator uses, it cannot drift from what the build enforces.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from lessons_kb.checks.quality import RULES
from lessons_kb.kinds import KIND_FOLDERS, REFERENCE_FIELDS
from lessons_kb.schema import (
    KINDS,
    body_sections,
    conditional_requirements,
    schema_for,
    status_values,
)
from lessons_kb.site.guide_examples import examples_section
from lessons_kb.site.render import markdown_text
from lessons_kb.vocab import (
    Vocabulary,
    country_name,
    regions,
    sdg_goals,
    sdg_short,
    sdg_targets,
    sdg_title,
)

if TYPE_CHECKING:
    from lessons_kb.model import KnowledgeBase

from lessons_kb.site.generated import GeneratedPage

GUIDE_URI = "reference/fields.md"
GUIDE_TITLE = "Field reference"
GUIDE_DESCRIPTION = (
    "Every field of a mission, finding and lesson: its type, whether it is required, "
    "its allowed values, and an example entry of each kind."
)
#: Readers searching for a country or a topic want entries first, not this reference.
SEARCH_BOOST = 0.2
KIND_TITLES = {"mission": "Mission", "finding": "Finding", "lesson": "Lesson"}
KIND_FILES = {
    "mission": "content/missions/<mission-id>/index.md",
    "finding": "content/missions/<mission-id>/findings/<finding-id>.md",
    "lesson": "content/lessons/<lesson-id>.md",
}
_ALLOWED = {
    "related": "ids of entries of the same kind",
    "countries": "ISO 3166-1 alpha-3 codes: [the list](#countries)",
    "applies_to": "country codes, or [regions](#regions)",
    "sdgs": '[goal or target codes](#sdgs), in quotes: `"16"`, `"16.6"`',
    "themes": "ids from [themes](#themes)",
    "organisations": "ids from [organisations](#organisations)",
    "organisers": "ids from [organisations](#organisations)",
    "owner": "an id from [organisations](#organisations)",
    "project": "an id from [projects](#projects)",
    "language": "a BCP 47 tag: `en`, `fr`, `es`, `pt`…",
    "link": "a web address (`https://…`) or a path in the site (`/…`, `./…`)",
}
_CODE_LISTS = {
    "countries": "list of codes",
    "applies_to": "list of codes",
    "themes": "list of ids",
    "organisations": "list of ids",
    "organisers": "list of ids",
}
_REF_TYPES = {
    "date": "date (YYYY-MM-DD)",
    "id": "entry id",
    "ids": "list of entry ids",
    "texts": "list of texts",
    "sdg": "SDG code",
}


def guide_pages(kb: KnowledgeBase, today: dt.date | None = None) -> list[GeneratedPage]:
    """The field reference page."""

    markdown = guide_markdown(kb.vocabulary, today or dt.date.today())
    return [GeneratedPage(GUIDE_URI, GUIDE_TITLE, markdown, in_nav=True)]


# --- Describing one field ------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _resolved(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    ref = prop.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return prop, None
    name = ref.removeprefix("#/$defs/")
    base, _ = _resolved(defs[name], defs)
    return {**base, **{k: v for k, v in prop.items() if k != "$ref"}}, name


def field_type(prop: dict[str, Any], defs: dict[str, Any], name: str = "") -> str:
    """The type of a field in words: `text (3–200 characters)`, `list of entry ids`."""
    prop, ref = _resolved(prop, defs)
    if name in _CODE_LISTS:
        return _CODE_LISTS[name]
    if ref in _REF_TYPES:
        return _REF_TYPES[ref]
    if "enum" in prop:
        return "one value"
    kind = prop.get("type")
    if kind == "array":
        items, item_ref = _resolved(prop.get("items", {}), defs)
        if item_ref == "sdg":
            return "list of SDG codes"
        if "enum" in items:
            return "list of values"
        if items.get("type") == "object":
            return "list of items (fields below)"
        return "list of texts"
    if kind == "string":
        low, high = prop.get("minLength"), prop.get("maxLength")
        if low and high:
            return f"text ({low}–{high} characters)"
        return f"text (at least {low} characters)" if low and low > 1 else "text"
    return "value"


def allowed_values(name: str, prop: dict[str, Any], defs: dict[str, Any], kind: str) -> str:
    """What a field accepts, in words and links."""
    prop, _ = _resolved(prop, defs)
    items, _ = _resolved(prop.get("items", {}), defs)
    parts = []
    targets = REFERENCE_FIELDS.get(kind, {})
    if name in _ALLOWED:
        parts.append(_ALLOWED[name])
    elif name in targets:
        target = targets[name] or kind
        many = prop.get("type") == "array"
        parts.append(f"ids of {target}s" if many else f"the id of a {target}")
    elif "enum" in prop or "enum" in items:
        parts.append(", ".join(f"`{v}`" for v in prop.get("enum") or items["enum"]))
    if "default" in prop:
        parts.append(f"default `{prop['default']}`")
    return "; ".join(parts)


def _requirement_notes(kind: str) -> dict[str, str]:
    """Extra conditions (`at least one`) that status rules put on fields."""
    notes: dict[str, list[str]] = {}
    for rule in schema_for(kind).get("allOf", []):
        for name, extra in rule["then"].get("properties", {}).items():
            if extra.get("minItems"):
                notes.setdefault(name, []).append("at least one")
            for needed in extra.get("contains", {}).get("required", []):
                notes.setdefault(name, []).append(f"one with `{needed}`")
    return {name: ", ".join(dict.fromkeys(found)) for name, found in notes.items()}


def requirement(name: str, kind: str) -> str:
    """`always`, `from status identified, validated…` or `no`."""
    schema = schema_for(kind)
    if name in schema["required"]:
        return "always"
    statuses = conditional_requirements(kind).get(name)
    if not statuses:
        return "no"
    note = _requirement_notes(kind).get(name)
    text = "at status " + ", ".join(f"`{s}`" for s in statuses)
    return f"{text} ({note})" if note else text


# --- Tables ---------------------------------------------------------------------------


def _rows(kind: str, names: list[str]) -> list[str]:
    schema = schema_for(kind)
    defs = schema["$defs"]
    rows = []
    for name in names:
        prop = schema["properties"][name]
        rows.append(_row(f"`{name}`", prop, defs, kind, requirement(name, kind), name))
        resolved, _ = _resolved(prop, defs)
        items, _ = _resolved(resolved.get("items", {}), defs)
        if items.get("type") == "object":
            for sub, subprop in items["properties"].items():
                needed = "in each item" if sub in items.get("required", []) else "no"
                rows.append(_row(f"`{name}[].{sub}`", subprop, defs, kind, needed, sub))
    return rows


def _row(
    label: str, prop: dict[str, Any], defs: dict[str, Any], kind: str, needed: str, name: str
) -> str:
    resolved, _ = _resolved(prop, defs)
    cells = [
        label,
        field_type(prop, defs, name),
        needed,
        allowed_values(name, prop, defs, kind),
        _cell(str(resolved.get("description", ""))),
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


_HEADER = [
    "| Field | Type | Required | Allowed values | What it holds |",
    "| --- | --- | --- | --- | --- |",
]


def common_fields() -> list[str]:
    """The fields every kind has (in schema order), except `status`."""
    first, *others = (schema_for(kind)["properties"] for kind in KINDS)
    return [n for n in first if n != "status" and all(n in o for o in others)]


def kind_section(kind: str) -> str:
    """A kind's description, statuses, sections and own fields."""
    schema = schema_for(kind)
    own = [n for n in schema["properties"] if n == "status" or n not in common_fields()]
    statuses = " → ".join(f"`{s}`" for s in status_values(kind))
    sections = ", ".join(f"`## {s}`" for s in body_sections(kind))
    lines = [
        f"## {KIND_TITLES[kind]}",
        "",
        markdown_text(str(schema.get("description", ""))),
        "",
        f"- **File:** `{KIND_FILES[kind]}`. Its id is the "
        + ("folder name" if kind == "mission" else "file name without `.md`")
        + ": lowercase letters, digits and single hyphens, unique across the knowledge base.",
        f"- **Statuses:** {statuses}. A new {kind} starts as `{status_values(kind)[0]}`.",
        f"- **Body sections** (required, as `## ` headings): {sections}.",
        f"- **Its page:** `{KIND_FOLDERS[kind]}/<id>/`.",
        "",
        "The fields every entry has ([above](#fields-every-entry-has)), and these:",
        "",
        *_HEADER,
        *_rows(kind, own),
        "",
    ]
    table = _status_table(kind)
    if table:
        lines += [f"What each status of a {kind} requires, besides the fields always required:"]
        lines += ["", *table, ""]
    return "\n".join(lines)


def _status_table(kind: str) -> list[str]:
    conditional = conditional_requirements(kind)
    if not conditional:
        return []
    rows = ["| Status | Also required |", "| --- | --- |"]
    for status in status_values(kind):
        needed = [f"`{name}`" for name, statuses in conditional.items() if status in statuses]
        rows.append(f"| `{status}` | {', '.join(needed) or 'nothing more'} |")
    return rows


# --- Quality hints ------------------------------------------------------------------------


def quality_section() -> str:
    """The quality rules, what each asks, where it comes from, and how to switch one off."""
    rows = [
        f"| `{rule.name}` | {_cell(rule.asks)} | {_cell(rule.source)} |"
        for rule in RULES.values()
    ]
    return "\n".join(
        [
            "## Quality hints",
            "",
            "Besides what is required, `lessons-kb check` and the build give hints that make a "
            "lesson a good lesson, after the rules of lessons-learned practice. Each hint is a "
            "warning, never an error: the site still builds, but a strict build (the published "
            "site's) stops until the entry meets the rule. Each message names its rule.",
            "",
            "| Rule | What it asks | After |",
            "| --- | --- | --- |",
            *rows,
            "",
            "A site that does not want a rule switches it off in `mkdocs.yml`, under the "
            "`lessons-kb` plugin:",
            "",
            "```yaml",
            "plugins:",
            "  - lessons-kb:",
            "      quality:",
            "        lesson-length: false",
            "```",
            "",
            "`quality: false` switches every rule off. Two lessons that are alike but both "
            "needed stop being named as the same once each lists the other in `related`.",
            "",
        ]
    )


# --- Controlled vocabularies ------------------------------------------------------------


def _details(summary: str, rows: list[tuple[str, str]], headers: tuple[str, str]) -> str:
    cells = "".join(
        f"<tr><td><code>{html.escape(code)}</code></td><td>{html.escape(text)}</td></tr>"
        for code, text in rows
    )
    return (
        f"<details data-search-exclude><summary>{html.escape(summary)}</summary>"
        f"<table><thead><tr><th>{headers[0]}</th><th>{headers[1]}</th></tr></thead>"
        f"<tbody>{cells}</tbody></table></details>\n"
    )


def vocabularies_section(vocabulary: Vocabulary) -> str:
    import pycountry

    countries = sorted((c.alpha_3, country_name(c.alpha_3)) for c in pycountry.countries)
    region_rows = [
        (key, f"{term.title}: {', '.join(term.members)}") for key, term in regions().items()
    ]
    goal_blocks = []
    for goal in sdg_goals():
        rows = [(goal, sdg_title(goal))] + [(t, sdg_title(t)) for t in sdg_targets(goal)]
        goal_blocks.append(_details(f"Goal {goal}: {sdg_short(goal)}", rows, ("Code", "Title")))
    parts = [
        "## Allowed values",
        "",
        "### Countries",
        "",
        "Countries are written as ISO 3166-1 alpha-3 codes and shown with their names.",
        "",
        _details(f"All {len(countries)} country codes", countries, ("Code", "Country")),
        "### Regions",
        "",
        "`applies_to` accepts a region as well as a country; a country's page lists the "
        "lessons of every region it belongs to.",
        "",
        _details(f"All {len(region_rows)} regions", region_rows, ("Id", "Region and members")),
        "### SDGs",
        "",
        'A goal (`"16"`) or a target (`"16.6"`, `"17.a"`), in quotes, from the official list.',
        "",
        *goal_blocks,
    ]
    for name, heading in (
        ("themes", "Themes"),
        ("organisations", "Organisations"),
        ("projects", "Projects"),
    ):
        terms = vocabulary.taxonomy(name)
        rows = [(t.id, t.title) for t in terms.values()]
        parts += [
            f"### {heading}",
            "",
            f"Edited in `content/taxonomies/{name}.yml`: add a term there before using it.",
            "",
            _details(f"All {len(rows)} {name}", rows, ("Id", "Title")) if rows else "_None yet._\n",
        ]
    return "\n".join(parts)


# --- The page -------------------------------------------------------------------------------


def guide_markdown(vocabulary: Vocabulary, today: dt.date) -> str:
    """The whole field reference as Markdown."""
    head = [
        "---",
        f'title: "{GUIDE_TITLE}"',
        f'description: "{GUIDE_DESCRIPTION}"',
        "search:",
        f"  boost: {SEARCH_BOOST}",
        "---",
        "",
        f"# {GUIDE_TITLE}",
        "",
        "Every field a mission, finding or lesson can have. This page is generated from the "
        "schemas the build checks entries against, so it always says what the check "
        "enforces. A field not listed here is an error.",
        "",
        "- Start an entry: `lessons-kb new mission`, `lessons-kb new finding --mission <id>` "
        "or `lessons-kb new lesson --findings <id>`.",
        "- Check your work: `lessons-kb check` lists every problem with its file, line and "
        "a likely fix.",
        "- Jump to: " + " · ".join(f"[{KIND_TITLES[k]}](#{k})" for k in KINDS) + " · "
        "[Quality hints](#quality-hints) · [Examples](#examples) · "
        "[Allowed values](#allowed-values)",
        "",
        "## Fields every entry has",
        "",
        *_HEADER,
        *_rows(KINDS[0], common_fields()),
        "",
        "Every kind also has a `status`, with its own values (below).",
        "",
    ]
    body = [kind_section(kind) for kind in KINDS]
    return "\n".join(
        [
            *head,
            *body,
            quality_section(),
            examples_section(vocabulary, today),
            vocabularies_section(vocabulary),
        ]
    )
