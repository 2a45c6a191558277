"""RSS 2.0 and Atom 1.0 feeds: the whole base, each collection, and each country, region,
SDG goal and theme in use.

A feed carries its newest entries by when they were published to the base (`published`,
else `date`), 50 by default (`feed_items`), so that a subscriber sees a lesson added today
about a mission of years ago, and a feed reader fetches a small file on every poll;
nothing is lost, since each feed links the open-data export of every entry. Each item is
dated by its entry's publication (never the build time), so the same content gives the
same feeds; a feed's own date is its newest entry's. Every feed names the content's
licence. Internal entries never reach a feed: every scope is drawn from the public
entries only.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from email.utils import format_datetime

from lessons_kb.finish.export import api_path
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.i18n import interface
from lessons_kb.kinds import KIND_FOLDERS, KINDS
from lessons_kb.model import Entry, KnowledgeBase, newest_published_first
from lessons_kb.vocab import is_country, regions, sdg_goal_of

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
COLLECTION_NAMES = KIND_FOLDERS
"""Each kind's feed is named after its folder: `feeds/lessons.xml`."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
EXPORT_PATH = api_path("entries.jsonl.gz")
"""The export of every entry, which each feed links."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedScope:
    """The public entries one feed follows, and the pages that offer it."""

    key: str
    """`all`, `lessons`, `countries/lca`, `regions/caribbean`, `sdgs/16`, `themes/<id>`."""
    title: str
    description: str
    page_src: str | None
    """The source path of the page listing the same entries (`countries/lca.md`), if any."""
    entries: tuple[Entry, ...]
    also_on: tuple[str, ...] = ()
    """Other pages that offer the feed (a region's feed on its countries' pages)."""

    @property
    def rss_path(self) -> str:
        return f"feeds/{self.key}.xml"

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom.xml"


def _index(public: list[Entry]) -> dict[str, dict[str, list[Entry]]]:
    """Public entries by country, region, SDG goal and theme, in one pass.

    A country's entries are those tagged with it and the lessons that name it in
    `applies_to`; a region's are the lessons that name the region in `applies_to`.
    """
    index: dict[str, dict[str, list[Entry]]] = {
        name: defaultdict(list) for name in ("countries", "regions", "sdgs", "themes")
    }
    known_regions = regions()
    for entry in public:
        places = entry.strings("applies_to") if entry.kind == "lesson" else []
        countries = [*entry.countries, *(p for p in places if is_country(p))]
        for code in dict.fromkeys(countries):
            index["countries"][code].append(entry)
        for region in dict.fromkeys(p for p in places if p in known_regions):
            index["regions"][region].append(entry)
        for goal in dict.fromkeys(sdg_goal_of(code) for code in entry.sdgs):
            index["sdgs"][goal].append(entry)
        for theme in dict.fromkeys(entry.themes):
            index["themes"][theme].append(entry)
    return index


def feed_scopes(kb: KnowledgeBase, site_name: str, language: str = "en") -> list[FeedScope]:
    """Every feed of the site, in a fixed order: whole base, collections, then terms in use;
    titled in `language`."""
    words = interface(language)
    g = words.gettext
    public = kb.public()
    scopes = [
        FeedScope(
            "all",
            words.gettext("%(site)s: all missions, findings and lessons") % {"site": site_name},
            words.gettext("Missions, findings and lessons, the newest first."),
            "index.md",
            tuple(newest_published_first(public)),
        )
    ]
    for kind, name in COLLECTION_NAMES.items():
        kinds = g(KINDS[kind].plural).lower()
        scopes.append(
            FeedScope(
                name,
                f"{site_name}: {kinds}",
                words.gettext("The %(kinds)s, the newest first.") % {"kinds": kinds},
                f"{KIND_FOLDERS[kind]}/index.md",
                tuple(newest_published_first(kb.of_kind(kind))),
            )
        )
    index = _index(public)
    for code in sorted(index["countries"]):
        name = words.country(code)
        scopes.append(
            FeedScope(
                f"countries/{code.lower()}",
                f"{site_name}: {name}",
                words.gettext(
                    "Entries about %(country)s, and the lessons that name it among the places "
                    "they apply to."
                )
                % {"country": name},
                f"countries/{code.lower()}.md",
                tuple(newest_published_first(index["countries"][code])),
            )
        )
    for region in sorted(index["regions"]):
        term = regions()[region]
        members = sorted(term.members)
        place = {"site": site_name, "region": g(term.title)}
        scopes.append(
            FeedScope(
                f"regions/{region}",
                words.gettext("%(site)s: lessons for %(region)s") % place,
                words.gettext("Lessons that apply to every country of %(region)s.") % place,
                None,
                tuple(newest_published_first(index["regions"][region])),
                also_on=tuple(f"countries/{code.lower()}.md" for code in members),
            )
        )
    for goal in sorted(index["sdgs"], key=_goal_order):
        scopes.append(
            FeedScope(
                f"sdgs/{goal}",
                words.gettext("%(site)s: SDG %(goal)s, %(title)s")
                % {"site": site_name, "goal": goal, "title": words.sdg_short(goal)},
                words.gettext("Entries on Sustainable Development Goal %(goal)s and its targets.")
                % {"goal": goal},
                f"sdgs/{goal}.md",
                tuple(newest_published_first(index["sdgs"][goal])),
            )
        )
    for theme in sorted(index["themes"]):
        label = kb.vocabulary.label("themes", theme)
        scopes.append(
            FeedScope(
                f"themes/{theme}",
                f"{site_name}: {label}",
                words.gettext("Entries on the theme “%(theme)s”.") % {"theme": label},
                f"themes/{theme}.md",
                tuple(newest_published_first(index["themes"][theme])),
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

    A term's scheme is the address of its taxonomy on the site, relative to the site
    (`countries/`; an Atom feed names the site as its `xml:base`): written in full on every
    category of every item, the address would be a quarter of all feeds. Labels are in the
    site's language."""
    words = interface(site.language)
    kind = KINDS.get(entry.kind)
    found = [Category(entry.kind, "", words.gettext(kind.title) if kind else entry.kind)]
    found += [Category(c, "countries/", words.country(c)) for c in entry.countries]
    found += [
        Category(code, "sdgs/", _sdg_label(code, site.language))
        for code in entry.sdgs
    ]
    found += [
        Category(t, "themes/", kb.vocabulary.label("themes", t))
        for t in entry.themes
    ]
    found += [
        Category(o, "organisations/", kb.vocabulary.label("organisations", o))
        for o in entry.organisations
    ]
    return found


