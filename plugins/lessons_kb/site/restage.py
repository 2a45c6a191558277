"""Staging again after an edit, for the preview: only the pages the edit touched.

An edited entry's own page is rendered again, with the pages of the entries it names and
that name it (their relations show its title), the pages that listed it before the edit
or list it now (its taxonomy terms, the briefings of the countries it applies to, its
collection, the catalog, the indexes) and the home page. Every other page keeps the text
it had, so its file is not rewritten and the engine rebuilds only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from lessons_kb.checks.similar import similar_lessons
from lessons_kb.kinds import KINDS
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.site.render import BROWSE_URI
from lessons_kb.site.stage import Stager
from lessons_kb.site.taxonomy import TAXONOMIES, term_src_uri, terms_of
from lessons_kb.vocab import regions

HOME = "index.md"


def restage(old: Stager, kb: KnowledgeBase, changed: set[str]) -> tuple[Stager, set[str]]:
    """The site staged for `kb` after the entries `changed` (ids) were edited, added or
    removed, reusing every page of `old` the edit did not touch; also returns the pages
    rendered again."""
    new = Stager(kb, old.options)
    touched = touched_pages(old, new, changed)
    for src in new.staged.pages:
        previous = old.staged.files.get(src)
        if src in touched or previous is None or src not in old.staged.pages:
            new.render([src])
            touched.add(src)
        else:
            new.staged.files[src] = previous
    return new, touched & set(new.staged.pages)


def touched_pages(old: Stager, new: Stager, changed: set[str]) -> set[str]:
    """The pages whose text may differ after editing the entries `changed`."""
    touched = {HOME, BROWSE_URI}
    touched |= {kind.collection_uri for kind in KINDS.values()}
    touched |= {f"{taxonomy}/index.md" for taxonomy in TAXONOMIES}
    needles: list[str] = []
    for kb in (old.kb, new.kb):
        for entry_id in changed:
            entry = kb.get(entry_id)
            if entry is None:
                continue
            needles.append(entry.url_path)
            touched |= {other.src_uri for other in _neighbours(kb, entry)}
            touched |= set(_listing_pages(entry))
    for src, text in old.staged.files.items():
        if src in old.staged.pages and any(n.encode() in text for n in needles):
            touched.add(src)
    # "Similar lessons" follow the words of every lesson: any edit may reorder them.
    for entry in new.kb.of_kind("lesson"):
        before = old.kb.get(entry.id)
        if entry.src_uri in touched or before is None:
            continue
        if _ids(similar_lessons(old.kb, before)) != _ids(similar_lessons(new.kb, entry)):
            touched.add(entry.src_uri)
    return touched


def _ids(entries: Iterable[Entry]) -> list[str]:
    return [entry.id for entry in entries]


def _neighbours(kb: KnowledgeBase, entry: Entry) -> Iterable[Entry]:
    """The entry, the entries it names and the entries that name it."""
    yield entry
    for ids in entry.references().values():
        yield from (found for found in map(kb.get, ids) if found is not None)
    if entry.mission_id and (mission := kb.get(entry.mission_id)) is not None:
        yield mission
    yield from kb.linking_to(entry.id)


def _listing_pages(entry: Entry) -> Iterable[str]:
    """The taxonomy and briefing pages that list the entry."""
    for taxonomy, key in terms_of(entry):
        yield term_src_uri(taxonomy, key)
    for place in entry.strings("applies_to"):
        members = regions()[place].members if place in regions() else (place,)
        yield from (term_src_uri("countries", code) for code in members)
