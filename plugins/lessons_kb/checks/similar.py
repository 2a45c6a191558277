"""Lessons that say much the same thing: TF-IDF cosine similarity over their words.

A lesson's text is its title (counted twice: it is the lesson in a few words), its
summary and its `## Lesson` section. Words are lowercased, common English words dropped
and plurals and verb endings cut (`missions`, `mission`; `agreed`, `agree`), then weighed
by TF-IDF (a word most lessons use counts little) and compared by cosine: 1 is the same
words in the same proportions, 0 no word in common.

The whole base is compared in one pass over an inverted index, in the standard library:
each lesson meets only the lessons that share one of its words, and words that most
lessons share (which weigh little) are left out of that meeting, then added back in the
exact score of each pair met. `bench/similarity.py` measures the pass.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from lessons_kb.model import Entry, KnowledgeBase

#: From this cosine on, two lessons are probably the same lesson.
SAME_LESSON = 0.8
#: Below this cosine, a lesson is not shown as similar on a page.
SHOWN_FROM = 0.15
#: How many similar lessons a lesson page shows.
SHOWN = 3
#: From this cosine on, a new lesson's title is close enough to an existing lesson's
#: title and summary to ask the editor to read it first.
MAY_EXIST = 0.3
#: Words in more than this share of the lessons do not bring lessons together (their
#: weight still counts in each pair's score).
_COMMON = 0.05
_COMMON_FLOOR = 50
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    str.split(
        """
    about above after again against also among and any are because been before being
    below between both but can could did does doing down during each either else even
    ever every few for from further had has have having her here hers him his how into
    its itself just least less many more most much must not now off once only other our
    ours out over own same she should since some such than that the their theirs them
    then there these they this those though through too under until upon very was were
    what when where whether which while who whom whose why will with within without
    would yet you your yours one two three all per via
    """
    )
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s")


@cache
def _stem(word: str) -> str:
    if word in _STOP:
        return ""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word


def words(text: str) -> list[str]:
    """The words of `text` that carry its meaning, reduced to a common form."""
    return [stem for word in _WORD.findall(text.casefold()) if (stem := _stem(word))]


def lesson_text(entry: Entry) -> str:
    """What a lesson says: its title twice, its summary and its `## Lesson` section."""
    return "\n".join([entry.title, entry.title, entry.summary, section_text(entry, "Lesson")])


def section_text(entry: Entry, heading: str) -> str:
    """The text of the body's `## heading` section (empty when it has none)."""
    lines = entry.body.split("\n")
    found: list[str] = []
    inside = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("## ") or stripped.startswith("# "):
            inside = stripped.lstrip("#").strip().casefold() == heading.casefold()
            continue
        if inside:
            found.append(line)
    return "\n".join(found)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """Another lesson and how similar it is (cosine, 0 to 1)."""

    id: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class SimilarityIndex:
    """TF-IDF vectors of a set of texts, and an inverted index over their rarer words."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.ids = list(texts)
        counts = [_counts(words(texts[i])) for i in self.ids]
        frequency: dict[str, int] = defaultdict(int)
        for found in counts:
            for word in found:
                frequency[word] += 1
        total = max(len(self.ids), 1)
        self.idf = {word: math.log((1 + total) / (1 + df)) + 1 for word, df in frequency.items()}
        limit = max(_COMMON_FLOOR, int(_COMMON * total))
        self.common = frozenset(word for word, df in frequency.items() if df > limit)
        self.vectors = [self._vector(found) for found in counts]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.common_parts: list[dict[str, float]] = []
        self.common_norms: list[float] = []
        for number, vector in enumerate(self.vectors):
            part = {word: weight for word, weight in vector.items() if word in self.common}
            self.common_parts.append(part)
            self.common_norms.append(math.sqrt(sum(w * w for w in part.values())))
            for word, weight in vector.items():
                if word not in part:
                    self.postings[word].append((number, weight))

    def _vector(self, found: Mapping[str, int]) -> dict[str, float]:
        vector = {
            word: (1 + math.log(count)) * self.idf.get(word, 0.0) for word, count in found.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        return {word: weight / norm for word, weight in vector.items() if weight}

    def neighbours(self, keep: int, floor: float) -> dict[str, list[Neighbour]]:
        """For every text, the `keep` most similar others scoring at least `floor`, best
        first (one pass over the index; each pair is met once)."""
        best: list[list[tuple[float, int]]] = [[] for _ in self.ids]
        norms, commons = self.common_norms, self.common_parts
        postings = {word: (list(docs), list(weights)) for word, (docs, weights) in self._lists()}
        for number, vector in enumerate(self.vectors):
            met: dict[int, float] = {}
            for word, weight in vector.items():
                found = postings.get(word)
                if found is None:
                    continue
                docs, weights = found
                start = bisect_right(docs, number)  # each pair once: only later texts
                for other, other_weight in zip(docs[start:], weights[start:], strict=True):
                    met[other] = met.get(other, 0.0) + weight * other_weight
            own, mine = norms[number], commons[number]
            for other, rare in met.items():
                if rare + own * norms[other] < floor:
                    continue  # even its common words could not lift it to the floor
                theirs = commons[other]
                shared = mine.keys() & theirs.keys()
                score = min(1.0, rare + sum(mine[w] * theirs[w] for w in shared))
                if score >= floor:
                    _keep_best(best[number], (score, other), keep)
                    _keep_best(best[other], (score, number), keep)
        ids = self.ids
        return {
            ids[number]: [
                Neighbour(ids[-negative], score)
                for score, negative in sorted(found, key=lambda p: (-p[0], ids[-p[1]]))
            ]
            for number, found in enumerate(best)
        }

    def _lists(self) -> Iterator[tuple[str, tuple[list[int], list[float]]]]:
        """Each rarer word with the texts holding it (in order) and its weight in each."""
        for word, entries in self.postings.items():
            yield word, ([doc for doc, _ in entries], [weight for _, weight in entries])

    def query(self, text: str, keep: int, floor: float) -> list[Neighbour]:
        """The texts most similar to `text` (which need not be in the index)."""
        vector = self._vector(_counts(words(text)))
        scored = [(min(1.0, _dot(vector, v)), number) for number, v in enumerate(self.vectors)]
        scored.sort(key=lambda p: (-p[0], self.ids[p[1]]))
        return [Neighbour(self.ids[o], s) for s, o in scored[:keep] if s >= floor]


def _keep_best(found: list[tuple[float, int]], item: tuple[float, int], keep: int) -> None:
    """Keep the `keep` best items of a heap (ties go to the text met first)."""
    if len(found) < keep:
        heapq.heappush(found, (item[0], -item[1]))
    elif item[0] > found[0][0]:
        heapq.heapreplace(found, (item[0], -item[1]))


def _counts(found: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for word in found:
        counts[word] += 1
    return counts


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(word, 0.0) for word, weight in a.items())


@lru_cache(maxsize=65536)
def _word_counts(text: str) -> dict[str, int]:
    """The counts of `text`'s words (kept: a preview compares the same texts on every save;
    read only)."""
    return _counts(words(text))


@lru_cache(maxsize=65536)
def text_similarity(a: str, b: str) -> float:
    """The cosine of two texts' word counts (no weighting by a base): 0 to 1 (kept: a
    preview compares each lesson with its findings on every save)."""
    first, second = _word_counts(a), _word_counts(b)
    dot = sum(count * second.get(word, 0) for word, count in first.items())
    norms = math.sqrt(sum(c * c for c in first.values())) * math.sqrt(
        sum(c * c for c in second.values())
    )
    return dot / norms if norms else 0.0


def may_already_exist(title: str, lessons: Iterable[Entry], keep: int = 3) -> list[Neighbour]:
    """The lessons whose title and summary are closest to a new lesson's `title`."""
    index = SimilarityIndex({e.id: f"{e.title}\n{e.summary}" for e in lessons})
    return index.query(title, keep, MAY_EXIST)


