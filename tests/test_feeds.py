"""RSS and Atom feeds: the newest public entries of each scope by publication, their dates,
the content's licence, a link to every entry's export, autodiscovery."""

from __future__ import annotations

import datetime as dt
import email.utils
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from helpers import Project, new_project
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.finish.feeds import feed_scopes
from lessons_kb.finish.license import License
from lessons_kb.finish.publish import Publisher
from lessons_kb.finish.siteinfo import SiteInfo, relative_url

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/kb/"
EVIL_TITLE = '<script>alert(1)</script> "Quoted" & \'single\' =HYPERLINK("https://evil.example")'
EVIL_SUMMARY = '=HYPERLINK("https://evil.example/?a=1&b=2","Click") <script>alert(1)</script> "q"'

#: Each feed's scope: the ids of the public entries it must carry, newest first.
SCOPES = {
    "all": ["guy-lesson", "gy-2025", "evil-lesson", "pair-assessments", "skills-gap", "lca-2024"],
    "missions": ["gy-2025", "lca-2024"],
    "findings": ["skills-gap"],
    "lessons": ["guy-lesson", "evil-lesson", "pair-assessments"],
    "countries/lca": ["evil-lesson", "pair-assessments", "skills-gap", "lca-2024"],
    "countries/guy": ["guy-lesson", "gy-2025"],
    "regions/caribbean": ["evil-lesson", "pair-assessments"],
    "sdgs/16": ["evil-lesson", "pair-assessments", "skills-gap", "lca-2024"],
    "sdgs/9": ["gy-2025"],
    "themes/digital-government": ["lca-2024"],
    "themes/leadership": ["guy-lesson", "gy-2025"],
}
DATES = {
    "lca-2024": "2024-08-06",
    "skills-gap": "2024-08-07",
    "pair-assessments": "2024-08-09",
    "evil-lesson": "2024-09-01",
    "gy-2025": "2025-03-02",
    "guy-lesson": "2025-03-04",
}


def build_site(root: Path, *, build: bool = True) -> Project:
    """Two missions (Saint Lucia, Guyana), a finding, three public lessons, one internal."""
    project = new_project(root, with_entries=False)
    project.mission("lca-2024", date="2024-08-06")
    project.mission(
        "gy-2025",
        title="Peer learning in Georgetown",
        date="2025-03-02",
        start="2025-03-02",
        end="2025-03-03",
        location="Georgetown, Guyana",
        countries=["GUY"],
        sdgs=["9.c"],
        themes=["leadership"],
    )
    project.finding("skills-gap", "lca-2024", date="2024-08-07")
    project.lesson("pair-assessments", date="2024-08-09", applies_to=["caribbean"])
    project.lesson(
        "guy-lesson",
        title="Name a focal point in each ministry",
        date="2025-03-04",
        countries=None,
        sdgs=None,
        applies_to=["GUY"],
        themes=["leadership"],
    )
    project.lesson("evil-lesson", title=EVIL_TITLE, summary=EVIL_SUMMARY, date="2024-09-01")
    project.lesson(
        "hush-lesson",
        title="Internal lesson kept off the feeds",
        date="2026-01-01",
        sensitivity="internal",
        countries=["BHS"],
        sdgs=["5.1"],
        themes=["leadership"],
    )
    if build:
        project.build("--strict", check=True)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return build_site(tmp_path_factory.mktemp("feeds") / "kb")


def entry_id(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize("scope", sorted(SCOPES))
@pytest.mark.parametrize("suffix", [".xml", ".atom.xml"])
def test_feed_parses_and_carries_its_scope(site: Project, scope: str, suffix: str) -> None:
    path = site.site(f"feeds/{scope}{suffix}")
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if suffix == ".atom.xml" else "rss20")
    assert [entry_id(e.link) for e in feed.entries] == SCOPES[scope]
    for item in feed.entries:
        assert item.link.startswith(SITE_URL)
        assert item.id == item.link
        when = dt.date(*item.published_parsed[:3]).isoformat()
        assert when == DATES[entry_id(item.link)], "the item's date is the entry's date"
        assert item.title and item.summary
        assert item.tags, "categories from the taxonomies"
    newest = max(DATES[i] for i in SCOPES[scope])
    assert dt.date(*feed.feed.updated_parsed[:3]).isoformat() == newest


