"""The site under a sub-path, as GitHub Pages serves it (`https://<org>.github.io/<repo>/`).

The example is built with `SITE_URL` (the publish workflow's way of setting `site_url`) set
to `http://127.0.0.1:<port>/kb/`, served from the parent folder, and crawled: every link,
asset, feed and export address found in any page, feed or JSON file must resolve.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from helpers import build_strict, copy_example, read_export, serve

pytestmark = pytest.mark.slow

#: `data-lkb-site` and `data-lkb-root` (the site's address and root, from which the print
#: addresses of links are set in the browser) name addresses too.
URL_ATTRIBUTES = {
    "href",
    "src",
    "data-src",
    "data-print-href",
    "data-lkb-site",
    "data-lkb-root",
    "action",
    "poster",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _Links(HTMLParser):
    """Every address in a page: link and asset attributes, `srcset`, and absolute
    addresses in `<meta content>` (Open Graph)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in URL_ATTRIBUTES:
                self.found.append(value)
            elif name == "srcset":
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "content" and tag == "meta" and value.startswith("http"):
                self.found.append(value)


def _json_strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_strings(value)


@dataclass
class Crawl:
    """What a crawl fetched, and every broken address with the file that names it."""

    base: str
    status: dict[str, int] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    checked: int = 0

    def fetch(self, url: str) -> tuple[int, bytes, str]:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            return error.code, b"", ""

    def addresses(self, url: str, body: bytes, kind: str) -> list[str]:
        """Addresses named by the document at `url`, absolute, without fragments."""
        text = body.decode("utf-8", "replace")
        found: list[str] = []
        if kind == "text/html":
            parser = _Links()
            parser.feed(text)
            found = parser.found
        elif kind == "text/css":
            found = [u for u in CSS_URL.findall(text) if not u.startswith("data:")]
        elif kind in ("application/xml", "text/xml") or url.endswith(".xml"):
            root = ET.fromstring(body)
            for element in root.iter():
                found += [v for k, v in element.attrib.items() if k in ("href", "src")]
                if element.text and element.text.strip().startswith(self.origin):
                    found.append(element.text.strip())
        elif kind == "application/json" or url.endswith(".json"):
            data = json.loads(text)
            found = [s for s in _json_strings(data) if s.startswith(self.origin + "/")]
            if url.endswith("search/search_index.json"):
                # Search results link to `location`, relative to the site's root.
                found += [self.base + doc["location"] for doc in data["docs"]]
            if url.endswith("browse/catalog.json"):
                found += [self.base + entry["u"] for entry in data["entries"]]
            if url.endswith("datapackage.json"):  # resources by paths relative to it
                found += [r["path"] for r in data["resources"] if isinstance(r.get("path"), str)]
        elif kind == "text/csv" or url.endswith(".csv"):
            rows = csv.reader(io.StringIO(text))
            found = [cell for row in rows for cell in row if cell.startswith(self.origin + "/")]
        absolute = (urldefrag(urljoin(url, unquote(a).strip()))[0] for a in found)
        return [a.split("?")[0] for a in absolute if a.startswith(self.origin + "/")]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"

    def run(self, seeds: list[str]) -> None:
        """Fetch every seed, then every same-origin address any of them names."""
        names: dict[str, str] = {}  # address -> a document that names it
        pending = list(dict.fromkeys(seeds))
        with ThreadPoolExecutor(8) as pool:
            while pending:
                results = list(pool.map(self.fetch, pending))
                discovered: list[str] = []
                for url, (status, body, kind) in zip(pending, results, strict=True):
                    self.status[url] = status
                    if status != 200:
                        self.broken.append(f"{url} ({status}), named in {names.get(url, 'seeds')}")
                        continue
                    if not url.startswith(self.base):
                        self.broken.append(f"{url} is outside the site, named in {names[url]}")
                        continue
                    for address in self.addresses(url, body, kind):
                        self.checked += 1
                        if address not in self.status and address not in names:
                            names[address] = url
                            discovered.append(address)
                pending = discovered


def _site_files(site: Path) -> list[str]:
    """Every page, feed, export and stylesheet of the built site, as paths within it."""
    wanted = {".html", ".xml", ".json", ".css", ".csv"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.suffix in wanted
    )


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example built for `http://127.0.0.1:<port>/kb/` and served there."""
    root = tmp_path_factory.mktemp("subpath")
    project = copy_example(root / "project")
    served = root / "www"
    served.mkdir()
    with serve(served) as origin:
        base = origin + "/kb/"
        yield base, build_strict(project, served / "kb", SITE_URL=base)


def test_the_build_uses_the_sub_path_address(subpath_site: tuple[str, Path]) -> None:
    base, site = subpath_site
    page = (site / "lessons" / "agree-focal-points-during-scoping" / "index.html").read_text()
    assert f'<link rel="canonical" href="{base}lessons/agree-focal-points-during-scoping/">' in page
    feed = (site / "feeds" / "all.xml").read_text("utf-8")
    assert f"<link>{base}</link>" in feed
    entries = read_export(site / "api" / "v1")
    assert all(e["url"].startswith(base) for e in entries["entries"])


def test_every_address_in_every_file_resolves_under_the_sub_path(
    subpath_site: tuple[str, Path],
) -> None:
    base, site = subpath_site
    crawl = Crawl(base)
    crawl.run([base, *(base + rel for rel in _site_files(site))])
    assert crawl.broken == [], "\n".join(crawl.broken[:30])
    # The crawl went everywhere: pages, assets, feeds and exports all checked.
    fetched = set(crawl.status)
    for needed in (
        "index.html",
        "browse/catalog.json",
        "feeds/all.atom.xml",
        "api/v1/entries.jsonl.gz",
        "api/v1/datapackage.json",
        "api/v1/lessons.csv",
        "assets/lessons-kb/catalog.js",
        "assets/lessons-kb/print-links.js",
    ):
        assert base + needed in fetched, needed
    assert crawl.checked > 5000


def test_the_home_page_links_everything_it_needs_under_the_sub_path(
    subpath_site: tuple[str, Path],
) -> None:
    """Pages reached from the home page, by following links only, cover every entry."""
    base, site = subpath_site
    crawl = Crawl(base)
    crawl.run([base])
    pages = {u for u in crawl.status if u.endswith("/")}
    for folder in ("missions", "findings", "lessons"):
        for entry in (site / folder).iterdir():
            if entry.is_dir():
                assert f"{base}{folder}/{entry.name}/" in pages, entry


def test_the_crawl_reports_what_is_missing_and_what_leaves_the_sub_path(tmp_path: Path) -> None:
    site = tmp_path / "kb"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="found.html">ok</a><a href="missing/">broken</a><a href="/elsewhere/">out</a>'
    )
    (site / "found.html").write_text('<img src="img/none.png">')
    (site / "feed.xml").write_text("<rss><channel><link>{base}gone/</link></channel></rss>")
    with serve(tmp_path) as origin:
        base = origin + "/kb/"
        feed = site / "feed.xml"
        feed.write_text(feed.read_text().replace("{base}", base))
        crawl = Crawl(base)
        crawl.run([base, base + "feed.xml"])
    report = "\n".join(crawl.broken)
    assert f"{base}missing/ (404)" in report
    assert f"{base}img/none.png (404)" in report
    assert f"{base}gone/ (404), named in {base}feed.xml" in report
    assert f"{origin}/elsewhere/ (404)" in report
