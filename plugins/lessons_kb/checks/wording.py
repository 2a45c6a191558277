"""How a lesson is worded: sentences, words, instructions, vague phrases, personal data.

Plain heuristics for English text, meant to hint, never to judge: each one errs on the
side of saying nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ABBREVIATIONS = re.compile(
    r"\b(?:e\.g|i\.e|etc|vs|cf|St|Dr|Mr|Mrs|Ms|No|Nos|Vol|approx|incl|U\.N|U\.S|U\.K|Govt)\.",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9]|\s*$)")
#: A word: a run of non-spaces holding a letter or a digit.
_WORD = re.compile(r"[^\s\w]*[^\W_]\S*")
_MODAL = re.compile(
    r"\b(?:should|must|shall|needs? to|ought to|ha(?:s|ve) to|is to|are to)\b", re.IGNORECASE
)
#: Words a clause of observation starts with, never an instruction.
_NOT_A_VERB = _set(
    """
    a an the this that these those there it its they their them we our us he she his her
    i my you your one two three four five six seven eight nine ten many most much more
    several some few all each every no none both either neither lack lacks
    """
)
#: Openings of a leading clause ("When agreeing a mission, ask …"): the instruction
#: follows its comma.
_LEADING = _set(
    """
    when before after if during once where while until whenever as in for at to on from
    with without by throughout unless whether since given
    """
)
#: Verbs that end like a past tense.
_NOT_PAST = _set("feed need proceed succeed exceed heed seed speed breed embed shed shred wed")
#: Past tenses that do not end in `-ed`: what a mission saw, not what to do.
_IRREGULAR_PAST = _set(
    """
    found took made saw held met led kept began became brought built had was were did
    got gave went came told said knew thought felt left ran won lost paid sent spent
    taught understood wrote chose drove grew rose fell
    """
)


def sentences(text: str) -> list[str]:
    """The sentences of `text` (abbreviations such as `e.g.` do not end one)."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), " ".join(text.split()))
    parts = [part.strip() for part in _SENTENCE_END.split(protected)]
    return [part.replace("\0", ".") for part in parts if any(c.isalnum() for c in part)]


def word_count(text: str) -> int:
    """The words of `text` (numbers count; dashes and punctuation alone do not)."""
    return len(_WORD.findall(text))


def _first_word(text: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return words[0].casefold() if words else ""


def main_clause(text: str) -> str:
    """`text` without a leading clause: "When agreeing it, ask …" → "ask …"."""
    stripped = text.strip().lstrip("\"'“‘(")
    if _first_word(stripped) in _LEADING and "," in stripped:
        head, _, rest = stripped.partition(",")
        if len(head.split()) <= 15:
            return rest.strip()
    return stripped


def is_instruction(text: str) -> bool:
    """Whether `text` says what to do (an imperative, or `should`/`must`), rather than
    what was seen."""
    if _MODAL.search(text):
        return True
    first = _first_word(main_clause(text))
    if not first or first in _NOT_A_VERB:
        return False
    if first in _IRREGULAR_PAST or (first.endswith("ed") and first not in _NOT_PAST):
        return False  # a past tense: what happened
    if first.endswith("ing") and len(first) > 5:
        return False  # "Building trust took time"
    # "Missions need …", "The ministry lacks …": a plural or a verb of the third person
    return not (first.endswith("s") and not first.endswith(("ss", "us", "is")))


#: Owners that name nobody who acts.
VAGUE_OWNERS = frozenset(
    {"all", "any", "everyone", "everybody", "tbd", "tba", "tbc", "n/a", "na", "none", "various"}
)

#: Phrases that sound like advice but say neither what, nor who, nor by when.
VAGUE_PHRASES = (
    "ensure adequate",
    "adequate resources",
    "as appropriate",
    "where appropriate",
    "if appropriate",
    "as needed",
    "as necessary",
    "where possible",
    "where feasible",
    "if possible",
    "improve coordination",
    "better coordination",
    "enhance coordination",
    "strengthen coordination",
    "strengthen capacity",
    "enhance capacity",
    "capacity building",
    "in a timely manner",
    "best practices",
    "relevant stakeholders",
    "all stakeholders",
    "appropriate measures",
    "necessary measures",
    "further efforts",
    "explore ways",
    "look into",
)
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(p) for p in VAGUE_PHRASES) + r")\b", re.IGNORECASE)


def vague_phrases(text: str) -> list[str]:
    """The vague phrases in `text`, in order, each once."""
    return list(dict.fromkeys(match.group(1).casefold() for match in _VAGUE.finditer(text)))


# --- Personal data ----------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
#: Addresses of an office rather than a person.
_ROLE_ADDRESSES = _set(
    """
    info contact contacts enquiries inquiries office admin administration secretariat
    help helpdesk support webmaster press media communications registry hello team
    noreply no-reply feedback unpan
    """
)
_EXAMPLE_DOMAINS = re.compile(r"(?:^|\.)example\.(?:com|org|net)$|\.(?:test|invalid)$")
#: A run of digits long enough for a telephone number, and how far before it to look.
_CANDIDATE = re.compile(r"[+(]?\d[\d ().-]{5,}\d")
_BEFORE = 24
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHONES = (
    re.compile(r"(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,3}\b"),
    re.compile(r"(?<!\w)\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}\b"),
    re.compile(r"(?<![\w.-])\d{3}[ .-]\d{3}[ .-]\d{4}(?![\w.-])"),
    re.compile(
        r"\b(?:tel|telephone|phone|mobile|cell|whatsapp|fax)\b\.?:?\s*(\+?\d[\d ().-]{5,}\d)",
        re.IGNORECASE,
    ),
)


def personal_data(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what, text) of each personal e-mail address and telephone number."""
    # Cheap tests first: most texts hold no `@`, and no run of digits as long as a number.
    emails = _EMAIL.finditer(text) if "@" in text else ()
    for match in emails:
        local, domain = match.group(1).casefold(), match.group(2).casefold()
        if local in _ROLE_ADDRESSES or _EXAMPLE_DOMAINS.search(domain):
            continue
        yield match.start(), "an e-mail address", match.group(0)
    # The number patterns look behind and ahead at every place: run them only around the
    # runs of digits that could be a number, with the words just before (`tel:`).
    taken: list[tuple[int, int]] = []
    for candidate in _CANDIDATE.finditer(text):
        run = candidate.group(0)
        if _ISO_DATE.fullmatch(run) or sum(c.isdigit() for c in run) < 7:
            continue
        offset = max(0, candidate.start() - _BEFORE)
        window = text[offset : candidate.end() + 1]
        for pattern in _PHONES:
            for match in pattern.finditer(window):
                group = match.lastindex or 0
                start, end = (place + offset for place in match.span(group))
                overlaps = any(start < last and first < end for first, last in taken)
                if overlaps or sum(c.isdigit() for c in match.group(group)) < 7:
                    continue
                taken.append((start, end))
                yield start, "a telephone number", match.group(group).strip()
