"""Static search with Pagefind: a light, chunked index that a reader downloads in parts.

The theme's own search makes every reader download the whole index (megabytes at a few
thousand entries) on every cold page load. Pagefind, run over the built site, writes an
index split into small chunks, so a first result costs a few hundred kilobytes at most.
Only what a reader searches is indexed: an entry's title, summary and body, with the names
behind its codes (countries, regions, SDGs, themes, organisations), the hand-written pages,
and the title and introduction of generated pages (a country's briefing is found by the
country's name). Panels, listings and navigation are left out, so that an entry is found
on its own page rather than on every page that lists it, and Pagefind's memory follows the
text readers search, not the size of the site.

Pagefind reads a copy of the site that holds only that part of each page (`SearchSource`),
in about half the time of the whole site, since it no longer parses the theme's header,
navigation and scripts of every page. The names behind an entry's codes are added to that
copy only: published pages do not carry a hidden second copy of them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from html import escape
from pathlib import Path

from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.site.pages import BUNDLE_DIR
from lessons_kb.vocab import country_name, regions, sdg_goal_of, sdg_short

ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
NOT_SEARCHED = (
    "lkb-kind",  # the kind and status (the kind stays a result's label: Pagefind keeps meta)
    "lkb-panel",  # the facts about an entry; their names are in `search_names`
    "lkb-more",
    "lkb-action__meta",  # a recommendation's owner, due date and status
    "lkb-findings",  # the entries it is drawn from, found on their own pages
    "lkb-relations",
    "lkb-backlinks",
    "lkb-reuse",  # the id (in `search_names`) and dates
)
"""Classes of an entry page's parts that the index leaves out: the page is found by what
it says, not by its panels or by the titles of the entries it lists. Generated pages mark
their listings with `data-pagefind-ignore` in their templates."""


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def mark_searchable(html: str) -> str:
    """Mark a page's main content as the part Pagefind indexes."""
    return html.replace(ARTICLE_OPEN, ARTICLE_OPEN[:-1] + " data-pagefind-body>", 1)


def search_names(entry: Entry, names: Sequence[str]) -> str:
    """What the index holds of an entry besides its article: its id (weighted first) and
    the names behind its codes. Only the search's copy of the page has it; readers see
    the names in the panel."""
    return (
        f'<p class="lkb-search-names"><span data-pagefind-weight="10">'
        f"{escape(entry.id)}</span> {escape(' · '.join(names))}</p>"
    )


def entry_names(kb: KnowledgeBase, entry: Entry) -> list[str]:
    """The names behind an entry's codes, for search: "Saint Lucia" finds LCA's lessons."""
    names = [country_name(code) for code in entry.countries]
    names += [
        regions()[place].title if place in regions() else country_name(place)
        for place in entry.strings("applies_to")
    ]
    names += [
        f"SDG {goal} {sdg_short(goal)}" for goal in dict.fromkeys(map(sdg_goal_of, entry.sdgs))
    ]
    names += [kb.vocabulary.label("themes", term) for term in entry.themes]
    names += [kb.vocabulary.label("organisations", term) for term in entry.organisations]
    return list(dict.fromkeys(names))


_CLASSES = "|".join(map(re.escape, NOT_SEARCHED))
_NOT_SEARCHED = re.compile(rf'<([a-z]+) (class="(?:{_CLASSES})(?=[\s"]))')
_INDEXED = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b.*?</article>", re.S)
_HTML_TAG = re.compile(r"<html\b[^>]*>")


class SearchSource:
    """What Pagefind reads of the site: each marked page's `<html>` tag (its language)
    and its `<article>`, at the page's own path, so that results link to the page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages = 0

    def add(self, rel_path: str, page_html: str, extra: str = "") -> None:
        """Keep the part of a finished page that is indexed (none: the page is not), with
        `extra` text to index at the start of its article."""
        article = _INDEXED.search(page_html)
        if article is None:
            return
        indexed = _NOT_SEARCHED.sub(r"<\1 data-pagefind-ignore \2", article.group(0))
        if extra:
            opened = indexed.index(">") + 1
            indexed = indexed[:opened] + extra + indexed[opened:]
        opening = _HTML_TAG.search(page_html)
        target = self.folder / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"<!doctype html>{opening.group(0) if opening else '<html>'}"
            f'<head><meta charset="utf-8"></head><body>{indexed}</body></html>',
            "utf-8",
        )
        self.pages += 1


def index_site(site_dir: str | Path, source: SearchSource | None = None) -> None:
    """Run Pagefind over `site_dir` (or over the `source` collected from its pages),
    writing its bundle to `site_dir/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(source.folder if source is not None else site_dir),
        "--output-path",
        str(Path(site_dir) / BUNDLE_DIR),
        "--exclude-selectors",
        ".headerlink",
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site: " + " / ".join(detail))
