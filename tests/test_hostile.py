"""Hostile text stays text: script payloads in every text field, in a real browser and in the data.

A small knowledge base is written with a payload in every text field (each payload names
its field, so a failure says where it came from): `<script>`, `<img onerror>`,
`"><svg onload>` (breaking out of an attribute), `javascript:` text, and, in bodies, raw
HTML, `javascript:` Markdown links and autolinks, and event handlers added with
`attr_list`. The site is built once; Chromium opens every kind of page (entries,
collections, taxonomy pages, the country briefing, the catalog, the home page) and no
dialog may open and no injected element may exist. Feeds, JSON and CSV must carry the
payloads as text. Fields that are addresses refuse `javascript:` outright.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import MKDOCS_YML, Project, new_project, serve
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.finish.sanitize import is_safe_url, sanitize_html

MISSION = "content/missions/lca-2024/index.md"
FINDING = "content/missions/lca-2024/findings/skills-gap.md"
LESSON = "content/lessons/pair-assessments.md"


def payload(field: str) -> str:
    """Every kind of payload at once, each saying which field it came from."""
    return (
        f"{field} <script>alert('{field}-script')</script>"
        f"<img src=x onerror=alert('{field}-img')>"
        f"\"'><svg onload=alert('{field}-svg')> javascript:alert('{field}-js')"
    )


def url_payload(field: str) -> str:
    """An address that passes as https:// but tries to break out of its attribute."""
    return f"https://example.org/\"><svg/onload=alert('{field}-url')>"


PAYLOAD_KINDS = ("<script>", "<img onerror>", '"><svg onload>', "javascript: text")

BODY_PAYLOADS = [
    "<script>alert('body-script')</script>",
    "<img src=x onerror=alert('body-img')>",
    "<p>\"><svg onload=alert('body-svg')></p>",
    "[a javascript link](javascript:alert('body-md-link'))",
    "[an encoded one](jav&#x61;script:alert('body-md-entity'))",
    "[an escaped one](javascript\\:alert('body-md-escaped'))",
    "<javascript:alert('body-autolink')>",
    "[ref link][bad]\n\n[bad]: javascript:alert('body-ref-link')",
    "<a href=\"javascript:alert('body-a')\">raw link</a>",
    "<a href=\" JaVaScRiPt:alert('body-a-case')\">case link</a>",
    "[attr](https://example.org){onclick=\"alert('body-attr')\"}",
    "<iframe src=\"javascript:alert('body-iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('body-srcdoc')</script>\"></iframe>",
    "<object data=\"javascript:alert('body-object')\"></object>",
    "<svg><a xlink:href=\"javascript:alert('body-xlink')\"><text>x</text></a></svg>",
    "<details open ontoggle=alert('body-toggle')><summary>s</summary></details>",
    "<form action=\"javascript:alert('body-form')\"><button>go</button></form>",
    "<math><mi xlink:href=\"javascript:alert('body-math')\">m</mi></math>",
    "<base href=\"javascript:alert('body-base')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'body-meta\')">',
    "<style>@import 'javascript:alert(\"body-style\")';</style>",
    "[[pair-assessments|<img src=x onerror=alert('body-wikilink')>]]",
    "`<script>alert('body-code')</script>` and",
    "```\n<script>alert('body-fence')</script>\n```",
]
#: Payloads that stay visible as text (in code): they must be shown, escaped.
SHOWN_AS_CODE = ("alert('body-code')", "alert('body-fence')")