# --- The knowledge base's lessons -------------------------------------------------------

_computed: list[tuple[KnowledgeBase, dict[str, list[Neighbour]]]] = []
_REMEMBERED = 2
"""Knowledge bases whose neighbours are kept: a preview compares the last two."""


def lesson_neighbours(kb: KnowledgeBase) -> dict[str, list[Neighbour]]:
    """Every lesson's most similar lessons (computed once per knowledge base)."""
    for known, found in _computed:
        if known is kb:
            return found
    lessons = {e.id: lesson_text(e) for e in kb.entries.values() if e.kind == "lesson"}
    found = SimilarityIndex(lessons).neighbours(keep=SHOWN + 8, floor=SHOWN_FROM)
    _computed[:] = [(kb, found), *_computed[: _REMEMBERED - 1]]
    return found


def remember_neighbours(kb: KnowledgeBase, found: dict[str, list[Neighbour]]) -> None:
    """Take `found` as the lessons' neighbours in `kb` (a preview updates them after an
    edit instead of comparing the whole base again: `checks.neighbours`)."""
    _computed[:] = [(kb, found), *[pair for pair in _computed if pair[0] is not kb]]
    del _computed[_REMEMBERED:]


def probably_the_same(kb: KnowledgeBase) -> list[tuple[Entry, Neighbour]]:
    """Pairs of lessons that probably say the same: the newer of each pair (by date,
    then id) with the older one."""
    pairs = []
    for lesson_id, found in lesson_neighbours(kb).items():
        lesson = kb.entries[lesson_id]
        for neighbour in found:
            other = kb.entries[neighbour.id]
            if neighbour.score >= SAME_LESSON and (lesson.date, lesson.id) > (other.date, other.id):
                pairs.append((lesson, neighbour))
    return pairs


def similar_lessons(kb: KnowledgeBase, entry: Entry, shown: int = SHOWN) -> list[Entry]:
    """A few public lessons similar to `entry` that it is not already linked with."""
    if entry.kind != "lesson":
        return []
    linked = {entry.id, *entry.strings("related"), *entry.strings("superseded_by")}
    linked.update(e.id for e in kb.linking_to(entry.id, "related"))
    linked.update(e.id for e in kb.linking_to(entry.id, "superseded_by"))
    found = []
    for neighbour in lesson_neighbours(kb).get(entry.id, []):
        other = kb.entries.get(neighbour.id)
        if other is not None and other.is_public and other.id not in linked:
            found.append(other)
    return found[:shown]
