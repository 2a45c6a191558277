"""Ids for imported entries: the id a row gives, or one made from its title, unique across
the base and the import; a row whose entry is already in the base, as it would be
written, is found again by its id, so that running the same import twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lessons_kb.source.load import RESERVED_IDS, SourceFile, check_id, slugify

from .convert import Candidate
from .report import column_label

MAX_ID = 60
_MAX_TRIES = 1000


def id_from_title(title: str) -> str:
    """A well-formed id from a title, cut at a hyphen to stay short."""
    slug = slugify(title)
    if len(slug) > MAX_ID:
        slug = slug[:MAX_ID].rsplit("-", 1)[0]
    return slug


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text("utf-8").replace("\r\n", "\n") == text
    except (OSError, UnicodeDecodeError):
        return False


class IdAssigner:
    """Gives each candidate an id and a place, never one already taken."""

    def __init__(
        self,
        existing: list[SourceFile],
        place: Callable[[Candidate, str], tuple[Path, str] | None],
        id_column: str | None,
    ) -> None:
        self.existing = {s.id.casefold(): s for s in existing}
        self.place = place
        self.id_column = id_column
        self.given: dict[str, Candidate] = {}

    def assign(self, candidate: Candidate) -> None:
        """Set `entry_id` and `rel_path` (or `already`), or add the problem that prevents it."""
        if candidate.given_id:
            self._given(candidate, candidate.given_id)
            return
        title = str(candidate.data.get("title") or "")
        base = id_from_title(title)
        for attempt in range(1, _MAX_TRIES):
            entry_id = base if attempt == 1 else f"{base}-{attempt}"
            if entry_id in RESERVED_IDS or entry_id.casefold() in self.given:
                continue
            if self._take(candidate, entry_id, quiet=True):
                return

    def _given(self, candidate: Candidate, entry_id: str) -> None:
        where = column_label(self.id_column) if self.id_column else "id"
        if check_id(entry_id, candidate.place.table):
            if entry_id in RESERVED_IDS:
                reason, better = "is reserved for a page the site generates", f"{entry_id}-1"
            else:
                reason = "is not an id (lowercase letters, digits and single hyphens)"
                better = slugify(entry_id)
            candidate.problem(where, f'"{entry_id}" {reason} — did you mean {better}?')
            return
        other = self.given.get(entry_id.casefold())
        if other is not None:
            candidate.problem(
                where,
                f'the id "{entry_id}" is also given to {other.place.unit} {other.place.number}',
            )
            return
        self._take(candidate, entry_id, quiet=False)

    def _take(self, candidate: Candidate, entry_id: str, *, quiet: bool) -> bool:
        """Take `entry_id` if it is free; True when the candidate is placed or settled."""
        place = self.place(candidate, entry_id)
        if place is None:
            return True  # the candidate cannot be placed: its problem is already said
        path, rel = place
        taken = self.existing.get(entry_id.casefold())
        if taken is not None:
            if Path(taken.path) == path and _same_text(path, candidate.text):
                candidate.entry_id, candidate.rel_path, candidate.already = entry_id, rel, rel
                self.given[entry_id.casefold()] = candidate
                return True
            if quiet:
                return False
            where = column_label(self.id_column) if self.id_column else None
            candidate.problem(
                where,
                f'the id "{entry_id}" is already used by {taken.rel_path}, which an import '
                "never overwrites — give the row another id, or leave the id out to have one "
                "made from the title",
            )
            return True
        if path.exists():  # a file not in the base's collections, such as a broken name
            if quiet:
                return False
            candidate.problem(None, f"{rel} already exists, and an import never overwrites")
            return True
        candidate.entry_id, candidate.rel_path = entry_id, rel
        self.given[entry_id.casefold()] = candidate
        return True