def body(sections: list[str], field: str) -> str:
    text = f"\n## {payload(field + '-heading')}\n\n" + "\n\n".join(BODY_PAYLOADS) + "\n\n"
    return text + "".join(f"## {name}\n\n{payload(field + '-' + name)}\n\n" for name in sections)


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_entries(project: Project) -> None:
    """Every text field of every kind of entry, and of the taxonomies, holds a payload."""
    p = payload
    project.write(
        "content/taxonomies/themes.yml",
        "digital-government:\n"
        f"  title: {yaml_text(p('theme-title'))}\n"
        f"  description: {yaml_text(p('theme-description'))}\n"
        f"  url: {yaml_text(url_payload('theme'))}\n",
    )
    project.write(
        "content/taxonomies/organisations.yml",
        f"un-desa:\n  title: {yaml_text(p('org-title'))}\n"
        f"  description: {yaml_text(p('org-description'))}\n",
    )
    project.write(
        "content/taxonomies/projects.yml", f"da-2427j:\n  title: {yaml_text(p('project-title'))}\n"
    )
    common = (
        "countries: [LCA]\nsdgs: ['16.6']\nthemes: [digital-government]\norganisations: [un-desa]\n"
    )
    project.write(
        MISSION,
        "---\n"
        f"title: {yaml_text(p('mission-title'))}\n"
        f"summary: {yaml_text(p('mission-summary'))}\n"
        "date: 2024-08-06\nstatus: completed\ntype: [scoping]\n"
        "start: 2024-08-06\nend: 2024-08-07\n"
        f"location: {yaml_text(p('mission-location'))}\n"
        "project: da-2427j\norganisers: [un-desa]\n"
        f"participants: [{yaml_text(p('mission-participants'))}]\n"
        f"objectives: [{yaml_text(p('mission-objectives'))}]\n"
        f"authors: [{yaml_text(p('mission-authors'))}]\n"
        "documents:\n"
        f"  - title: {yaml_text(p('document-title'))}\n"
        "    kind: report\n"
        f"    link: {yaml_text(url_payload('document-link'))}\n"
        + common
        + "---\n"
        + body(["Objectives", "Activities"], "mission-body"),
    )
    project.write(
        FINDING,
        "---\n"
        f"title: {yaml_text(p('finding-title'))}\n"
        f"summary: {yaml_text(p('finding-summary'))}\n"
        "date: 2024-08-06\nstatus: verified\nkind: gap\n"
        "evidence:\n"
        f"  - kind: interview\n    source: {yaml_text(p('evidence-source'))}\n"
        f"stakeholders: [{yaml_text(p('finding-stakeholders'))}]\n"
        f"authors: [{yaml_text(p('finding-authors'))}]\n"
        + common
        + "---\n"
        + body(["Observation", "Discussion"], "finding-body"),
    )
    project.write(
        LESSON,
        "---\n"
        f"title: {yaml_text(p('lesson-title'))}\n"
        f"summary: {yaml_text(p('lesson-summary'))}\n"
        "date: 2024-08-07\nstatus: learned\npolarity: improve\nfindings: [skills-gap]\n"
        "recommendations:\n"
        f"  - text: {yaml_text(p('recommendation-text'))}\n"
        "    owner: un-desa\n    due: 2030-01-01\n    status: in-progress\n"
        "applies_to: [LCA, caribbean]\n"
        f"audience: [{yaml_text(p('lesson-audience'))}]\n"
        f"validated_by: {yaml_text(p('lesson-validated-by'))}\n"
        "validated_on: 2024-09-01\n"
        f"evidence_of_effectiveness: {yaml_text(p('lesson-evidence-of-effectiveness'))}\n"
        "applied_in: [lca-2024]\n"
        f"authors: [{yaml_text(p('lesson-authors'))}]\n"
        + common
        + "---\n"
        + body(["Context", "Lesson", "Recommendations"], "lesson-body"),
    )
    project.write("docs/index.md", "# Test KB\n\n" + "\n\n".join(BODY_PAYLOADS) + "\n")


