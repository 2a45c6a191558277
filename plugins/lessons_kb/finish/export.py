"""The open-data export: every public entry as JSON, with its URL, references and backlinks.

`entries.jsonl.gz` holds every public entry, one per line after a header line, to be read
as a stream; `entries/<id>.json` holds one. Each entry's
`metadata` is its front matter as the editor wrote it (SDG codes as strings), and
validates against the published schema of its kind.
"""

from __future__ import annotations

import gzip
from typing import Any

from lessons_kb.finish.metadata import html_safe_json
from lessons_kb.finish.siteinfo import SiteInfo
from lessons_kb.kinds import KIND_FOLDERS, REFERENCE_FIELDS
from lessons_kb.model import Entry, KnowledgeBase, newest_first
from lessons_kb.schema import field_names
from lessons_kb.site.render import markdown_text
from lessons_kb.site.taxonomy import taxonomy_path
from lessons_kb.source.body import WikiLink, replace_wikilinks
from lessons_kb.vocab import (
    country_name,
    is_country,
    regions,
    sdg_goal_of,
    sdg_short,
    sdg_title,
)

API = "api/v1/"
EXPORT_VERSION = "1"


def api_path(name: str) -> str:
    """The path of an export file within the site: `api/v1/<name>`."""
    return API + name


def _public(kb: KnowledgeBase, entry_id: str) -> Entry | None:
    target = kb.get(entry_id)
    return target if target is not None and target.is_public else None


def metadata(kb: KnowledgeBase, entry: Entry) -> dict[str, Any]:
    """The entry's front matter in schema order, SDGs as strings, references to public entries."""
    data = dict(entry.data)
    if "sdgs" in data:
        data["sdgs"] = entry.sdgs
    for name in REFERENCE_FIELDS[entry.kind]:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [v for v in value if _public(kb, str(v)) is not None]
        elif isinstance(value, str) and _public(kb, value) is None:
            del data[name]
    order = {name: i for i, name in enumerate(field_names(entry.kind))}
    return {k: data[k] for k in sorted(data, key=lambda k: (order.get(k, len(order)), k))}


def _link(kb: KnowledgeBase, target: Entry, field: str, site: SiteInfo) -> dict[str, str]:
    return {
        "field": field,
        "id": target.id,
        "kind": target.kind,
        "title": target.title,
        "url": site.entry_url(target),
    }


