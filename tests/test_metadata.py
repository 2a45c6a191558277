"""Entry pages carry schema.org JSON-LD, Open Graph, a description and a canonical URL,
and user text is escaped wherever it lands in the HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import Project, new_project
from lessons_kb.finish.metadata import html_safe_json, inject_head, script_json

pytestmark = pytest.mark.slow

SITE_URL = "https://example.org/kb/"
EVIL_TITLE = '<script>alert(1)</script> "Quoted" & \'single\' =HYPERLINK("https://evil.example")'
EVIL_SUMMARY = (
    '=HYPERLINK("https://evil.example/?a=1&b=2","Click") </script><script>alert(1)</script>'
)


class Head(HTMLParser):
    """The parts of a page's head this module checks: meta, links, title, JSON-LD."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.meta.append(values)
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data

    def property(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == name]

    def named(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("name") == name]


def head_of(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text("utf-8").split("</head>", 1)[0])
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("metadata") / "kb", with_entries=False)
    project.mission(organisers=["un-desa", "eclac"], themes=["digital-government", "leadership"])
    project.finding(themes=["leadership"])
    project.lesson(themes=["leadership"], last_reviewed="2025-01-15")
    project.lesson("evil-lesson", title=EVIL_TITLE, summary=EVIL_SUMMARY, date="2024-08-09")
    project.build("--strict", check=True)
    return project


def json_ld(site: Project, rel: str) -> dict[str, object]:
    head = head_of(site.site(rel))
    assert len(head.json_ld) == 1, "one JSON-LD block"
    return json.loads(head.json_ld[0])


def test_lesson_is_a_report_about_its_sdgs_and_place(site: Project) -> None:
    data = json_ld(site, "lessons/pair-assessments/index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["@id"] == SITE_URL + "lessons/pair-assessments/"
    assert "url" not in data and "description" not in data, "said once: @id, meta description"
    assert data["name"] == "Pair assessments with mindset work"
    assert data["datePublished"] == "2024-08-07"
    assert data["dateModified"] == "2025-01-15"
    assert data["spatialCoverage"] == [
        {"@type": "Country", "name": "Saint Lucia", "identifier": "LCA"}
    ]
    about = {a["termCode"]: a for a in data["about"]}  # type: ignore[union-attr, index]
    assert about["16.6"]["name"] == "SDG 16.6"
    assert about["16.6"]["inDefinedTermSet"].startswith("https://unstats.un.org/sdgs/")
    assert about["leadership"]["name"] == "Leadership"
    assert {"Leadership", "SDG 16", "Saint Lucia"} <= set(data["keywords"])  # type: ignore[arg-type]
    assert data["isBasedOn"] == [
        {
            "@type": "Report",
            "@id": SITE_URL + "findings/skills-gap/",
            "name": "Skills gap in the public service",
        }
    ]


def test_finding_is_a_report_recorded_at_its_mission(site: Project) -> None:
    data = json_ld(site, "findings/skills-gap/index.html")
    assert data["@type"] == "Report"
    assert data["genre"] == "finding"
    assert data["recordedAt"]["@type"] == "Event"  # type: ignore[index]
    assert data["recordedAt"]["@id"] == SITE_URL + "missions/lca-2024/"  # type: ignore[index]
    assert data["keywords"] and data["spatialCoverage"]


def test_mission_is_an_event_with_dates_place_and_organisers(site: Project) -> None:
    data = json_ld(site, "missions/lca-2024/index.html")
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2024-08-06", "2024-08-07")
    location = data["location"]
    assert location["@type"] == "Place"  # type: ignore[index]
    assert location["name"] == "Castries, Saint Lucia"  # type: ignore[index]
    assert location["containedInPlace"][0]["name"] == "Saint Lucia"  # type: ignore[index]
    assert [o["name"] for o in data["organizer"]] == ["UN DESA", "ECLAC"]  # type: ignore[union-attr]
    assert {"Digital government", "Leadership"} <= set(data["keywords"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rel",
    [
        "missions/lca-2024/index.html",
        "findings/skills-gap/index.html",
        "lessons/pair-assessments/index.html",
    ],
)
def test_open_graph_description_and_canonical(site: Project, rel: str) -> None:
    head = head_of(site.site(rel))
    url = SITE_URL + rel.removesuffix("index.html")
    data = json_ld(site, rel)
    assert head.property("og:title") == [data["name"]]
    assert head.property("og:description") == [], "link previews read the description"
    assert len(head.named("description")) == 1, "one description: the summary"
    assert data["@id"] == url
    assert head.property("og:url") == [url]
    assert head.property("og:type") == ["article"]
    assert head.property("og:site_name") == ["Test KB"]
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == [url]


def test_pages_that_are_not_entries_carry_no_entry_metadata(site: Project) -> None:
    head = head_of(site.site("lessons/index.html"))
    assert head.json_ld == [] and head.property("og:title") == []


def test_user_text_is_escaped_in_html(site: Project) -> None:
    rel = "lessons/evil-lesson/index.html"
    head = head_of(site.site(rel))
    assert head.named("description") == [EVIL_SUMMARY], "escaped, so it reads back exactly"
    assert head.property("og:title") == [EVIL_TITLE]
    assert head.title.startswith(EVIL_TITLE)
    data = json_ld(site, rel)
    assert data["name"] == EVIL_TITLE
    raw_ld = head.json_ld[0]
    assert "<" not in raw_ld and "&" not in raw_ld
    pages = list(site.site().rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text("utf-8")
        assert "<script>alert" not in text.lower(), page
        assert 'content="=HYPERLINK("' not in text, page


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"name": "</script><script>alert('x')</script>", "b": "a & b\u2028"})
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert('x')</script>", "b": "a & b\u2028"}
    assert json.loads(html_safe_json([1, "<&>"], indent=2)) == [1, "<&>"]


def test_tags_go_just_before_the_head_closes() -> None:
    page = "<html><head><title>x</title></head><body></head></body></html>"
    out = inject_head(page, ['<meta property="og:type" content="article">'])
    assert out.index("og:type") < out.index("</head>") < out.index("<body>")
    assert out.count("og:type") == 1
    assert inject_head("<p>no head</p>", ["<meta>"]) == "<p>no head</p>"
