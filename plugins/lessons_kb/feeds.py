"""RSS 2.0 and Atom 1.0 feeds: the whole base, each collection, country, SDG goal and theme.

Each item carries the entry's own date (never the build time), so the same content gives
the same feeds; a feed's own date is its newest entry's. Internal entries never reach a
feed: every scope is drawn from the public entries only.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from .model import KIND_FOLDERS, Entry, KnowledgeBase, newest_first
from .siteinfo import SiteInfo
from .vocab import country_name, is_country, regions_of, sdg_goal_of, sdg_short, sdg_title

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("dc", DC_NS)

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
COLLECTION_NAMES = {"mission": "missions", "finding": "findings", "lesson": "lessons"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedScope:
    """The public entries one feed follows, and the page that lists the same entries."""

    key: str
    """`all`, `lessons`, `countries/lca`, `sdgs/16`, `themes/<id>`."""
    title: str
    description: str
    page_src: str
    """The source path of the page listing the same entries (`countries/lca.md`)."""
    entries: tuple[Entry, ...]

    @property
    def rss_path(self) -> str:
        return f"feeds/{self.key}.xml"

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom.xml"


def _country_entries(kb: KnowledgeBase, code: str) -> list[Entry]:
    """Entries about a country, and lessons that apply to it directly or through a region."""
    places = {code, *regions_of(code)}
    return newest_first(
        e
        for e in kb.public()
        if code in e.countries or (e.kind == "lesson" and places & set(e.strings("applies_to")))
    )


def feed_scopes(kb: KnowledgeBase, site_name: str) -> list[FeedScope]:
    """Every feed of the site, in a fixed order: whole base, collections, then terms in use."""
    public = kb.public()
    scopes = [
        FeedScope(
            "all",
            f"{site_name}: all missions, findings and lessons",
            "Every mission, finding and lesson, newest first.",
            "index.md",
            tuple(newest_first(public)),
        )
    ]
    for kind, name in COLLECTION_NAMES.items():
        scopes.append(
            FeedScope(
                name,
                f"{site_name}: {name}",
                f"Every {kind}, newest first.",
                f"{KIND_FOLDERS[kind]}/index.md",
                tuple(kb.of_kind(kind)),
            )
        )
    countries = sorted(
        {c for e in public for c in e.countries}
        | {
            p
            for e in public
            if e.kind == "lesson"
            for p in e.strings("applies_to")
            if is_country(p)
        }
    )
    for code in countries:
        name = country_name(code)
        scopes.append(
            FeedScope(
                f"countries/{code.lower()}",
                f"{site_name}: {name}",
                f"Missions and findings in {name}, and the lessons that apply to it.",
                f"countries/{code.lower()}.md",
                tuple(_country_entries(kb, code)),
            )
        )
    goals = sorted({sdg_goal_of(c) for e in public for c in e.sdgs}, key=_goal_order)
    for goal in goals:
        scopes.append(
            FeedScope(
                f"sdgs/{goal}",
                f"{site_name}: SDG {goal}, {sdg_short(goal)}",
                f"Entries on Sustainable Development Goal {goal} and its targets.",
                f"sdgs/{goal}.md",
                tuple(newest_first(e for e in public if goal in map(sdg_goal_of, e.sdgs))),
            )
        )
    for theme in sorted({t for e in public for t in e.themes}):
        label = kb.vocabulary.label("themes", theme)
        scopes.append(
            FeedScope(
                f"themes/{theme}",
                f"{site_name}: {label}",
                f"Entries on the theme “{label}”.",
                f"themes/{theme}.md",
                tuple(newest_first(e for e in public if theme in e.themes)),
            )
        )
    return scopes


def _goal_order(goal: str) -> tuple[int, str]:
    return (int(goal), "") if goal.isdigit() else (99, goal)


# --- items ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    """A taxonomy term of an entry: its id, the vocabulary it comes from, its label."""

    term: str
    scheme: str
    label: str


def categories(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> list[Category]:
    """The entry's kind, countries, SDGs, themes and organisations as feed categories.

    A term's scheme is the address of its taxonomy on the site (`…/countries/`)."""
    found = [Category(entry.kind, "", entry.kind.capitalize())]
    found += [Category(c, site.absolute("countries/"), country_name(c)) for c in entry.countries]
    found += [
        Category(code, site.absolute("sdgs/"), f"SDG {code}: {_sdg_label(code)}")
        for code in entry.sdgs
    ]
    found += [
        Category(t, site.absolute("themes/"), kb.vocabulary.label("themes", t))
        for t in entry.themes
    ]
    found += [
        Category(o, site.absolute("organisations/"), kb.vocabulary.label("organisations", o))
        for o in entry.organisations
    ]
    return found


def _sdg_label(code: str) -> str:
    return sdg_title(code) if "." in code else sdg_short(code)