def references(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> list[dict[str, str]]:
    """What the entry points at (public entries only), field by field."""
    found = []
    if entry.mission_id and (mission := _public(kb, entry.mission_id)) is not None:
        found.append(_link(kb, mission, "mission", site))
    for name, ids in entry.references().items():
        for target_id in ids:
            if (target := _public(kb, target_id)) is not None:
                found.append(_link(kb, target, name, site))
    return found


def backlinks(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> list[dict[str, str]]:
    """The public entries that point at this one, by field then newest first."""
    by_field: dict[str, list[Entry]] = {}
    for link in kb.backlinks.get(entry.id, ()):
        source = _public(kb, link.source)
        if source is not None:
            by_field.setdefault(link.field, [])
            if source not in by_field[link.field]:
                by_field[link.field].append(source)
    return [
        _link(kb, source, name, site)
        for name in sorted(by_field)
        for source in newest_first(by_field[name])
    ]


def term_url(kb: KnowledgeBase, taxonomy: str, term: str, site: SiteInfo) -> str | None:
    """The public URL of a term's page, where the site has one."""
    src = taxonomy_path(kb, taxonomy, term)
    path = site.page_path(src) if src else None
    return site.absolute(path) if path is not None else None


def _term(
    kb: KnowledgeBase, taxonomy: str, term: str, label: str, site: SiteInfo
) -> dict[str, Any]:
    return {"id": term, "label": label, "url": term_url(kb, taxonomy, term, site)}


def terms(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> dict[str, list[dict[str, Any]]]:
    """The entry's taxonomy terms with their labels and pages."""
    found: dict[str, list[dict[str, Any]]] = {
        "countries": [_term(kb, "countries", c, country_name(c), site) for c in entry.countries],
        "sdgs": [
            _term(
                kb,
                "sdgs",
                sdg_goal_of(code),
                sdg_title(code) if "." in code else sdg_short(code),
                site,
            )
            | {"id": code}
            for code in entry.sdgs
        ],
        "themes": [
            _term(kb, "themes", t, kb.vocabulary.label("themes", t), site) for t in entry.themes
        ],
        "organisations": [
            _term(kb, "organisations", o, kb.vocabulary.label("organisations", o), site)
            for o in entry.organisations
        ],
    }
    if entry.kind == "lesson":
        places = []
        for place in entry.strings("applies_to"):
            if place in regions():
                places.append({"id": place, "label": regions()[place].title, "url": None})
            elif is_country(place):
                places.append(_term(kb, "countries", place, country_name(place), site))
        found["applies_to"] = places
    return found


def body(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> str:
    """The entry's Markdown body, `[[id]]` links made into links to the target's page."""

    def link(wiki: WikiLink) -> str:
        target = _public(kb, wiki.target)
        if target is None:
            return markdown_text(wiki.text or wiki.target)
        text = wiki.text if wiki.text else markdown_text(target.title)
        return f"[{text}]({site.entry_url(target)})"

    return replace_wikilinks(entry.body, link).strip() + "\n"


def entry_record(kb: KnowledgeBase, entry: Entry, site: SiteInfo) -> dict[str, Any]:
    """Everything the export says of one public entry."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "url": site.entry_url(entry),
        "data_url": site.absolute(api_path(f"entries/{entry.id}.json")),
        "title": entry.title,
        "summary": entry.summary,
        "date": entry.date,
        "status": entry.status,
        "language": entry.language,
        "metadata": metadata(kb, entry),
        "terms": terms(kb, entry, site),
        "references": references(kb, entry, site),
        "backlinks": backlinks(kb, entry, site),
        "body": body(kb, entry, site),
    }


def exported_entries(kb: KnowledgeBase) -> list[Entry]:
    """The public entries in export order: missions, findings, lessons; each newest first."""
    return [e for kind in KIND_FOLDERS for e in kb.of_kind(kind)]


def entries_document(
    kb: KnowledgeBase, site: SiteInfo, records: list[dict[str, Any]]
) -> dict[str, Any]:
    """`entries.json`: the site, the export's version and date, and every record."""
    dates = [r["date"] for r in records if r["date"]]
    document: dict[str, Any] = {
        "$schema": site.absolute(api_path("schemas/entries.json")),
        "version": EXPORT_VERSION,
        "site": {"name": site.name, "url": site.url or None},
    }
    if site.license is not None:
        document["license"] = site.license.record()
    document.update(updated=max(dates, default=None), count=len(records), entries=records)
    return document


EXPORT_FILE = "entries.jsonl.gz"


def entries_lines(document: dict[str, Any]) -> bytes:
    """`entries.jsonl.gz`: the document's header (everything but its entries) on the first
    line, then one entry a line, gzip-compressed the same way every time. A reader that
    puts the lines after the first back under `entries` has `entries.json`'s document."""
    header = {key: value for key, value in document.items() if key != "entries"}
    lines = [html_safe_json(header), *(html_safe_json(r) for r in document["entries"])]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def entry_document(site: SiteInfo, record: dict[str, Any]) -> dict[str, Any]:
    """`entries/<id>.json`: one record, naming the schema it follows."""
    return {"$schema": site.absolute(api_path("schemas/entry.json")), **record}


def json_bytes(document: Any) -> bytes:
    """Stable, readable JSON (UTF-8, two-space indent, a final newline), HTML-safe."""
    return (html_safe_json(document, indent=2) + "\n").encode("utf-8")