#: Front matter fields holding a payload, each shown on its entry page and in the exports.
ENTRY_FIELDS = [
    "mission-title",
    "mission-summary",
    "mission-location",
    "mission-participants",
    "mission-authors",
    "document-title",
    "finding-title",
    "finding-summary",
    "evidence-source",
    "finding-stakeholders",
    "finding-authors",
    "lesson-title",
    "lesson-summary",
    "recommendation-text",
    "lesson-audience",
    "lesson-validated-by",
    "lesson-evidence-of-effectiveness",
    "lesson-authors",
]
#: Shown on their pages too: taxonomy terms and body sections.
FIELDS = [
    *ENTRY_FIELDS,
    "theme-title",
    "theme-description",
    "org-title",
    "org-description",
    "project-title",
    "mission-body-Objectives",
    "lesson-body-Lesson",
    "finding-body-Observation",
]


def hostile_project(root: Path, *, theme_search: bool) -> Project:
    project = new_project(root)
    if not theme_search:  # the published site's search: Pagefind
        project.write("mkdocs.yml", MKDOCS_YML.replace("  - search\n", ""))
    write_entries(project)
    problems = load_knowledge_base(project.content, project.root).problems
    assert [p for p in problems if p.is_error] == [], [p.sentence() for p in problems]
    project.build(check=True)
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The payloads built as the published site is (with Pagefind's search)."""
    return hostile_project(tmp_path_factory.mktemp("hostile") / "kb", theme_search=False)


@pytest.fixture(scope="module")
def hostile_theme_search(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The payloads built with the theme's search (as the offline edition is)."""
    return hostile_project(tmp_path_factory.mktemp("hostile") / "kb", theme_search=True)


def site_files(project: Project) -> Iterator[Path]:
    yield from (p for p in sorted(project.site().rglob("*")) if p.is_file())


# --- The sanitiser on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" java\tscript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<a href="https://example.org/?a=1&amp;b=2">x</a>',
            '<a href="https://example.org/?a=1&amp;b=2">x</a>',
        ),
        ('"><svg onload=alert(1)>', '"&gt;'),  # SVG is not on the allowlist
        ("<img src=x onerror=alert(1)", ""),  # a tag cut off at the end: a browser drops it
        ("<iframe srcdoc='<script>alert(1)</script>'>text</iframe>", "text"),
        (
            '<p title="</noscript><img src=x onerror=alert(1)>">x</p>',
            '<p title="&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>',
        ),
        ("<!-- a comment --><p>x</p>", "<p>x</p>"),
        ("<!-- lessons-kb:glance -->", ""),  # a body cannot forge the site's markers
        (  # pictures are files of the site: no `data:` picture, no `data:` link
            '<img src="data:image/png;base64,AA"><a href="data:text/html,x">d</a>',
            "<a>d</a>",
        ),
        ("<pre><code>&lt;script&gt;</code></pre>", "<pre><code>&lt;script&gt;</code></pre>"),
        (
            '<a href="#top" class="headerlink" title="Permanent link">¶</a>',
            '<a href="#top" class="headerlink" title="Permanent link">¶</a>',
        ),
    ],
)
def test_sanitizer_keeps_text_and_drops_code(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org", True),
        ("../lessons/x/", True),
        ("#section", True),
        ("mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("vbscript:msgbox", False),
        ("data:text/html,<script>", False),
    ],
)
def test_safe_urls(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


# --- Addresses refuse javascript: ------------------------------------------------------------


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x"]
)
def test_address_fields_refuse_javascript(tmp_path: Path, link: str) -> None:
    project = new_project(tmp_path / "kb")
    project.mission(documents=[{"title": "Report", "kind": "report", "link": link}])
    project.write(
        "content/taxonomies/themes.yml",
        f"digital-government:\n  title: Digital government\n  url: {yaml_text(link)}\n",
    )
    problems = load_knowledge_base(project.content, project.root).problems
    fields = sorted((p.file, p.field) for p in problems if p.is_error)
    assert fields == [
        (MISSION, "documents[0].link"),
        ("content/taxonomies/themes.yml", "digital-government"),
    ], [p.sentence() for p in problems]


# --- In the browser ---------------------------------------------------------------------------


