"""Pages generated from the knowledge base, held in memory (never written into `docs/`).

A generated page is a little Markdown (its title and introduction) and, optionally, a
template that renders its listing as HTML once the page's URL is known, so that every
link is relative to the page and works under any sub-path and offline.
"""

from __future__ import annotations

import datetime as dt

from lessons_kb.i18n import N_, Interface, interface
from lessons_kb.kinds import KINDS
from lessons_kb.model import Entry, KnowledgeBase, newest_first
from lessons_kb.site.briefing import briefing_countries, build_briefings, open_recommendations
from lessons_kb.site.catalog import CATALOG_ROWS
from lessons_kb.site.generated import GeneratedPage, page
from lessons_kb.site.guide import guide_pages
from lessons_kb.site.render import BROWSE_URI as BROWSE_URI
from lessons_kb.site.taxonomy import (
    TAXONOMIES,
    Taxonomies,
    build_taxonomies,
    entries_by_target,
    term_src_uri,
)
from lessons_kb.site.words import ACTION, meanings
from lessons_kb.vocab import regions_of
from lessons_kb.vocab.countries import country_sort_key

TAXONOMY_INTROS = {
    "countries": N_("Each country's page is a briefing for the next mission there."),
    "sdgs": N_("Entries by Sustainable Development Goal, grouped on each page by target."),
    "themes": N_("Entries by theme."),
    "organisations": N_("Entries by the organisations involved."),
    "years": N_("Entries by year."),
    "statuses": N_(
        "Where each mission, finding, lesson and recommendation stands, and what each "
        "status means."
    ),
}
SHOWN = 25
"""How many entries a generated page lists in each of its sections, newest first: the rest
are one link away, in the catalog filtered to the page's term."""
SHOWN_PER_TARGET = 5
"""An SDG goal's page lists the newest entries of each of its targets (up to 19)."""
SEARCH_URI = "search/index.md"
BUNDLE_DIR = "pagefind"
"""Where Pagefind writes its index and scripts within the site."""


def open_count(entry: Entry) -> int:
    """How many of a lesson's recommendations are neither completed nor dropped."""
    return len(open_recommendations(entry, dt.date.min))


def collection_pages(kb: KnowledgeBase, words: Interface) -> list[GeneratedPage]:
    """One index page per kind of entry: its newest entries, and the rest in the catalog."""
    return [
        page(
            kind.collection_uri,
            words.gettext(kind.plural),
            words.gettext(kind.intro),
            template="collection.html",
            in_nav=True,
            kind=kind.name,
            plural=words.gettext(kind.plural).lower(),
            entries=kb.of_kind(kind.name),
            open_count=open_count,
            shown=SHOWN * 2,
        )
        for kind in KINDS.values()
    ]


def taxonomy_pages(
    kb: KnowledgeBase, taxonomies: Taxonomies, today: dt.date, words: Interface
) -> list[GeneratedPage]:
    """An index per taxonomy with counts, and a page per term in use."""
    pages: list[GeneratedPage] = []
    countries = briefing_countries(kb)
    for taxonomy, title in TAXONOMIES.items():
        terms = taxonomies.ordered(taxonomy)
        if taxonomy == "countries":
            rows = [
                (code, words.country(code), _country_count(taxonomies, code)) for code in countries
            ]
            rows.sort(key=lambda row: country_sort_key(row[1], words.language))
        else:
            rows = [(t.key, t.label, len(t.entries)) for t in terms]
        index = page(
            f"{taxonomy}/index.md",
            words.gettext(title),
            words.gettext(TAXONOMY_INTROS[taxonomy]),
            template="taxonomy_index.html",
            in_nav=True,
            taxonomy=taxonomy,
            rows=rows,
        )
        if taxonomy == "statuses":
            index.template = "statuses.html"
            index.context["lifecycles"] = _lifecycles(words)
            index.context["counts"] = {key: count for key, _, count in rows}
        pages.append(index)
        if taxonomy == "countries":
            continue
        for term in terms:
            context: dict[str, object] = {"taxonomy": taxonomy, "term": term, "shown": SHOWN}
            template = "term.html"
            intro = ""
            if taxonomy == "sdgs":
                template = "sdg_goal.html"
                intro = words.sdg_title(term.key)
                context["groups"] = entries_by_target(term.key, term.entries)
                context["shown"] = SHOWN_PER_TARGET
            listing = page(term.src_uri, term.label, intro, template=template)
            listing.context.update(context)
            pages.append(listing)
    briefings = build_briefings(kb, countries, today)
    for code in countries:
        briefing = briefings[code]
        tagged = taxonomies.get("countries", code)
        pages.append(
            page(
                term_src_uri("countries", code),
                words.country(code),
                words.gettext(
                    "Briefing for a mission to %(country)s: missions held, open findings, "
                    "the lessons that apply and the recommendations still open."
                )
                % {"country": words.country(code)},
                template="country.html",
                code=code,
                briefing=briefing,
                tagged=len(tagged.entries) if tagged else 0,
                region_ids=regions_of(code),
                places=[("applies", place) for place in (code, *regions_of(code))],
                shown=SHOWN,
            )
        )
    return pages


def _lifecycles(words: Interface) -> list[tuple[str, str, dict[str, str]]]:
    """`(lifecycle, title, {status: meaning})` of each kind, then of recommendations
    (the meanings in English: the template shows them in the page's language)."""
    found = [
        (kind.name, words.gettext(kind.plural), meanings(kind.name)) for kind in KINDS.values()
    ]
    return [*found, (ACTION, words.gettext("Recommendations"), meanings(ACTION))]


def _country_count(taxonomies: Taxonomies, code: str) -> int:
    term = taxonomies.get("countries", code)
    return len(term.entries) if term else 0


def browse_page(kb: KnowledgeBase, words: Interface) -> GeneratedPage:
    """The catalog: every public entry in one table, with facet filters where JS runs."""
    entries = newest_first(kb.public())
    return page(
        BROWSE_URI,
        words.gettext("Browse"),
        words.gettext(
            "Every entry in one table, newest first. Filter by kind, country, SDG, theme, "
            "organisation, year and status, or by words."
        ),
        template="catalog.html",
        in_nav=True,
        entries=entries,
        shown=CATALOG_ROWS,
    )


def search_page(language: str = "en") -> GeneratedPage:
    """The page of the static search (Pagefind), reached from the header's search form."""
    title = interface(language).gettext("Search")
    return page(SEARCH_URI, title, template="search.html", bundle=BUNDLE_DIR)


def generated_pages(
    kb: KnowledgeBase, today: dt.date | None = None, language: str = "en"
) -> list[GeneratedPage]:
    """Every page the site generates from the knowledge base, in `language`."""
    today = today or dt.date.today()
    words = interface(language)
    taxonomies = build_taxonomies(kb, language)
    return [
        *collection_pages(kb, words),
        browse_page(kb, words),
        *taxonomy_pages(kb, taxonomies, today, words),
        *guide_pages(kb, today),
    ]