def test_only_terms_in_public_use_have_feeds(site: Project) -> None:
    feeds = sorted(
        p.relative_to(site.site("feeds")).as_posix()
        for p in site.site("feeds").rglob("*.xml")
        if p.name != "sitemap.xml"
    )
    expected = sorted(f"{s}{x}" for s in SCOPES for x in (".xml", ".atom.xml"))
    assert feeds == expected, "no feed for BHS, SDG 5 or anything only an internal entry uses"


def test_rss_has_the_required_elements(site: Project) -> None:
    root = ET.parse(site.site("feeds/lessons.xml")).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description", "lastBuildDate"):
        assert (channel.findtext(name) or "").strip(), name
    assert channel.findtext("link") == SITE_URL + "lessons/"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == SITE_URL + "feeds/lessons.xml"
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        for name in ("title", "link", "description", "guid", "pubDate"):
            assert (item.findtext(name) or "").strip(), name
        assert item.find("guid").get("isPermaLink") == "true"  # type: ignore[union-attr]
        parsed = email.utils.parsedate_to_datetime(item.findtext("pubDate") or "")
        assert parsed.date().isoformat() == DATES[entry_id(item.findtext("link") or "")]
        assert item.findall("category"), "categories from the taxonomies"


def test_atom_has_the_required_elements(site: Project) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site.site("feeds/countries/lca.atom.xml")).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert (root.findtext(name, namespaces=ns) or "").strip(), name
    assert root.findtext("a:updated", namespaces=ns) == "2024-09-01T00:00:00Z"
    rels = {link.get("rel"): link.get("href") for link in root.findall("a:link", ns)}
    assert rels == {
        "self": SITE_URL + "feeds/countries/lca.atom.xml",
        "alternate": SITE_URL + "countries/lca/",
        "related": SITE_URL + "api/v1/entries.jsonl.gz",  # every entry, beyond the newest
    }
    entries = root.findall("a:entry", ns)
    assert len(entries) == 4
    for entry in entries:
        for name in ("a:id", "a:title", "a:updated", "a:published", "a:summary"):
            assert (entry.findtext(name, namespaces=ns) or "").strip(), name
        assert entry.find("a:link[@rel='alternate']", ns) is not None
        terms = {c.get("term") for c in entry.findall("a:category", ns)}
        assert "LCA" in terms


def test_categories_name_countries_sdgs_and_themes(site: Project) -> None:
    feed = feedparser.parse(site.site("feeds/missions.atom.xml").read_bytes())
    guyana = next(e for e in feed.entries if entry_id(e.link) == "gy-2025")
    tags = {(t.term, t.scheme, t.label) for t in guyana.tags}
    assert ("GUY", "countries/", "Guyana") in tags
    assert ("9.c", "sdgs/", "SDG 9.c") in tags
    assert ("leadership", "themes/", "Leadership") in tags


def test_category_schemes_resolve_to_the_taxonomy_pages(site: Project) -> None:
    """A scheme is written relative to the site, which the feed names as its xml:base."""
    root = ET.fromstring(site.site("feeds/missions.atom.xml").read_bytes())
    base = root.get("{http://www.w3.org/XML/1998/namespace}base")
    assert base == SITE_URL
    schemes = {
        urljoin(base, c.get("scheme", ""))
        for c in root.iter("{http://www.w3.org/2005/Atom}category")
        if c.get("scheme")
    }
    assert schemes == {SITE_URL + t + "/" for t in ("countries", "sdgs", "themes", "organisations")}
    for scheme in schemes:
        page = site.site(scheme.removeprefix(SITE_URL) + "index.html")
        assert page.is_file(), f"{scheme} is no page of the site"


