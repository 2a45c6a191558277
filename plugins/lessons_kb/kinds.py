"""The one registry of the three kinds of entry: where their files live, what their pages
are called, which fields point at other entries, and their lifecycle.

Every other module asks this registry (and the schemas, for fields and statuses) instead
of writing these facts out again; adding a kind is a change here and in `schemas/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lessons_kb.i18n import N_
from lessons_kb.schema import status_values


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of entry."""

    name: str
    """`mission`, `finding` or `lesson`: the `kind` of an entry."""
    folder: str
    """Its folder in the site: `lessons` for `lessons/<id>/`."""
    title: str
    plural: str
    intro: str
    """The introduction of its collection page. Titles and intro are English message ids:
    pages show them through the interface of their language (`lessons_kb.i18n`)."""
    content_path: str
    """Where its files live under `content/` (`<id>` is the entry's id)."""
    references: dict[str, str | None] = field(default_factory=dict)
    """Fields that name other entries, with the kind they must name (None: the same kind)."""

    @property
    def statuses(self) -> list[str]:
        """Its statuses in lifecycle order, from its schema."""
        return status_values(self.name)

    @property
    def collection_uri(self) -> str:
        """The source path of its collection page."""
        return f"{self.folder}/index.md"

    def src_uri(self, entry_id: str) -> str:
        """The source path of an entry's page as the engines see it."""
        return f"{self.folder}/{entry_id}.md"

    def url_path(self, entry_id: str) -> str:
        """An entry's page within the site (directory URLs)."""
        return f"{self.folder}/{entry_id}/"


MISSION = Kind(
    "mission",
    "missions",
    N_("Mission"),
    N_("Missions"),
    N_("Every mission, newest first: scoping missions, workshops, advisory and training."),
    "missions/<id>/index.md",
    {"related": None},
)
FINDING = Kind(
    "finding",
    "findings",
    N_("Finding"),
    N_("Findings"),
    N_(
        "What missions found: gaps, challenges, opportunities, priorities, good practices "
        "and risks."
    ),
    "missions/<mission-id>/findings/<id>.md",
    {"related": None},
)
LESSON = Kind(
    "lesson",
    "lessons",
    N_("Lesson"),
    N_("Lessons"),
    N_("What was learned, drawn from the findings, with who owns each recommendation."),
    "lessons/<id>.md",
    {"findings": "finding", "related": None, "applied_in": "mission", "superseded_by": "lesson"},
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in (MISSION, FINDING, LESSON)}
"""The kinds in the order the site lists them."""

KIND_FOLDERS: dict[str, str] = {kind.name: kind.folder for kind in KINDS.values()}
REFERENCE_FIELDS: dict[str, dict[str, str | None]] = {
    kind.name: kind.references for kind in KINDS.values()
}