def page_urls(project: Project) -> list[str]:
    """Every kind of page a payload reaches: entries, collections, taxonomies, briefing, …"""
    site = project.site()
    urls = [
        "",
        "missions/lca-2024/",
        "findings/skills-gap/",
        "lessons/pair-assessments/",
        "missions/",
        "findings/",
        "lessons/",
        "browse/",
        "countries/lca/",
        "countries/",
        "themes/",
        "organisations/",
    ]
    for folder in ("themes", "organisations", "sdgs", "years", "statuses", "projects"):
        urls += sorted(
            p.parent.relative_to(site).as_posix() + "/"
            for p in (site / folder).glob("*/index.html")
        )
    missing = [u for u in urls if not (site / u / "index.html").is_file()]
    assert not missing, f"pages not built: {missing}"
    return urls


#: What a payload that got through would leave in the page, as the browser parsed it.
FIND_INJECTED = """() => {
  const found = [];
  const show = (why, el) => found.push(why + ": " + el.outerHTML.slice(0, 100));
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || attr.name === "srcdoc") show(attr.name, el);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(attr.name)) {
        let scheme = "";
        try { scheme = new URL(attr.value, document.baseURI).protocol; } catch (e) {}
        // Only payloads: Pagefind's own search form has action="javascript:void(0);".
        const unsafe = scheme === "javascript:" || (scheme === "data:" && el.tagName !== "IMG");
        if (unsafe && /alert/.test(attr.value)) {
          show(scheme, el);
        }
      }
    }
    if (el.matches("img[src=x], iframe, object, embed, base, meta[http-equiv=refresh]")) {
      show("element", el);
    }
    const executable = !el.type || /javascript|module/.test(el.type);
    if (el.tagName === "SCRIPT" && executable && /alert\\(/.test(el.textContent)) {
      show("script", el);
    }
  }
  return found;
}"""


@pytest.mark.browser
def test_no_payload_runs_or_appears_in_chromium(browser, hostile: Project) -> None:
    dialogs: list[str] = []
    found: dict[str, list[str]] = {}
    with serve(hostile.site()) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in page_urls(hostile):
            page.goto(f"{base}/{url}", wait_until="load")
            page.wait_for_timeout(50)
            # Nothing is hovered or clicked: onload, onerror and ontoggle fire by themselves.
            found[url] = page.evaluate(FIND_INJECTED)
        # The catalog redraws its table from the catalog data when a facet is ticked.
        page.goto(f"{base}/browse/", wait_until="load")
        page.wait_for_selector(".lkb-facets input[type=checkbox]")
        # Every value of the first facet (values OR within a facet, so no row is lost).
        first = page.locator(".lkb-facets fieldset.lkb-facet").first
        for box in first.locator("input[type=checkbox]").all():
            box.check(force=True)  # a folded value, ticked as a reader unfolding it would
        page.fill("#lkb-filter-text", "script")
        page.wait_for_timeout(100)
        found["browse/ (filtered)"] = page.evaluate(FIND_INJECTED)
        rows = page.locator(".lkb-catalog-table tbody tr").count()
        # Search results show excerpts of the indexed text.
        page.goto(f"{base}/search/?q=script", wait_until="load")
        page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
        found["search/?q=script"] = page.evaluate(FIND_INJECTED)
        results = page.locator(".pagefind-ui__result").count()
        page.close()
    assert dialogs == [], dialogs
    assert {url: f for url, f in found.items() if f} == {}
    assert rows > 0 and results > 0, (rows, results)


@pytest.mark.browser
def test_payloads_are_shown_as_text_in_chromium(browser, hostile: Project) -> None:
    """Escaped, not dropped: the reader sees what the editor wrote."""
    with serve(hostile.site()) as base:
        page = browser.new_page()
        page.goto(f"{base}/lessons/pair-assessments/", wait_until="load")
        text = page.inner_text("article")
        page.close()
    for field in ("lesson-title", "lesson-validated-by", "recommendation-text"):
        assert f"<script>alert('{field}-script')</script>" in text
        assert f"<img src=x onerror=alert('{field}-img')>" in text
    for code in SHOWN_AS_CODE:
        assert code in text


