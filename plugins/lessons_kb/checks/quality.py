"""Quality hints: what makes a lesson a good lesson, in rules lessons-learned practice uses.

Each rule is a warning, never an error: the site builds, but a strict build (the
published site's) stops until the entry meets it, or until the rule is switched off under
the `lessons-kb` plugin in `mkdocs.yml` (`quality: {rule-name: false}`). Every message
names its rule and where the rule comes from; the field reference lists them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lessons_kb.checks.options import CheckOptions
from lessons_kb.checks.place import problem_at
from lessons_kb.checks.similar import (
    SAME_LESSON,
    Neighbour,
    probably_the_same,
    section_text,
    text_similarity,
)
from lessons_kb.checks.wording import (
    VAGUE_OWNERS,
    is_instruction,
    personal_data,
    sentences,
    vague_phrases,
    word_count,
)
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem, Severity
from lessons_kb.schema import conditional_requirements
from lessons_kb.source.yamlnodes import Path
from lessons_kb.vocab import Vocabulary

MAX_LESSON_WORDS = 35
MAX_BODY_WORDS = 750
"""About one and a half printed pages."""
RESTATED = 0.6
"""From this share of the same words on, a lesson restates its finding."""
DONE = frozenset({"completed", "no-longer-applicable"})
#: The statuses from which a lesson needs a recommendation with an owner (its schema).
OWNED_FROM = frozenset(conditional_requirements("lesson").get("recommendations", []))
CLOSED_LESSONS = frozenset({"archived", "superseded"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One quality rule: its name (as `mkdocs.yml` switches it), what it asks, its source."""

    name: str
    asks: str
    source: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "lesson-one-sentence",
            f"The lesson (its `summary`) is one sentence of at most {MAX_LESSON_WORDS} words.",
            "NATO JALLC",
        ),
        Rule(
            "lesson-instructional",
            "The lesson says what to do, not what was seen: it starts with what to do or "
            "says who should, and does not restate its finding's text.",
            "US Army CALL",
        ),
        Rule(
            "recommendation-owner",
            "Each recommendation names who acts: an `owner` from the organisations, "
            "not `all` or `TBD`.",
            "UNDP",
        ),
        Rule(
            "recommendation-action",
            "Each recommendation starts with what to do (`Ask…`, `Publish…`, `Train…`).",
            "UNDP",
        ),
        Rule(
            "vague-phrases",
            "The lesson and its recommendations avoid phrases that say neither what, nor who, "
            "nor by when (`ensure adequate`, `as appropriate`, `improve coordination`…).",
            "ALNAP",
        ),
        Rule(
            "lesson-length",
            f"A lesson's text stays within about one and a half printed pages "
            f"({MAX_BODY_WORDS} words).",
            "NASA LLIS",
        ),
        Rule(
            "personal-data",
            "A public entry holds no personal e-mail address or telephone number.",
            "UN Personal Data Protection and Privacy Principles",
        ),
        Rule(
            "overdue-recommendation",
            "A recommendation not completed by its `due` date is followed up.",
            "UNDP",
        ),
        Rule(
            "overdue-review",
            "A lesson is reviewed by its `review_due` date.",
            "NASA LLIS",
        ),
        Rule(
            "similar-lessons",
            f"A lesson is not the same as another one ({round(SAME_LESSON * 100)}% or more of "
            "the same words), unless they name each other in `related`.",
            "NASA LLIS",
        ),
    )
}


