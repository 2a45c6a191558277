"""Words and sentences for synthetic knowledge bases (see `lessons_kb.synthetic.generate`).

The word lists and sentence templates live in `data/synthetic.yml`. Everything here is
drawn from a `random.Random` passed in, so the same seed writes the same text. The prose
is plausible rather than true: it has the lengths, vocabulary and link density of real
entries, which is what builds, checks and search indexes feel.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six")


@cache
def words() -> dict[str, Any]:
    """The contents of `data/synthetic.yml`."""
    path = resources.files("lessons_kb.synthetic").joinpath("synthetic.yml")
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("synthetic.yml must be a mapping")
    return data


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One item of a sequence."""
    return items[rng.randrange(len(items))]


def choose(rng: random.Random, name: str) -> str:
    """One item of the word list `name`."""
    return str(pick(rng, words()[name]))


def topics() -> list[tuple[str, str]]:
    """`(topic, theme id)` pairs, in file order."""
    return list(words()["topics"].items())


def names(items: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _upper(text: str) -> str:
    return text[0].upper() + text[1:]


def context(
    rng: random.Random, countries: Sequence[str], region_id: str, topic: str, year: int
) -> dict[str, str]:
    """The values the templates fill in for an entry about `countries` in a region."""
    actor, actor2 = rng.sample(words()["actors"], 2)
    region = words()["region_names"].get(region_id, "the region")
    many = len(countries) > 2
    return {
        "country": f"{_NUMBERS[len(countries)]} countries of {region}"
        if many
        else names(countries),
        "place": region if many else names(countries),
        "region": region,
        "region_id": region_id,
        "topic": topic,
        "topic2": pick(rng, topics())[0],
        "actor": actor,
        "Actor": _upper(actor),
        "actor2": actor2,
        "Actor2": _upper(actor2),
        "resource": choose(rng, "resources"),
        "method": choose(rng, "methods"),
        "qualifier": choose(rng, "qualifiers"),
        "period": f"{year}–{year + 2}",
    }


def _sentence(template: str, ctx: dict[str, str]) -> str:
    return _upper(template.format(**ctx))


def _fit(rng: random.Random, templates: Sequence[str], ctx: dict[str, str], fallback: str) -> str:
    """A title of 6 to 14 words from one of `templates`, or `fallback` filled in.

    Titles name the short `place`. Each try draws the actor, resource, method and
    qualifier again; the ones that fit are kept in `ctx`, so the body says what the
    title says.
    """
    for _ in range(20):
        actor = choose(rng, "actors")
        trial = ctx | {
            "country": ctx["place"],
            "actor": actor,
            "Actor": _upper(actor),
            "resource": choose(rng, "resources"),
            "method": choose(rng, "methods"),
            "qualifier": choose(rng, "qualifiers"),
        }
        title = _sentence(pick(rng, templates), trial)
        if 6 <= len(title.split()) <= 14:
            ctx.update(trial, country=ctx["country"])
            return title
    return _sentence(fallback, ctx | {"country": ctx["place"]})


def mission_title(rng: random.Random, ctx: dict[str, str], kinds: Sequence[str]) -> str:
    """`Saint Lucia: scoping mission and national workshop on digital identity`."""
    what = names([words()["mission_types"][k] for k in kinds])
    templates = (f"{{country}}: {what} on {{topic}}", f"{what} on {{topic}} in {{country}}")
    fallback = f"{what} on {{topic}}" + (" with national partners" if len(what.split()) < 4 else "")
    return _fit(rng, templates, ctx, fallback)


def finding_title(rng: random.Random, ctx: dict[str, str], kind: str) -> str:
    """A finding's title for its kind, naming the place."""
    noted = f"The mission noted {words()['kind_words'][kind]} in {{topic}}"
    return _fit(rng, words()["finding_titles"][kind], ctx, noted)


def lesson_title(rng: random.Random, ctx: dict[str, str]) -> str:
    """A lesson's title: an instruction."""
    fallback = "Plan the follow-up of {topic} with the host government"
    return _fit(rng, words()["lesson_titles"], ctx, fallback)


def summary(rng: random.Random, kind: str, title: str, ctx: dict[str, str]) -> str:
    """One to three sentences: the title restated, then what follows from it."""
    first = title.rstrip(".")
    if kind == "lesson":
        first += ", so that " + choose(rng, "outcomes")
    sentences = [_sentence(first, ctx) + "."]
    bank = {"finding": "Discussion", "lesson": "Lesson"}.get(kind, "Activities")
    for template in rng.sample(words()["sections"][bank], rng.randint(0, 2)):
        sentences.append(_sentence(template, ctx))
    return " ".join(sentences)


def section(rng: random.Random, name: str, ctx: dict[str, str], links: Sequence[str]) -> str:
    """`## name` and two or three paragraphs, with a sentence linking each of `links`."""
    bank = words()["sections"][name]
    drawn = [_sentence(t, ctx) for t in rng.sample(bank, rng.randint(len(bank) - 4, len(bank)))]
    n = len(drawn)
    if n >= 8:
        first = rng.randint(2, n // 2 - 1)
        bounds = [0, first, rng.randint(first + 2, n - 2), n]
    else:
        bounds = [0, rng.randint(2, n - 2), n]
    paragraphs = [" ".join(drawn[a:b]) for a, b in itertools.pairwise(bounds)]
    for index, target in enumerate(links):
        paragraphs[index % len(paragraphs)] += " " + choose(rng, "link_sentences").format(id=target)
    return f"## {name}\n\n" + "\n\n".join(paragraphs) + "\n"


def objectives(rng: random.Random, ctx: dict[str, str]) -> list[str]:
    """Two to four objectives, one sentence each."""
    bank = words()["sections"]["Objectives"]
    return [_sentence(t, ctx) for t in rng.sample(bank, rng.randint(2, 4))]


def evidence(rng: random.Random, ctx: dict[str, str], count: int) -> list[dict[str, str]]:
    """`count` pieces of evidence, each a kind and a source that matches it."""
    sources = words()["evidence"]
    return [
        {"kind": kind, "source": _sentence(sources[kind], ctx)}
        for kind in rng.sample(sorted(sources), count)
    ]


def recommendation_text(rng: random.Random, ctx: dict[str, str]) -> str:
    """One recommended action."""
    actor = choose(rng, "actors")
    template = choose(rng, "lesson_titles")
    return _sentence(template, ctx | {"actor": actor, "Actor": _upper(actor)}) + "."
