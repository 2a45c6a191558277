"""The editing app's collections: one per kind of entry, in the files' real layout.

- missions: `content/missions/<id>/index.md`;
- findings: `content/missions/<mission-id>/findings/<id>.md`, created in one collection
  per published mission (its findings' folder), and read all together by a hidden
  collection that relation fields pick findings from;
- lessons: `content/lessons/<id>.md`.

Each collection's fields follow its schema, in schema order (the order a saved file's
front matter takes), and its body starts with the required sections, pre-filled as
`lessons-kb new` writes them.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from lessons_kb.cms.fields import Relations, form_field, status_hints
from lessons_kb.model import KnowledgeBase
from lessons_kb.schema import body_sections, schema_for
from lessons_kb.vocab import Vocabulary

ALL_FINDINGS = "findings"
"""The hidden collection of every finding, which relation fields pick findings from."""
RELATIONS = Relations({"mission": "missions", "finding": ALL_FINDINGS, "lesson": "lessons"})
BODY_BUTTONS = [
    "bold",
    "italic",
    "link",
    "heading-two",
    "heading-three",
    "bulleted-list",
    "numbered-list",
    "quote",
]


def body_template(kind: str) -> str:
    """The body an entry of `kind` starts with: its required sections, each with the
    `TODO:` prompt of `lessons-kb new`'s template (a `TODO:` left in fails the check)."""
    text = resources.files("lessons_kb.site").joinpath(f"templates/new_{kind}.md")
    parts = text.read_text("utf-8").split("---\n", 2)
    body = parts[2].strip() + "\n"
    missing = [s for s in body_sections(kind) if f"## {s}\n" not in body]
    if missing:
        raise ValueError(f"templates/new_{kind}.md has no `## {missing[0]}` section")
    return body


def fields_of(kind: str, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """The form of an entry of `kind`: every field of its schema, and its body."""
    schema = schema_for(kind)
    hints = status_hints(kind)
    fields = [
        form_field(
            kind, name, prop, schema["required"], RELATIONS, vocabulary, hints.get(name, "")
        )
        for name, prop in _ordered(schema["properties"]).items()
    ]
    sections = ", ".join(f"“{s}”" for s in body_sections(kind))
    # The text comes right after the summary: what the entry says before its details (and
    # a keyboard reaches it, which the app's last field, drawn only once scrolled to, is not).
    fields.insert(
        2,
        {
            "name": "body",
            "label": "Text",
            "widget": "markdown",
            "required": True,
            "hint": f"Keep the sections {sections} as headings, and write under each one; "
            "replace every `TODO:`. Link an entry by writing its id as `[[entry-id]]`.",
            "default": body_template(kind),
            "buttons": BODY_BUTTONS,
            "editor_components": [],
            "modes": ["raw", "rich_text"],
        },
    )
    return fields


def _ordered(properties: dict[str, Any]) -> dict[str, Any]:
    """The schema's fields with the identity fields first, then status and the kind's own,
    as `lessons-kb new` writes them."""
    first = [n for n in ("title", "summary", "date", "published", "status") if n in properties]
    return {name: properties[name] for name in (*first, *properties) if name in properties}


def _collection(name: str, label: str, singular: str, folder: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title", "date"],
        **more,
    }


def collections(kb: KnowledgeBase, vocabulary: Vocabulary, content: str) -> list[dict[str, Any]]:
    """Every collection of the editing app, for the content folder `content` (relative
    to the repository's root)."""
    missions = f"{content}/missions"
    finding_fields = fields_of("finding", vocabulary)
    found: list[dict[str, Any]] = [
        _collection(
            "missions",
            "Missions",
            "Mission",
            missions,
            path="{{slug}}/index",
            create=True,
            fields=fields_of("mission", vocabulary),
        ),
        # Any mission folder: this collection only reads (`{{title}}` only stands for a
        # folder name in the pattern that files are matched with).
        _collection(
            ALL_FINDINGS,
            "All findings",
            "Finding",
            missions,
            path="{{title}}/findings/{{slug}}",
            create=False,
            delete=False,
            hide=True,
            fields=finding_fields,
        ),
    ]
    for mission in sorted(kb.of_kind("mission"), key=lambda m: m.id):
        found.append(
            _collection(
                f"findings-{mission.id}",
                f"Findings: {mission.title}",
                "Finding",
                f"{missions}/{mission.id}/findings",
                create=True,
                description=f"The findings of the mission “{mission.title}” ({mission.id}).",
                fields=finding_fields,
            )
        )
    found.append(
        _collection(
            "lessons",
            "Lessons",
            "Lesson",
            f"{content}/lessons",
            create=True,
            fields=fields_of("lesson", vocabulary),
        )
    )
    return found