class _Hints:
    """The quality hints of one check, for the rules that are on."""

    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        self.problems: list[Problem] = []

    def on(self, rule: str) -> bool:
        return self.options.quality(rule)

    def add(
        self,
        rule: str,
        entry: Entry,
        path: Path,
        message: str,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problems.append(
            problem_at(
                entry,
                path,
                f"{message} [rule {rule}, {RULES[rule].source}]",
                expected=expected,
                hint=hint,
                severity=Severity.WARNING,
                rule=rule,
            )
        )

    def line(
        self,
        rule: str,
        entry: Entry,
        line: int,
        column: int | None,
        message: str,
        expected: str | None,
        hint: str | None,
    ) -> None:
        self.problems.append(
            Problem(
                entry.rel_path,
                f"{message} [rule {rule}, {RULES[rule].source}]",
                line=line,
                column=column,
                expected=expected,
                hint=hint,
                severity=Severity.WARNING,
                rule=rule,
            )
        )


def entry_quality_problems(
    entry: Entry, vocabulary: Vocabulary, options: CheckOptions, today: dt.date
) -> list[Problem]:
    """The quality hints that one entry alone gives."""
    hints = _Hints(options)
    if entry.kind == "lesson":
        _lesson_statement(hints, entry)
        _recommendations(hints, entry, vocabulary, today)
        _length(hints, entry)
        _review(hints, entry, today)
    if entry.is_public and hints.on("personal-data"):
        _personal_data(hints, entry)
    return hints.problems


def _lesson_statement(hints: _Hints, entry: Entry) -> None:
    summary = entry.summary.strip()
    if not summary:
        return
    if hints.on("lesson-one-sentence"):
        count, length = len(sentences(summary)), word_count(summary)
        if count > 1 or length > MAX_LESSON_WORDS:
            found = f"{count} sentences and {length} words" if count > 1 else f"{length} words"
            hints.add(
                "lesson-one-sentence",
                entry,
                ("summary",),
                f"the lesson is {found}",
                expected=f"the lesson in one sentence of at most {MAX_LESSON_WORDS} words",
                hint="keep the one sentence that says what to do; the rest belongs under "
                "`## Lesson`",
            )
    if hints.on("lesson-instructional") and not is_instruction(summary):
        hints.add(
            "lesson-instructional",
            entry,
            ("summary",),
            "the lesson reads as an observation, not as what to do",
            expected="a sentence that starts with what to do (`Ask…`, `Plan…`) or says who "
            "should do it",
            hint="turn what was seen into advice: what should the next mission or ministry do?",
        )
    if hints.on("vague-phrases"):
        for phrase in vague_phrases(summary):
            _vague(hints, entry, ("summary",), phrase)


def _vague(hints: _Hints, entry: Entry, path: Path, phrase: str) -> None:
    hints.add(
        "vague-phrases",
        entry,
        path,
        f"`{phrase}` is vague",
        expected="what to do, who does it and by when",
        hint=f"replace `{phrase}` with the concrete action, amount or date it stands for",
    )


def _recommendations(hints: _Hints, entry: Entry, vocabulary: Vocabulary, today: dt.date) -> None:
    value = entry.data.get("recommendations")
    if not isinstance(value, list):
        return
    # With no owner at all where the status needs one, the schema says so already.
    owned = any(isinstance(r, dict) and r.get("owner") for r in value)
    said = not owned and entry.status in OWNED_FROM
    for index, recommendation in enumerate(value):
        if not isinstance(recommendation, dict):
            continue
        path: Path = ("recommendations", index)
        owner, text = recommendation.get("owner"), recommendation.get("text")
        if hints.on("recommendation-owner"):
            if owner is None and not said:
                hints.add(
                    "recommendation-owner",
                    entry,
                    path,
                    "the recommendation names nobody who acts",
                    expected="an `owner`: the id of the organisation that acts",
                    hint="add `owner:` with an id from content/taxonomies/organisations.yml",
                )
            elif (
                isinstance(owner, str)
                and owner.casefold() in VAGUE_OWNERS
                and owner in vocabulary.organisations
            ):
                hints.add(
                    "recommendation-owner",
                    entry,
                    (*path, "owner"),
                    f"`{owner}` names nobody in particular who acts",
                    expected="the id of the one organisation that acts",
                    hint="name the organisation that will do it; split the recommendation if "
                    "several will",
                )
        if isinstance(text, str) and text.strip():
            if hints.on("recommendation-action") and not is_instruction(text):
                hints.add(
                    "recommendation-action",
                    entry,
                    (*path, "text"),
                    "the recommendation does not start with what to do",
                    expected="a sentence that starts with the action: `Ask…`, `Publish…`, "
                    "`Train…`",
                    hint="start with the verb of what the owner should do",
                )
            if hints.on("vague-phrases"):
                for phrase in vague_phrases(text):
                    _vague(hints, entry, (*path, "text"), phrase)
        _overdue_recommendation(hints, entry, path, recommendation, today)


def _overdue_recommendation(
    hints: _Hints, entry: Entry, path: Path, recommendation: dict[str, object], today: dt.date
) -> None:
    due = _date(recommendation.get("due"))
    status = str(recommendation.get("status") or "not-started")
    if (
        due is None
        or due >= today
        or status in DONE
        or entry.status in CLOSED_LESSONS
        or not hints.on("overdue-recommendation")
    ):
        return
    hints.add(
        "overdue-recommendation",
        entry,
        (*path, "due"),
        f"the recommendation was due on {due} and is {status.replace('-', ' ')}",
        expected="a due date in the future, or a status of completed or no-longer-applicable",
        hint="ask its owner where it stands, then update its `status`, or agree a new `due`",
    )


def _review(hints: _Hints, entry: Entry, today: dt.date) -> None:
    review_due = _date(entry.data.get("review_due"))
    if (
        review_due is None
        or review_due >= today
        or entry.status in CLOSED_LESSONS
        or not hints.on("overdue-review")
    ):
        return
    hints.add(
        "overdue-review",
        entry,
        ("review_due",),
        f"the review was due on {review_due}",
        expected="a review date in the future",
        hint="review the lesson, then set `last_reviewed` and a new `review_due`",
    )


def _length(hints: _Hints, entry: Entry) -> None:
    if not hints.on("lesson-length"):
        return
    length = word_count(entry.body)
    if length <= MAX_BODY_WORDS:
        return
    hints.line(
        "lesson-length",
        entry,
        entry.body_line,
        None,
        f"the lesson's text is {length} words, about {length / 500:.1f} printed pages",
        f"at most about {MAX_BODY_WORDS} words (one and a half pages)",
        "keep the context and the lesson; move background to the finding or the mission",
    )


def _personal_data(hints: _Hints, entry: Entry) -> None:
    """Contact details in the front matter (comments too) or the body, at their line."""
    parts = ((entry.marks.text, entry.marks.line_offset + 1), (entry.body, entry.body_line))
    for text, first_line in parts:
        for offset, what, found in personal_data(text):
            line = text.count("\n", 0, offset) + first_line
            column = offset - text.rfind("\n", 0, offset)
            hints.line(
                "personal-data",
                entry,
                line,
                column,
                f"{what} of a person in a public entry: `{found}`",
                "no personal contact details in a published entry",
                "remove it, or give an office's address or a web page instead",
            )


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


# --- Across the whole base ---------------------------------------------------------------


def base_quality_problems(kb: KnowledgeBase, options: CheckOptions) -> list[Problem]:
    """The quality hints that need other entries: restated findings, lessons that may
    already exist."""
    hints = _Hints(options)
    if hints.on("lesson-instructional"):
        for lesson in kb.entries.values():
            if lesson.kind == "lesson" and lesson.summary.strip():
                _restated(hints, kb, lesson)
    if hints.on("similar-lessons"):
        for lesson, neighbour in _same_lessons(kb):
            other = kb.entries[neighbour.id]
            hints.add(
                "similar-lessons",
                lesson,
                ("title",),
                f"this lesson may already exist: `{other.id}` ({other.title}) is "
                f"{neighbour.percent}% the same",
                expected="a lesson not yet in the knowledge base",
                hint=f"if it is the same lesson, add what is new to `{other.id}` instead; if "
                "not, name each other in `related`",
            )
    return hints.problems


def _restated(hints: _Hints, kb: KnowledgeBase, lesson: Entry) -> None:
    for finding_id in lesson.strings("findings"):
        finding = kb.get(finding_id)
        if finding is None or finding.kind != "finding":
            continue
        seen = finding.summary + "\n" + section_text(finding, "Observation")
        share = max(
            text_similarity(lesson.summary, finding.summary),
            text_similarity(lesson.summary, seen),
        )
        if share >= RESTATED:
            hints.add(
                "lesson-instructional",
                lesson,
                ("summary",),
                f"the lesson restates finding `{finding.id}` ({round(share * 100)}% the same "
                "words)",
                expected="what to do about what the finding saw",
                hint="say what the next mission or ministry should do; what was seen is "
                "already in the finding",
            )
            return


def _same_lessons(kb: KnowledgeBase) -> list[tuple[Entry, Neighbour]]:
    """Pairs that are probably the same lesson, unless the editors linked them."""
    found = []
    for lesson, neighbour in probably_the_same(kb):
        other = kb.entries[neighbour.id]
        linked = (
            other.id in lesson.strings("related")
            or lesson.id in other.strings("related")
            or other.id in lesson.strings("superseded_by")
            or lesson.id in other.strings("superseded_by")
        )
        if not linked:
            found.append((lesson, neighbour))
    return found