def entry_datetime(entry: Entry) -> dt.datetime | None:
    """Midnight UTC of the entry's date, or None when it has none."""
    try:
        day = dt.date.fromisoformat(entry.date)
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def newest(entries: tuple[Entry, ...]) -> dt.datetime:
    """The date of the newest entry (the Unix epoch for an empty feed)."""
    dates = [d for e in entries if (d := entry_datetime(e)) is not None]
    return max(dates, default=EPOCH)


def clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _rfc822(moment: dt.datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- RSS 2.0 -------------------------------------------------------------------------


def rss(kb: KnowledgeBase, scope: FeedScope, site: SiteInfo) -> bytes:
    """The scope as an RSS 2.0 document."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", scope.title)
    _sub(channel, "link", site.absolute(site.page_path(scope.page_src) or ""))
    _sub(channel, "description", scope.description)
    _sub(channel, "language", site.language)
    _sub(channel, "lastBuildDate", _rfc822(newest(scope.entries)))
    _sub(channel, "generator", "Lessons KB")
    _sub(
        channel,
        f"{{{ATOM_NS}}}link",
        href=site.absolute(scope.rss_path),
        rel="self",
        type=RSS_TYPE,
    )
    for entry in scope.entries:
        item = _sub(channel, "item")
        _sub(item, "title", entry.title)
        _sub(item, "link", site.entry_url(entry))
        _sub(item, "description", entry.summary)
        if site.url:
            _sub(item, "guid", site.entry_url(entry), isPermaLink="true")
        else:
            _sub(item, "guid", site.stable_id("entry", entry.id, ""), isPermaLink="false")
        moment = entry_datetime(entry)
        if moment is not None:
            _sub(item, "pubDate", _rfc822(moment))
        for category in categories(kb, entry, site):
            scheme = {"domain": category.scheme} if category.scheme else {}
            _sub(item, "category", category.label, **scheme)
        for author in entry.strings("authors"):
            _sub(item, f"{{{DC_NS}}}creator", author)
    return _serialise(root)


# --- Atom 1.0 ------------------------------------------------------------------------


def atom(kb: KnowledgeBase, scope: FeedScope, site: SiteInfo) -> bytes:
    """The scope as an Atom 1.0 document."""

    def tag(name: str) -> str:
        # Atom is the document's default namespace, declared on the root.
        return name

    root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: clean(site.language)})
    _sub(root, tag("id"), site.stable_id("feed", scope.key, scope.atom_path))
    _sub(root, tag("title"), scope.title)
    _sub(root, tag("subtitle"), scope.description)
    _sub(root, tag("updated"), _rfc3339(newest(scope.entries)))
    _sub(root, tag("link"), rel="self", type=ATOM_TYPE, href=site.absolute(scope.atom_path))
    page = site.absolute(site.page_path(scope.page_src) or "")
    _sub(root, tag("link"), rel="alternate", type="text/html", href=page)
    author = _sub(root, tag("author"))
    _sub(author, tag("name"), site.name)
    _sub(root, tag("generator"), "Lessons KB")
    for entry in scope.entries:
        item = _sub(root, tag("entry"))
        if entry.language != site.language:
            item.set(XML_LANG, clean(entry.language))
        _sub(item, tag("id"), site.stable_id("entry", entry.id, site.entry_path(entry)))
        _sub(item, tag("title"), entry.title, type="text")
        _sub(item, tag("link"), rel="alternate", type="text/html", href=site.entry_url(entry))
        moment = entry_datetime(entry) or EPOCH
        _sub(item, tag("published"), _rfc3339(moment))
        _sub(item, tag("updated"), _rfc3339(moment))
        _sub(item, tag("summary"), entry.summary, type="text")
        for category in categories(kb, entry, site):
            scheme = {"scheme": category.scheme} if category.scheme else {}
            _sub(item, tag("category"), term=category.term, label=category.label, **scheme)
        for name in entry.strings("authors"):
            _sub(_sub(item, tag("author")), tag("name"), name)
    return _serialise(root)


def feed_links(scopes: list[FeedScope], keys: list[str]) -> list[tuple[str, str, str]]:
    """`(title, type, path)` of the RSS and Atom feeds of the scopes named by `keys`."""
    by_key = {scope.key: scope for scope in scopes}
    links = []
    for key in dict.fromkeys(keys):
        scope = by_key.get(key)
        if scope is not None:
            links.append((f"{scope.title} (RSS)", RSS_TYPE, scope.rss_path))
            links.append((f"{scope.title} (Atom)", ATOM_TYPE, scope.atom_path))
    return links


def feed_keys_for(page_src: str, entry: Entry | None, scopes: list[FeedScope]) -> list[str]:
    """The feeds a page links in its head: the whole base, the entry's collection, the term's."""
    keys = ["all"]
    if entry is not None:
        keys.append(COLLECTION_NAMES[entry.kind])
    keys += [scope.key for scope in scopes if scope.page_src == page_src]
    return list(dict.fromkeys(keys))