def _sdg_label(code: str, language: str) -> str:
    """`SDG 16.6` for a target, `SDG 16: Peace, justice and strong institutions` for a goal."""
    words = interface(language)
    if "." in code:
        return words.gettext("SDG %(code)s") % {"code": code}
    return words.gettext("SDG %(code)s: %(title)s") % {"code": code, "title": words.sdg_short(code)}


def entry_datetime(entry: Entry) -> dt.datetime | None:
    """Midnight UTC of the day the entry was published to the base (else of its date), or
    None when it has neither."""
    try:
        day = dt.date.fromisoformat(entry.published)
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


def _rfc822(moment: dt.datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _document(root: ET.Element, closing: str, items: list[str]) -> bytes:
    """The feed's head as XML, with the items put before `closing`: an element a line, not
    indented (indentation was a twentieth of every feed)."""
    ET.indent(root, space="")
    head = ET.tostring(root, encoding="unicode")
    at = head.rindex(closing)
    block = "".join(f"{item}\n" for item in items)
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + head[:at] + block + head[at:] + "\n"
    return text.encode("utf-8")


class FeedWriter:
    """Writes the feeds of one site; each entry's item is built and serialised once,
    however many feeds carry it.

    Prefixed names (`dc:creator`, `atom:link`) are written as they are and their
    namespaces declared on the root, so that items serialised apart need no declaration.
    """

    def __init__(self, kb: KnowledgeBase, site: SiteInfo) -> None:
        self.kb = kb
        self.site = site
        self._rss_items: dict[str, str] = {}
        self._atom_items: dict[str, str] = {}

    def _shown(self, scope: FeedScope) -> tuple[Entry, ...]:
        """The entries a feed carries: its newest."""
        return scope.entries[: max(1, self.site.feed_items)]

    def _description(self, scope: FeedScope) -> str:
        """The scope's description, and where the entries it leaves out are."""
        shown = self._shown(scope)
        if len(shown) == len(scope.entries):
            return scope.description
        counts = {"shown": len(shown), "count": len(scope.entries)}
        rest = interface(self.site.language).gettext(
            "The newest %(shown)s of %(count)s; every entry is in the open data: %(url)s"
        ) % {**counts, "url": self.site.absolute(EXPORT_PATH)}
        return f"{scope.description} {rest}"

    def _page(self, scope: FeedScope) -> str:
        """The public address of the page listing the scope's entries (else the home page)."""
        path = self.site.page_path(scope.page_src) if scope.page_src else None
        return self.site.absolute(path or "")

    def _export_link(self) -> dict[str, str]:
        """A link to the export of every entry, which holds what a feed leaves out."""
        return {
            "rel": "related",
            "type": "application/gzip",
            "title": interface(self.site.language).gettext(
                "Every entry, as open data (JSON Lines, gzip-compressed)"
            ),
            "href": self.site.absolute(EXPORT_PATH),
        }

    # --- RSS 2.0 -----------------------------------------------------------------------

    def rss(self, scope: FeedScope) -> bytes:
        """The scope as an RSS 2.0 document."""
        site = self.site
        root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DC_NS})
        channel = _sub(root, "channel")
        _sub(channel, "title", scope.title)
        _sub(channel, "link", self._page(scope))
        _sub(channel, "description", self._description(scope))
        _sub(channel, "language", site.language)
        if site.license is not None:
            _sub(channel, "copyright", site.license.sentence())
        _sub(channel, "lastBuildDate", _rfc822(newest(scope.entries)))
        _sub(channel, "generator", "Lessons KB")
        _sub(channel, "atom:link", href=site.absolute(scope.rss_path), rel="self", type=RSS_TYPE)
        _sub(channel, "atom:link", **self._export_link())
        items = [self._rss_item(entry) for entry in self._shown(scope)]
        return _document(root, "</channel>", items)

    def _rss_item(self, entry: Entry) -> str:
        found = self._rss_items.get(entry.id)
        if found is not None:
            return found
        site = self.site
        item = ET.Element("item")
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
        for category in categories(self.kb, entry, site):
            scheme = {"domain": category.scheme} if category.scheme else {}
            _sub(item, "category", category.label, **scheme)
        for author in entry.strings("authors"):
            _sub(item, "dc:creator", author)
        ET.indent(item, space="")
        text = self._rss_items[entry.id] = ET.tostring(item, encoding="unicode")
        return text

    # --- Atom 1.0 ----------------------------------------------------------------------

    def atom(self, scope: FeedScope) -> bytes:
        """The scope as an Atom 1.0 document."""
        site = self.site
        root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: clean(site.language)})
        if site.url:
            root.set(XML_BASE, site.absolute(""))
        _sub(root, "id", site.stable_id("feed", scope.key, scope.atom_path))
        _sub(root, "title", scope.title)
        _sub(root, "subtitle", self._description(scope))
        _sub(root, "updated", _rfc3339(newest(scope.entries)))
        _sub(root, "link", rel="self", type=ATOM_TYPE, href=site.absolute(scope.atom_path))
        _sub(root, "link", rel="alternate", type="text/html", href=self._page(scope))
        _sub(root, "link", **self._export_link())
        if site.license is not None:
            _sub(root, "rights", site.license.sentence(), type="text")
        author = _sub(root, "author")
        _sub(author, "name", site.name)
        _sub(root, "generator", "Lessons KB")
        items = [self._atom_entry(entry) for entry in self._shown(scope)]
        return _document(root, "</feed>", items)

    def _atom_entry(self, entry: Entry) -> str:
        found = self._atom_items.get(entry.id)
        if found is not None:
            return found
        site = self.site
        item = ET.Element("entry")
        if entry.language != site.language:
            item.set(XML_LANG, clean(entry.language))
        _sub(item, "id", site.stable_id("entry", entry.id, site.entry_path(entry)))
        _sub(item, "title", entry.title, type="text")
        _sub(item, "link", rel="alternate", type="text/html", href=site.entry_url(entry))
        moment = entry_datetime(entry) or EPOCH
        _sub(item, "published", _rfc3339(moment))
        _sub(item, "updated", _rfc3339(moment))
        _sub(item, "summary", entry.summary, type="text")
        for category in categories(self.kb, entry, site):
            scheme = {"scheme": category.scheme} if category.scheme else {}
            _sub(item, "category", term=category.term, label=category.label, **scheme)
        for name in entry.strings("authors"):
            _sub(_sub(item, "author"), "name", name)
        ET.indent(item, space="")
        text = self._atom_items[entry.id] = ET.tostring(item, encoding="unicode")
        return text


EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- Empty on purpose: the theme reads a sitemap next to each alternate link. -->\n"
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def folder_sitemaps(scopes: list[FeedScope]) -> list[tuple[str, bytes]]:
    """An empty `sitemap.xml` in each folder of feeds.

    The theme's script fetches `sitemap.xml` beside every `<link rel="alternate">` of a
    page (it takes them for language versions); without these files each page load would
    end in requests for missing files.
    """
    folders = sorted({path.rsplit("/", 1)[0] for s in scopes for path in (s.rss_path, s.atom_path)})
    return [(f"{folder}/sitemap.xml", EMPTY_SITEMAP) for folder in folders]


def feed_links(scopes: list[FeedScope], keys: list[str]) -> list[tuple[str, str, str]]:
    """`(title, type, path)` of the RSS feeds of the scopes named by `keys`, for a page's
    head. A reader's app finds one format of each there (every app reads RSS); the Atom
    twins are listed on the open-data page, so a page does not name each feed twice."""
    by_key = {scope.key: scope for scope in scopes}
    links = []
    for key in dict.fromkeys(keys):
        scope = by_key.get(key)
        if scope is not None:
            links.append((scope.title, RSS_TYPE, scope.rss_path))
    return links


def feeds_by_page(scopes: list[FeedScope]) -> dict[str, list[str]]:
    """For each page that offers feeds of its own, the keys of those feeds."""
    found: dict[str, list[str]] = defaultdict(list)
    for scope in scopes:
        for page in (scope.page_src, *scope.also_on):
            if page is not None:
                found[page].append(scope.key)
    return dict(found)


def feed_keys_for(page_src: str, entry: Entry | None, by_page: dict[str, list[str]]) -> list[str]:
    """The feeds a page links in its head: the whole base, the entry's collection, the
    feeds of the page's own term (and, on a country's page, those of its regions)."""
    keys = ["all"]
    if entry is not None:
        keys.append(COLLECTION_NAMES[entry.kind])
    keys += by_page.get(page_src, [])
    return list(dict.fromkeys(keys))
