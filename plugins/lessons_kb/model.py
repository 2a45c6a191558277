"""The typed in-memory knowledge base: entries, their references and backlinks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lessons_kb.kinds import KINDS, REFERENCE_FIELDS
from lessons_kb.source.body import Outline, outline
from lessons_kb.source.yamlnodes import MarkedData
from lessons_kb.vocab import Vocabulary, normalise_sdg


@dataclass(slots=True)
class Entry:
    """One mission, finding or lesson: its front matter, body and where they came from."""

    id: str
    kind: str
    source: str
    """Absolute path of the Markdown file."""
    rel_path: str
    """Path shown to people (relative to the project, `/`-separated)."""
    data: dict[str, Any]
    body: str
    body_line: int
    """The line of the file on which the body starts."""
    marks: MarkedData
    mission_id: str | None = None
    """For a finding, the mission whose folder holds it."""
    _outline: Outline | None = None
    # Read once: pages, feeds and checks ask each entry for its lists many times over.
    # An entry's data is not changed once it is loaded.
    _lists: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _sdgs: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    _groups: dict[str, tuple[dict[str, Any], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def outline(self) -> Outline:
        """The body's headings and `[[id]]` links (read once)."""
        if self._outline is None:
            self._outline = outline(self.body)
        return self._outline

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.id)

    @property
    def summary(self) -> str:
        return str(self.data.get("summary") or "")

    @property
    def date(self) -> str:
        return str(self.data.get("date") or "")

    @property
    def published(self) -> str:
        """When the entry entered the knowledge base (its `date` where none is given)."""
        return str(self.data.get("published") or self.date)

    @property
    def status(self) -> str:
        return str(self.data.get("status") or "")

    @property
    def language(self) -> str:
        return str(self.data.get("language") or "en")

    @property
    def is_public(self) -> bool:
        sensitivity: object = self.data.get("sensitivity", "public")
        return sensitivity != "internal"

    @property
    def url_path(self) -> str:
        """The page's path within the site, such as `lessons/some-id/`."""
        return KINDS[self.kind].url_path(self.id)

    @property
    def src_uri(self) -> str:
        """The page's source path as the site generator sees it."""
        return KINDS[self.kind].src_uri(self.id)

    def strings(self, name: str) -> list[str]:
        """A list field as strings (empty when absent or malformed)."""
        found = self._lists.get(name)
        if found is None:
            value = self.data.get(name)
            if isinstance(value, list):
                found = tuple(str(v) for v in value if isinstance(v, str | int | float))
            else:
                found = (value,) if isinstance(value, str) else ()
            self._lists[name] = found
        return list(found)

    @property
    def countries(self) -> list[str]:
        return self.strings("countries")

    @property
    def themes(self) -> list[str]:
        return self.strings("themes")

    @property
    def organisations(self) -> list[str]:
        return self.strings("organisations")

    @property
    def sdgs(self) -> list[str]:
        """SDG codes as the editor wrote them (`16.10` stays `16.10`), normalised."""
        if self._sdgs is None:
            value = self.data.get("sdgs")
            # A number (`16.10` read as 16.1) is taken as written; text is taken as it is.
            self._sdgs = (
                tuple(
                    normalise_sdg(
                        v if isinstance(v, str) else self.marks.raw_at(("sdgs", i)) or str(v)
                    )
                    for i, v in enumerate(value)
                )
                if isinstance(value, list)
                else ()
            )
        return list(self._sdgs)

    @property
    def recommendations(self) -> list[dict[str, Any]]:
        if "recommendations" not in self._groups:
            value = self.data.get("recommendations")
            self._groups["recommendations"] = (
                tuple(r for r in value if isinstance(r, dict)) if isinstance(value, list) else ()
            )
        return list(self._groups["recommendations"])

    def references(self) -> dict[str, list[str]]:
        """Each reference field of the entry with the ids it names."""
        refs = {name: self.strings(name) for name in REFERENCE_FIELDS[self.kind]}
        return {name: ids for name, ids in refs.items() if ids}


@dataclass(frozen=True, slots=True)
class Backlink:
    """`source` points at an entry through `field`."""

    source: str
    field: str


@dataclass(slots=True)
class KnowledgeBase:
    """Every loaded entry, the vocabularies, and the links between entries."""

    entries: dict[str, Entry] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    backlinks: dict[str, list[Backlink]] = field(default_factory=lambda: defaultdict(list))

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def of_kind(self, kind: str, *, public_only: bool = True) -> list[Entry]:
        """Entries of a kind, newest first, then by id."""
        found = [
            e for e in self.entries.values() if e.kind == kind and (e.is_public or not public_only)
        ]
        return newest_first(found)

    def public(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.is_public]

    def linking_to(self, entry_id: str, field_name: str | None = None) -> list[Entry]:
        """Public entries that point at `entry_id` (through `field_name`, if given)."""
        found: dict[str, Entry] = {}
        for link in self.backlinks.get(entry_id, ()):
            if field_name is None or link.field == field_name:
                source = self.entries.get(link.source)
                if source is not None and source.is_public:
                    found[source.id] = source
        return newest_first(found.values())

    def findings_of(self, mission_id: str) -> list[Entry]:
        return self.linking_to(mission_id, "mission")

    def lessons_from(self, finding_id: str) -> list[Entry]:
        return self.linking_to(finding_id, "findings")

    def lessons_of_mission(self, mission_id: str) -> list[Entry]:
        """Lessons drawn from any of a mission's findings, or applied in it."""
        found: dict[str, Entry] = {}
        for finding in self.findings_of(mission_id):
            for lesson in self.lessons_from(finding.id):
                found[lesson.id] = lesson
        for lesson in self.linking_to(mission_id, "applied_in"):
            found[lesson.id] = lesson
        return newest_first(found.values())

    def related(self, entry_id: str) -> list[Entry]:
        """Related entries both ways: those it names and those naming it."""
        entry = self.entries[entry_id]
        found = {
            e.id: e
            for rid in entry.strings("related")
            if (e := self.entries.get(rid)) is not None and e.is_public
        }
        for e in self.linking_to(entry_id, "related"):
            found[e.id] = e
        return newest_first(found.values())


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Entries sorted by date, newest first; entries of one date by id."""
    return sorted(sorted(entries, key=lambda e: e.id), key=lambda e: e.date, reverse=True)


def newest_published_first(entries: Iterable[Entry]) -> list[Entry]:
    """Entries by when they entered the knowledge base, newest first; then by date and id."""
    return sorted(newest_first(entries), key=lambda e: e.published, reverse=True)


def derive_backlinks(kb: KnowledgeBase) -> None:
    """Fill `kb.backlinks` from every entry's references (one pass over the base)."""
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    for entry in kb.entries.values():
        if entry.mission_id:
            backlinks[entry.mission_id].append(Backlink(entry.id, "mission"))
        for name, ids in entry.references().items():
            for target in ids:
                backlinks[target].append(Backlink(entry.id, name))
    kb.backlinks = backlinks
