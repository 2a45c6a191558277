"""Real builds: a small site in a temporary folder, and the example knowledge base, strictly."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import Project, copy_example, lesson_md, new_project

pytestmark = pytest.mark.slow

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SECRET = "Zqxj internal marker"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Html(HTMLParser):
    """The links of a page and the text inside elements, found by class."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.texts: list[tuple[list[str], str]] = []  # (classes of enclosing elements, text)
        self._stack: list[tuple[str, list[str]]] = []
        self._href: str | None = None
        self._link_text = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self._href, self._link_text = values.get("href"), ""
        if tag not in VOID:
            self._stack.append((tag, (values.get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text.strip()))
            self._href = None
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._link_text += data
        self.texts.append(([c for _, classes in self._stack for c in classes], data))

    def text(self, css_class: str) -> str:
        """All text inside elements of class `css_class`, whitespace collapsed."""
        return " ".join(" ".join(t for cs, t in self.texts if css_class in cs).split())


def page(project: Project, url: str) -> Html:
    return Html((project.site(url) / "index.html").read_text("utf-8"))


def targets(html: Html, url: str) -> dict[str, str]:
    """Site-relative URL → link text of every relative link on the page at `url`."""
    found = {}
    for href, text in html.links:
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        target = posixpath.normpath(posixpath.join(url, href.split("#")[0]))
        if target == ".":
            target = ""
        elif not posixpath.splitext(target)[1]:
            target += "/"
        found[target] = text
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The small project, plus an entry full of markup and internal entries, built strictly."""
    project = new_project(tmp_path_factory.mktemp("build") / "kb")
    project.mission(participants=["Senior officials", EVIL])
    project.lesson(
        recommendations=[
            {
                "text": "Plan a mindset programme.",
                "owner": "un-desa",
                "due": "2030-01-01",
                "status": "in-progress",
            },
            {"text": "Publish the toolkit.", "owner": "eclac", "due": "2031-06-30"},
        ],
        related=["escaped-lesson"],
    )
    project.lesson(
        "escaped-lesson",
        title=f"Scripts {EVIL} stay text",
        summary=f"A summary with {EVIL} in it.",
        authors=[EVIL],
        audience=[EVIL],
        recommendations=[{"text": f"Do {EVIL}.", "owner": "un-desa"}],
        status="identified",
    )
    project.finding(
        "escaped-finding", stakeholders=[EVIL], evidence=[{"kind": "document", "source": EVIL}]
    )
    # Internal entries: a lesson drawn from a public finding, and a whole internal mission.
    project.lesson(
        "secret-lesson",
        title=f"{SECRET} lesson",
        summary=f"{SECRET}: never to be published.",
        sensitivity="internal",
    )
    project.mission("secret-mission", title=f"{SECRET} mission", sensitivity="internal")
    project.finding(
        "secret-finding", "secret-mission", title=f"{SECRET} finding", sensitivity="internal"
    )
    project.build("--strict", check=True)
    return project


ENTRY_PAGES = [
    "missions/lca-2024/",
    "findings/skills-gap/",
    "findings/escaped-finding/",
    "lessons/pair-assessments/",
    "lessons/escaped-lesson/",
]


@pytest.mark.parametrize("url", [*ENTRY_PAGES, "missions/", "findings/", "lessons/"])
def test_entry_and_collection_pages_exist(site: Project, url: str) -> None:
    assert (site.site(url) / "index.html").is_file()


def test_mission_panel(site: Project) -> None:
    html = page(site, "missions/lca-2024/")
    assert html.text("lkb-countries") == "Countries Saint Lucia"
    sdgs = html.text("lkb-sdgs")
    assert "SDG 16.6" in sdgs
    assert "Develop effective, accountable and transparent institutions at all levels" in sdgs
    assert html.text("lkb-themes") == "Themes Digital government"
    assert html.text("lkb-organisations") == "Organisations UN DESA"
    assert html.text("lkb-project") == "Project Project 2427J"
    assert html.text("lkb-dates") == "Dates 2024-08-06 to 2024-08-07"
    assert html.text("lkb-location") == "Location Castries, Saint Lucia"


def test_lesson_panel_shows_recommendations_with_owner_due_and_status(site: Project) -> None:
    html = page(site, "lessons/pair-assessments/")
    actions = html.text("lkb-recommendations")
    assert "Plan a mindset programme. Owner: UN DESA · Due 2030-01-01 · Status: In progress" in (
        actions
    )
    assert "Publish the toolkit. Owner: ECLAC · Due 2031-06-30 · Status: Not started" in actions
    assert "Improve" in html.text("lkb-polarity")
    assert html.text("lkb-countries") == "Learned in Saint Lucia"


def test_finding_links_to_its_mission_and_its_lessons(site: Project) -> None:
    links = targets(page(site, "findings/skills-gap/"), "findings/skills-gap/")
    assert links["missions/lca-2024/"] == "Scoping mission to Saint Lucia"
    assert links["lessons/pair-assessments/"] == "Pair assessments with mindset work"


def test_mission_links_back_to_its_findings_and_lessons(site: Project) -> None:
    html = page(site, "missions/lca-2024/")
    links = targets(html, "missions/lca-2024/")
    assert links["findings/skills-gap/"] == "Skills gap in the public service"
    assert links["lessons/pair-assessments/"] == "Pair assessments with mindset work"
    assert "Skills gap in the public service" in html.text("lkb-relations--findings")
    assert "Pair assessments with mindset work" in html.text("lkb-relations--lessons")


def test_lesson_links_to_its_finding_in_panel_and_body(site: Project) -> None:
    html = page(site, "lessons/pair-assessments/")
    links = targets(html, "lessons/pair-assessments/")
    assert links["findings/skills-gap/"] == "Skills gap in the public service"
    # `See [[skills-gap]].` in the body became a link with the finding's title.
    assert "See Skills gap in the public service" in html.text("lkb-body")


def test_related_lessons_both_ways(site: Project) -> None:
    forward = page(site, "lessons/pair-assessments/")
    back = page(site, "lessons/escaped-lesson/")
    assert f"Scripts {EVIL} stay text" in forward.text("lkb-relations--related")
    assert "Pair assessments with mindset work" in back.text("lkb-relations--related")


@pytest.mark.parametrize("url", ENTRY_PAGES)
def test_every_relative_link_on_entry_pages_resolves(site: Project, url: str) -> None:
    for target in targets(page(site, url), url):
        path = site.site(target)
        assert path.is_file() or (path / "index.html").is_file(), f"{url} links to {target}"


def test_metadata_is_escaped_everywhere(site: Project) -> None:
    for path in site.site().rglob("*.html"):
        text = path.read_text("utf-8")
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
    html = page(site, "lessons/escaped-lesson/")
    # The markup shows as text: in the heading, the summary, the panel, the recommendations.
    assert html.text("lkb-entry").count(EVIL) >= 4
    assert EVIL in html.text("lkb-recommendations")
    assert f"Scripts {EVIL} stay text" in html.text("lkb-entry")
    raw = (site.site("lessons/escaped-lesson") / "index.html").read_text("utf-8")
    assert "<title>Scripts &lt;script&gt;" in raw
    finding = page(site, "findings/escaped-finding/")
    assert EVIL in finding.text("lkb-stakeholders")
    assert EVIL in finding.text("lkb-evidence")
    assert EVIL in page(site, "missions/lca-2024/").text("lkb-participants")


def test_internal_entries_are_absent_from_every_file(site: Project) -> None:
    files = [p for p in site.site().rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        for needle in (SECRET.encode(), b"secret-lesson", b"secret-mission", b"secret-finding"):
            assert needle not in data, f"{needle!r} in {path}"
    assert not site.site("lessons/secret-lesson").exists()
    assert not site.site("missions/secret-mission").exists()
    # The public finding the internal lesson draws on lists only public lessons.
    assert "lessons/secret-lesson/" not in targets(
        page(site, "findings/skills-gap/"), "findings/skills-gap/"
    )


def test_entries_are_served_from_content_not_copied_into_docs(site: Project) -> None:
    assert sorted(p.name for p in (site.root / "docs").iterdir()) == ["index.md"]


def test_a_broken_body_link_fails_the_build_without_a_traceback(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb")
    project.write(
        "content/lessons/pair-assessments.md",
        lesson_md().replace("[[skills-gap]]", "[[skills-gapp]]"),
    )
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "content/lessons/pair-assessments.md:" in output
    assert "`[[skills-gapp]]` links to no entry" in output
    assert "did you mean `skills-gap`?" in output
    assert "Traceback" not in output


def test_a_warning_fails_only_a_strict_build(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb")
    project.lesson(review_due="2001-01-01")
    lenient = project.build()
    assert lenient.returncode == 0, lenient.stderr
    assert "WARNING" in lenient.stderr and "the review was due on 2001-01-01" in lenient.stderr
    strict = project.build("--strict", site_dir="strict-site")
    assert strict.returncode != 0
    assert "Traceback" not in strict.stdout + strict.stderr


# --- The example knowledge base of the repository ------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the repository's site (mkdocs.yml, docs/, content/) in a temporary folder."""
    return Project(copy_example(tmp_path_factory.mktemp("example") / "kb"))


def test_example_builds_strictly_without_any_warning(example: Project) -> None:
    result = example.build("--strict")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "ERROR" not in output
    assert "Traceback" not in output
    entries = [
        *(example.content / "missions").glob("*/index.md"),
        *(example.content / "missions").glob("*/findings/*.md"),
        *(example.content / "lessons").glob("*.md"),
    ]
    entries = [path for path in entries if path.suffixes == [".md"]]  # not `<id>.es.md`
    assert len(entries) >= 1 + 6 + 4
    for path in entries:
        kind = "missions" if path.name == "index.md" else path.parent.name
        entry_id = path.parent.name if path.name == "index.md" else path.stem
        assert (example.site(f"{kind}/{entry_id}") / "index.html").is_file(), path