def test_user_text_is_escaped_in_feeds(site: Project) -> None:
    for name in ("feeds/all.xml", "feeds/all.atom.xml", "feeds/lessons.xml"):
        raw = site.site(name).read_text("utf-8")
        assert "<script>" not in raw
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
        root = ET.fromstring(raw.encode("utf-8"))
        texts = [el.text for el in root.iter() if el.text]
        assert EVIL_TITLE in texts, "the title survives escaping unchanged"
        assert EVIL_SUMMARY in texts


def test_pages_link_their_feeds_for_autodiscovery(site: Project) -> None:
    def feeds_of(rel: str) -> dict[str, str]:
        page = site.site(rel).read_text("utf-8")
        head = page.split("</head>", 1)[0]
        found = {}
        for tag in re.findall(r'<link rel="alternate" type="application/[a-z+]+xml"[^>]*>', head):
            href = re.search(r'href="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            assert site.site(target).is_file(), f"{rel} links a missing feed {href}"
            # The theme's script fetches a sitemap beside each alternate link.
            beside = posixpath.join(posixpath.dirname(target), "sitemap.xml")
            assert site.site(beside).is_file(), beside
            found[target] = tag
        return found

    # One format of each feed in the head (RSS); the Atom twins are on the open-data page.
    assert set(feeds_of("index.html")) == {"feeds/all.xml"}
    lesson = feeds_of("lessons/pair-assessments/index.html")
    assert set(lesson) == {"feeds/all.xml", "feeds/lessons.xml"}
    assert 'title="Test KB: lessons"' in lesson["feeds/lessons.xml"]
    assert "feeds/countries/lca.xml" in feeds_of("countries/lca/index.html")
    guyana = set(feeds_of("countries/guy/index.html"))
    assert {"feeds/countries/guy.xml", "feeds/regions/caribbean.xml"} <= guyana
    assert "feeds/sdgs/16.xml" in feeds_of("sdgs/16/index.html")
    assert "feeds/themes/leadership.xml" in feeds_of("themes/leadership/index.html")
    assert "feeds/missions.xml" in feeds_of("missions/index.html")


def test_feeds_follow_the_entries_not_the_build(tmp_path: Path) -> None:
    """The scopes come from the base alone; the same base gives the same feeds."""
    project = build_site(tmp_path / "again", build=False)
    kb = load_knowledge_base(project.content).kb
    scopes = feed_scopes(kb, "Test KB")
    assert [s.key for s in scopes][:4] == ["all", "missions", "findings", "lessons"]
    assert {s.key: [e.id for e in s.entries] for s in scopes} == SCOPES


def test_relative_feed_links() -> None:
    assert relative_url("feeds/all.xml", "") == "feeds/all.xml"
    assert relative_url("feeds/all.xml", "lessons/x/") == "../../feeds/all.xml"
    assert relative_url("feeds/all.xml", "lessons/x.html") == "../feeds/all.xml"
    assert SiteInfo(url="https://a.example/kb").absolute("feeds/x.xml") == (
        "https://a.example/kb/feeds/x.xml"
    )


def test_feeds_without_a_site_address(tmp_path: Path) -> None:
    """Without `site_url` links are relative and ids are URNs; the feeds still parse."""
    kb = load_knowledge_base(build_site(tmp_path / "bare", build=False).content).kb
    files = dict(Publisher(kb, SiteInfo(name="Test KB")).files())
    for name in ("feeds/all.xml", "feeds/all.atom.xml"):
        feed = feedparser.parse(files[name])
        assert not feed.bozo, feed.get("bozo_exception")
        assert [entry_id(e.link) for e in feed.entries] == SCOPES["all"]
        assert all(e.id.startswith("urn:lessons-kb:entry:") for e in feed.entries)
    assert feedparser.parse(files["feeds/all.xml"]).entries[0].link == "lessons/guy-lesson/"


LICENSE = License(
    "CC-BY-3.0-IGO",
    "https://creativecommons.org/licenses/by/3.0/igo/",
    "Creative Commons Attribution 3.0 IGO",
)


def _published_files(tmp_path: Path, **site: object) -> dict[str, bytes]:
    """The feeds of a base where a lesson about 2024 entered the base in 2026."""
    project = build_site(tmp_path / "published", build=False)
    project.lesson(
        "added-late",
        title="A lesson added long after its mission",
        date="2024-08-08",
        published="2026-02-01",
    )
    project.lesson("added-early", date="2025-06-01", published="2025-06-02")
    kb = load_knowledge_base(project.content).kb
    return dict(Publisher(kb, SiteInfo(name="Test KB", url=SITE_URL, **site)).files())  # type: ignore[arg-type]


def test_feeds_are_ordered_and_dated_by_publication(tmp_path: Path) -> None:
    files = _published_files(tmp_path)
    rss = feedparser.parse(files["feeds/lessons.xml"])
    assert [entry_id(e.link) for e in rss.entries][:2] == ["added-late", "added-early"]
    late = rss.entries[0]
    assert email.utils.parsedate_to_datetime(late.published).date() == dt.date(2026, 2, 1)
    atom = feedparser.parse(files["feeds/lessons.atom.xml"])
    assert atom.entries[0].published.startswith("2026-02-01")
    assert atom.feed.updated.startswith("2026-02-01"), "a feed is as new as its newest entry"
    # Without `published`, an entry counts as published on its `date`.
    dates = {entry_id(e.link): e.published[:10] for e in atom.entries}
    assert dates["guy-lesson"] == "2025-03-04"


def test_a_feed_carries_its_newest_entries_and_links_every_entry(tmp_path: Path) -> None:
    files = _published_files(tmp_path, feed_items=2)
    for name in ("feeds/all.xml", "feeds/all.atom.xml", "feeds/countries/lca.xml"):
        feed = feedparser.parse(files[name])
        assert not feed.bozo, feed.get("bozo_exception")
        assert [entry_id(e.link) for e in feed.entries] == ["added-late", "added-early"]
        export = SITE_URL + "api/v1/entries.jsonl.gz"
        assert export in feed.feed.get("subtitle", "") or export in feed.feed.get("description", "")
        related = [link.href for link in feed.feed.links if link.rel == "related"]
        assert related == [export], name
    # A feed with fewer entries than the limit carries them all and says nothing more.
    guyana = feedparser.parse(files["feeds/countries/guy.xml"])
    assert len(guyana.entries) == 2 and "open data" not in guyana.feed.description


def test_every_feed_names_the_licence(tmp_path: Path) -> None:
    files = _published_files(tmp_path, license=LICENSE)
    feeds = [name for name in files if name.startswith("feeds/") and name.endswith(".xml")]
    feeds = [name for name in feeds if not name.endswith("sitemap.xml")]
    assert len(feeds) > 10
    for name in feeds:
        root = ET.fromstring(files[name])
        if root.tag == "rss":
            rights = root.findtext("channel/copyright")
        else:
            rights = root.findtext("{http://www.w3.org/2005/Atom}rights")
        assert rights is not None and "CC-BY-3.0-IGO" in rights, name
        assert LICENSE.url in rights, name
    parsed = feedparser.parse(files["feeds/all.atom.xml"])
    assert "Creative Commons Attribution 3.0 IGO" in parsed.feed.rights
    # Without a licence setting, no feed claims one.
    bare = _published_files(tmp_path / "bare")
    assert (
        b"<copyright>" not in bare["feeds/all.xml"] and b"<rights" not in bare["feeds/all.atom.xml"]
    )
