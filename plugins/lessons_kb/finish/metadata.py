"""Machine-readable metadata of entry pages: schema.org JSON-LD, Open Graph, feed links.

Everything here returns HTML text to put in a page's `<head>`; every value taken from an
entry is escaped for the place it lands (attribute values, or JSON inside `<script>`).
"""

from __future__ import annotations

import html
import json
from typing import Any

from lessons_kb.finish.siteinfo import SiteInfo, relative_url
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.vocab import country_name, sdg_goal_of, sdg_short

SCHEMA_ORG = "https://schema.org"
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def attr(value: str) -> str:
    """Text escaped for a double-quoted HTML attribute."""
    return html.escape(value, quote=True)


def html_safe_json(data: Any, indent: int | None = None) -> str:
    """JSON with `<`, `>`, `&` written as `\\u` escapes: the same values, but text that no
    browser can take for markup, and that cannot end a `<script>` element."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    for char, escaped in _SCRIPT_UNSAFE.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


def script_json(data: Any) -> str:
    """JSON to embed in a `<script>` element."""
    return html_safe_json(data)


# --- schema.org ----------------------------------------------------------------------


def _country(code: str) -> dict[str, str]:
    return {"@type": "Country", "name": country_name(code), "identifier": code}


def _organisation(kb: KnowledgeBase, org: str) -> dict[str, str]:
    term = kb.vocabulary.organisations.get(org)
    found = {"@type": "Organization", "name": term.title if term else org, "identifier": org}
    if term and term.url:
        found["url"] = term.url
    return found


def _about(kb: KnowledgeBase, entry: Entry) -> list[dict[str, str]]:
    about = [
        {
            "@type": "DefinedTerm",
            "termCode": code,
            # A target's text is on the page and in the UN's list: here its code names it.
            "name": f"SDG {code}" if "." in code else f"SDG {code}: {sdg_short(code)}",
            "inDefinedTermSet": "https://unstats.un.org/sdgs/indicators/indicators-list/",
        }
        for code in entry.sdgs
    ]
    about += [
        {"@type": "DefinedTerm", "termCode": t, "name": kb.vocabulary.label("themes", t)}
        for t in entry.themes
    ]
    return about


def _keywords(kb: KnowledgeBase, entry: Entry) -> list[str]:
    words = [kb.vocabulary.label("themes", t) for t in entry.themes]
    words += [f"SDG {g}" for g in dict.fromkeys(sdg_goal_of(c) for c in entry.sdgs)]
    words += [country_name(c) for c in entry.countries]
    return list(dict.fromkeys(words))


def _ref(kb: KnowledgeBase, entry_id: str, site: SiteInfo, kind: str) -> dict[str, str] | None:
    target = kb.get(entry_id)
    if target is None or not target.is_public:
        return None
    return {"@type": kind, "@id": site.entry_url(target), "name": target.title}


def json_ld(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> dict[str, Any]:
    """The entry as schema.org: a mission as an Event, a finding or lesson as a Report."""
    # The page's address is the node's `@id`, and its summary the page's `<meta
    # name="description">`: neither is said a second time here (`url`, `description`).
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Event" if entry.kind == "mission" else "Report",
        "@id": site.entry_url(entry),
        "name": entry.title,
        "inLanguage": entry.language,
        "identifier": entry.id,
    }
    if entry.kind == "mission":
        data.update(_event(kb, entry))
    else:
        data.update(_report(kb, entry, site))
    about = _about(kb, entry)
    if about:
        data["about"] = about
    keywords = _keywords(kb, entry)
    if keywords:
        data["keywords"] = keywords
    data["isPartOf"] = {"@type": "WebSite", "name": site.name, "url": site.absolute("")}
    return data


def _event(kb: KnowledgeBase, entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "startDate": entry.data.get("start") or entry.date,
        "endDate": entry.data.get("end") or entry.data.get("start") or entry.date,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    place: dict[str, Any] = {"@type": "Place", "name": str(entry.data.get("location") or "")}
    if entry.countries:
        place["containedInPlace"] = [_country(c) for c in entry.countries]
    data["location"] = place
    organisers = entry.strings("organisers")
    if organisers:
        data["organizer"] = [_organisation(kb, o) for o in organisers]
    others = [o for o in entry.organisations if o not in organisers]
    if others:
        data["contributor"] = [_organisation(kb, o) for o in others]
    return data


def _report(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> dict[str, Any]:
    # `name` already gives the title: no `headline` (or `abstract`) repeating it.
    data: dict[str, Any] = {
        "dateCreated": entry.date,
        "datePublished": entry.published,
        "genre": "finding" if entry.kind == "finding" else "lesson learned",
        "creativeWorkStatus": entry.status,
    }
    if entry.data.get("last_reviewed"):
        data["dateModified"] = entry.data["last_reviewed"]
    if entry.countries:
        data["spatialCoverage"] = [_country(c) for c in entry.countries]
    authors = entry.strings("authors")
    if authors:
        data["author"] = [{"@type": "Organization", "name": a} for a in authors]
    if entry.organisations:
        data["mentions"] = [_organisation(kb, o) for o in entry.organisations]
    if entry.kind == "finding" and entry.mission_id:
        mission = _ref(kb, entry.mission_id, site, "Event")
        if mission:
            data["recordedAt"] = mission
    if entry.kind == "lesson":
        based_on = [r for f in entry.strings("findings") if (r := _ref(kb, f, site, "Report"))]
        if based_on:
            data["isBasedOn"] = based_on
    return data


# --- Open Graph and the head as a whole ----------------------------------------------


def open_graph(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> list[tuple[str, str]]:
    """`(property, content)` pairs of the entry's Open Graph tags."""
    # No `og:description`: the page's `<meta name="description">` (the summary) is what
    # link previews fall back to, and it is not said twice in every page's head.
    pairs = [
        ("og:type", "article"),
        ("og:title", entry.title),
        ("og:site_name", site.name),
    ]
    if "-" in entry.language:
        pairs.append(("og:locale", entry.language.replace("-", "_")))
    if site.url:
        pairs.append(("og:url", site.entry_url(entry)))
    if entry.published:
        pairs.append(("article:published_time", entry.published))
    if entry.data.get("last_reviewed"):
        pairs.append(("article:modified_time", str(entry.data["last_reviewed"])))
    pairs += [("article:tag", kb.vocabulary.label("themes", t)) for t in entry.themes]
    return pairs


def feed_link_tags(links: list[tuple[str, str, str]], page_url: str) -> list[str]:
    """`<link rel="alternate">` tags for feeds, `(title, type, path)`, relative to the page."""
    return [
        f'<link rel="alternate" type="{attr(kind)}" title="{attr(title)}" '
        f'href="{attr(relative_url(path, page_url))}">'
        for title, kind, path in links
    ]


def entry_head(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> list[str]:
    """Open Graph meta tags and the JSON-LD script of an entry page."""
    tags = [
        f'<meta property="{attr(name)}" content="{attr(value)}">'
        for name, value in open_graph(kb, entry, site)
    ]
    tags.append(
        '<script type="application/ld+json">' + script_json(json_ld(kb, entry, site)) + "</script>"
    )
    return tags


def inject_head(page_html: str, tags: list[str]) -> str:
    """The page with `tags` inserted just before its `</head>`."""
    if not tags:
        return page_html
    index = page_html.find("</head>")
    if index < 0:
        return page_html
    block = "".join(f"  {tag}\n" for tag in tags)
    return page_html[:index] + block + page_html[index:]
