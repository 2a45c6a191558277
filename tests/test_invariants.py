"""Nothing lost, nothing leaked: invariants over a generated base of 300 entries, some internal.

The base is generated (deterministically) with about one entry in ten internal, and built
once. Every public entry must appear on its own page, its collection page, each of its
taxonomy pages, in the catalog data, the search index, the feeds of every scope it falls
in and the exports (the entries JSON, its own JSON file, its collection's CSV). No
internal entry's id or title may appear in any file of the site, compressed files
included.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from helpers import Project, read_export
from lessons_kb.checks.run import LoadResult, load_knowledge_base
from lessons_kb.finish.siteinfo import FEED_ITEMS
from lessons_kb.kinds import KIND_FOLDERS
from lessons_kb.model import Entry, newest_published_first
from lessons_kb.synthetic.generate import generate
from lessons_kb.vocab import is_country, regions, sdg_goal_of

pytestmark = pytest.mark.slow

ENTRIES = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, LoadResult]:
    corpus = generate(tmp_path_factory.mktemp("invariants") / "kb", ENTRIES, 7, 0.1)
    project = Project(corpus.root)
    result = load_knowledge_base(project.content, project.root)
    assert result.errors == []
    project.build("--strict", check=True)
    return project, result


@pytest.fixture(scope="module")
def public(built: tuple[Project, LoadResult]) -> list[Entry]:
    entries = built[1].kb.public()
    assert 200 < len(entries) < ENTRIES
    return entries


@pytest.fixture(scope="module")
def internal(built: tuple[Project, LoadResult]) -> list[Entry]:
    entries = [e for e in built[1].kb.entries.values() if not e.is_public]
    assert len(entries) >= 10, "the base must have internal entries for this test to mean much"
    return entries


def url_of(entry: Entry) -> str:
    return f"{KIND_FOLDERS[entry.kind]}/{entry.id}/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)


def make_links(site: Path):
    """`links(page_url)`: the site paths a page links to (relative links resolved)."""

    @cache
    def links(page_url: str) -> frozenset[str]:
        path = site / page_url / "index.html"
        assert path.is_file(), f"no page {page_url}"
        parser = _Links()
        parser.feed(path.read_text("utf-8"))
        found = set()
        for href in parser.hrefs:
            if re.match(r"^[a-z]+:|^//|^#", href):
                continue
            target = posixpath.normpath(posixpath.join(page_url, href.split("#")[0]))
            found.add(target.removeprefix("./").rstrip("/") + "/")
        return frozenset(found)

    return links


def make_catalog_filters(site: Path):
    """`filters(page_url)`: the facet filters of each link from a page to the catalog
    (`browse/?kind=lesson&country=LCA`): a page that lists only its newest entries reaches
    the rest through them."""

    @cache
    def filters(page_url: str) -> tuple[dict[str, frozenset[str]], ...]:
        parser = _Links()
        parser.feed((site / page_url / "index.html").read_text("utf-8"))
        found = []
        for href in parser.hrefs:
            path, _, query = href.partition("?")
            target = posixpath.normpath(posixpath.join(page_url, path))
            if target.rstrip("/") == "browse" and query:
                wanted: dict[str, set[str]] = defaultdict(set)
                for key, value in parse_qsl(query):
                    wanted[key].add(value)
                found.append({key: frozenset(values) for key, values in wanted.items()})
        return tuple(found)

    return filters


def in_catalog_view(facets: dict[str, list[str]], wanted: dict[str, frozenset[str]]) -> bool:
    """Whether an entry with these facet values is in the catalog filtered as `wanted`."""
    return all(values & set(facets.get(facet, [])) for facet, values in wanted.items())


def taxonomy_pages(entry: Entry) -> list[str]:
    """The taxonomy pages an entry must be listed on, from its own fields."""
    pages = [f"countries/{code.lower()}/" for code in entry.countries]
    pages += [f"sdgs/{goal}/" for goal in dict.fromkeys(sdg_goal_of(c) for c in entry.sdgs)]
    pages += [f"themes/{theme}/" for theme in entry.themes]
    organisations = dict.fromkeys([*entry.organisations, *entry.strings("organisers")])
    pages += [f"organisations/{org}/" for org in organisations]
    pages.append(f"years/{entry.date[:4]}/")
    if entry.kind == "lesson":
        pages.append(f"statuses/{entry.status}/")
    return pages


def feed_keys(entry: Entry) -> list[str]:
    """The feeds whose scope includes an entry."""
    places = entry.strings("applies_to") if entry.kind == "lesson" else []
    countries = dict.fromkeys([*entry.countries, *(p for p in places if is_country(p))])
    keys = ["all", KIND_FOLDERS[entry.kind]]
    keys += [f"countries/{code.lower()}" for code in countries]
    keys += [f"regions/{region}" for region in places if region in regions()]
    keys += [f"sdgs/{goal}" for goal in dict.fromkeys(sdg_goal_of(c) for c in entry.sdgs)]
    keys += [f"themes/{theme}" for theme in dict.fromkeys(entry.themes)]
    return keys


def test_every_public_entry_is_on_its_pages(
    built: tuple[Project, LoadResult], public: list[Entry]
) -> None:
    project, _ = built
    site = project.site()
    links = make_links(site)
    filters = make_catalog_filters(site)
    catalog = json.loads(project.site("browse/catalog.json").read_text("utf-8"))
    facets = {e["id"]: e["f"] for e in catalog["entries"]}
    missing: dict[str, list[str]] = defaultdict(list)
    for entry in public:
        page = (site / url_of(entry) / "index.html").read_text("utf-8")
        if html.escape(entry.title, quote=False) not in page:
            missing[entry.id].append("its own page")
        for listing in [f"{KIND_FOLDERS[entry.kind]}/", *taxonomy_pages(entry)]:
            listed = url_of(entry) in links(listing)
            through = any(in_catalog_view(facets[entry.id], f) for f in filters(listing))
            if not (listed or through):
                missing[entry.id].append(listing)
    assert dict(missing) == {}


def test_every_public_entry_is_in_the_catalog_and_the_search_index(
    built: tuple[Project, LoadResult], public: list[Entry]
) -> None:
    project, _ = built
    catalog = json.loads(project.site("browse/catalog.json").read_text("utf-8"))
    assert {e["id"] for e in catalog["entries"]} == {e.id for e in public}
    assert {e["u"] for e in catalog["entries"]} == {url_of(e) for e in public}
    index = json.loads(project.site("search/search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert [e.id for e in public if url_of(e) not in locations] == []


def feed_links(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    found = {el.text for el in root.iter("link") if el.text}  # RSS
    found |= {
        el.get("href", "")
        for el in root.iter("{http://www.w3.org/2005/Atom}link")
        if el.get("rel", "alternate") == "alternate"
    }
    return found


def test_every_public_entry_is_in_the_feeds_of_its_scopes(
    built: tuple[Project, LoadResult], public: list[Entry]
) -> None:
    """Each feed carries the newest entries of its scope by publication (`FEED_ITEMS`); a
    scope with more links the export, which holds every entry."""
    project, _ = built
    site_url = re.search(r"^site_url: (\S+)", project.root.joinpath("mkdocs.yml").read_text(), re.M)
    assert site_url is not None
    base = site_url.group(1).strip("'\"")
    read = cache(feed_links)
    scopes: dict[str, list[Entry]] = defaultdict(list)
    for entry in public:
        for key in feed_keys(entry):
            scopes[key].append(entry)
    missing = defaultdict(list)
    for key, entries in scopes.items():
        newest = newest_published_first(entries)
        for name in (f"{key}.xml", f"{key}.atom.xml"):
            path = project.site("feeds") / name
            carried = read(path) if path.is_file() else set()
            for entry in newest[:FEED_ITEMS]:
                if base + url_of(entry) not in carried:
                    missing[entry.id].append(name)
            if len(newest) > FEED_ITEMS:
                assert base + "api/v1/entries.jsonl.gz" in path.read_text("utf-8"), name
    assert max(len(e) for e in scopes.values()) > FEED_ITEMS, "some feed must be cut short"
    assert dict(missing) == {}


def test_every_public_entry_is_in_the_exports(
    built: tuple[Project, LoadResult], public: list[Entry]
) -> None:
    project, _ = built
    api = project.site("api/v1")
    document = read_export(api)
    assert document["count"] == len(public)
    assert sorted(e["id"] for e in document["entries"]) == sorted(e.id for e in public)
    rows = {}
    for kind, folder in KIND_FOLDERS.items():
        table = list(csv.DictReader(io.StringIO((api / f"{folder}.csv").read_text("utf-8"))))
        rows[kind] = {row["id"] for row in table}
    for entry in public:
        own = json.loads((api / "entries" / f"{entry.id}.json").read_text("utf-8"))
        assert entry.title in json.dumps(own, ensure_ascii=False), entry.id
        assert entry.id in rows[entry.kind], entry.id
    assert sum(len(ids) for ids in rows.values()) == len(public)
    files = {p.stem for p in (api / "entries").glob("*.json")}
    assert files == {e.id for e in public}


def site_texts(site: Path):
    """`(path, text)` of every file of the site; compressed files are read decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, Pagefind's index
            data = gzip.decompress(data)
        yield path.relative_to(site).as_posix(), data.decode("utf-8", "replace")


def test_no_internal_entry_appears_in_any_file(
    built: tuple[Project, LoadResult], public: list[Entry], internal: list[Entry]
) -> None:
    project, _ = built
    public_titles = {e.title for e in public}
    ids = re.compile(
        r"(?<![a-z0-9-])(" + "|".join(re.escape(e.id) for e in internal) + r")(?![a-z0-9-])"
    )
    # A title shared with a public entry may appear: it is the public one's.
    own_titles = [e.title for e in internal if e.title not in public_titles]
    assert len(own_titles) >= 0.8 * len(internal), "too few titles to tell internal from public"
    titles = {
        form
        for title in own_titles
        for form in (title, html.escape(title), json.dumps(title)[1:-1])
    }
    leaks = []
    checked = 0
    for rel, text in site_texts(project.site()):
        checked += 1
        leaks += [f"{rel}: id {m}" for m in ids.findall(text)[:3]]
        leaks += [f"{rel}: title {t!r}" for t in titles if t in text][:3]
    assert leaks == []
    assert checked > len(public)