# --- In the files ----------------------------------------------------------------------------


class _LiveMarkup(HTMLParser):
    """Elements and attributes a payload that got through would leave in a file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "xlink:href", "data") and not is_safe_url(
                value, image=tag == "img"
            ):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        if (tag == "img" and values.get("src") == "x") or tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self.script_type = values.get("type", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script_type = None

    def handle_data(self, data: str) -> None:
        executable = self.script_type is not None and "json" not in self.script_type
        if executable and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def test_no_html_file_carries_a_live_payload(hostile: Project) -> None:
    checked = 0
    for path in site_files(hostile):
        if path.suffix == ".html":
            parser = _LiveMarkup()
            parser.feed(path.read_text("utf-8"))
            parser.close()
            assert not parser.found, f"{path.relative_to(hostile.site())}: {parser.found[:3]}"
            checked += 1
    assert checked > 20


def test_every_field_reaches_the_site_as_text(hostile: Project) -> None:
    """Nothing is lost by escaping: every field's marker is on its entry page."""
    pages = "".join(
        hostile.site(f"{u}/index.html").read_text("utf-8")
        for u in (
            "organisations/un-desa",
            "missions/lca-2024",
            "findings/skills-gap",
            "lessons/pair-assessments",
            "themes/digital-government",
        )
    )
    for field in FIELDS:
        if "-body-" in field:  # raw HTML in a body is HTML: its script is dropped
            assert f"<p>{field} " in pages, field
        else:
            assert f"{field} &lt;script&gt;alert(" in pages, field


def test_feeds_carry_payloads_as_text(hostile: Project) -> None:
    feeds = sorted(hostile.site("feeds").rglob("*.xml"))
    assert feeds
    seen = 0
    for path in feeds:
        root = ET.parse(path).getroot()
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            assert local not in ("script", "img", "svg"), f"{path}: element {local}"
            if element.get("type") in ("html", "xhtml"):
                raise AssertionError(f"{path}: {local} carries HTML")
            if element.text and "<script>alert(" in element.text:
                seen += 1
        # The raw bytes have the payload escaped.
        assert "<script>alert(" not in path.read_text("utf-8")
    assert seen > 0, "no payload in any feed: the test would prove nothing"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_json_carries_payloads_as_text_and_is_safe_in_html(hostile: Project) -> None:
    files = [*sorted(hostile.site("api").rglob("*.json")), hostile.site("browse/catalog.json")]
    seen = set()
    for path in files:
        text = path.read_text("utf-8")
        data = json.loads(text)
        for string in _strings(data):
            for field in [*ENTRY_FIELDS, "mission-objectives"]:
                if f"{field} <script>alert('{field}-script')</script>" in string:
                    seen.add(field)
        if path.parent.name != "browse":  # the exports are safe to paste into a page
            assert "</script" not in text.lower(), path
    assert {*ENTRY_FIELDS, "mission-objectives"} <= seen, seen


def test_csv_carries_payloads_as_text(hostile: Project) -> None:
    seen = 0
    for path in sorted(hostile.site("api").rglob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
        for row in rows:
            for cell in row:
                # No formula a spreadsheet would run.
                assert not cell.startswith(("=", "+", "@")), (path, cell)
                seen += "<script>alert(" in cell
    assert seen > 0


@pytest.mark.browser
def test_theme_search_results_stay_text_in_chromium(browser, hostile_theme_search: Project) -> None:
    """The theme's search (used by the offline edition) shows excerpts of every page."""
    dialogs: list[str] = []
    with serve(hostile_theme_search.site()) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base}/lessons/pair-assessments/", wait_until="load")
        page.click("label.md-search__icon, .md-search__input", timeout=5_000)
        page.keyboard.type("lesson")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_timeout(200)
        found = page.evaluate(FIND_INJECTED)
        results = page.locator(".md-search-result__item").count()
        page.close()
    assert dialogs == [], dialogs
    assert found == []
    assert results > 0
