"""Similar lessons kept up to date after an edit, for the preview.

A build compares every lesson with every other (`similar.SimilarityIndex.neighbours`). A
preview does that once, then after each save scores only the lessons that changed against
the others, with the word weights of that first pass: a word's weight hardly moves when one
lesson of thousands changes, and a build from scratch computes them afresh.
"""

from __future__ import annotations

from collections.abc import Mapping

from lessons_kb.checks.similar import (
    SHOWN,
    SHOWN_FROM,
    Neighbour,
    SimilarityIndex,
    _counts,
    _dot,
    words,
)

KEEP = SHOWN + 8
"""How many neighbours each lesson keeps, as `similar.lesson_neighbours` does."""


def _order(neighbour: Neighbour) -> tuple[float, str]:
    return -neighbour.score, neighbour.id


class Neighbourhood:
    """Every lesson's most similar lessons, and what it takes to update them."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.index = SimilarityIndex(texts)
        self.vectors = dict(zip(self.index.ids, self.index.vectors, strict=True))
        self.found = self.index.neighbours(keep=KEEP, floor=SHOWN_FROM)

    def update(self, changed: Mapping[str, str], removed: set[str]) -> None:
        """After the lessons `changed` (id → new text) were edited or added and `removed`
        were taken out. `found` is replaced, not changed in place (the last knowledge
        base keeps its neighbours)."""
        vectors = self.vectors
        for lesson in removed:
            vectors.pop(lesson, None)
        for lesson, text in changed.items():
            vectors[lesson] = self.index._vector(_counts(words(text)))
        gone = removed | set(changed)
        found: dict[str, list[Neighbour]] = {}
        again = set(changed)
        for other, row in self.found.items():
            if other in gone:
                continue
            kept = [n for n in row if n.id not in gone]
            if len(kept) < len(row) and len(row) >= KEEP:
                again.add(other)  # a full row lost one: its next best was not kept
                continue
            mine = vectors[other]
            for lesson in changed:
                score = min(1.0, _dot(mine, vectors[lesson]))
                if score >= SHOWN_FROM:
                    kept.append(Neighbour(lesson, score))
            found[other] = sorted(kept, key=_order)[:KEEP]
        for lesson in again:
            found[lesson] = self._row(lesson)
        self.found = found

    def _row(self, lesson: str) -> list[Neighbour]:
        mine = self.vectors[lesson]
        row = []
        for other, vector in self.vectors.items():
            if other != lesson and (score := min(1.0, _dot(mine, vector))) >= SHOWN_FROM:
                row.append(Neighbour(other, score))
        return sorted(row, key=_order)[:KEEP]
