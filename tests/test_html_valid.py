"""Valid output: the built example passes the Nu HTML Checker, and no internal link is broken.

The example site is built once. The Nu HTML Checker (`vnu.jar`, from npm, run on the
machine's Java) checks every page twice over in one run:

- each page as built, where only errors known to come from the Material theme's own
  templates are set aside (listed below with where they come from);
- the content each page's Markdown and this project's templates produce (the article:
  entry panels, bodies, listings, catalog, briefings), cut out of the page and wrapped in
  a bare HTML5 document, with nothing set aside.

A crawl then follows every `href` and `src` of every page: each must name a file of the
built site.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import REPO, build_strict, copy_example, need

pytestmark = pytest.mark.slow

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeError:
    """An error of the Material theme's own markup, which this project does not write."""

    message: str
    extract: str
    source: str


THEME_ERRORS = [
    ThemeError(
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        "material/templates/base.html: the drawer and search toggles (on pages the "
        "plugin does not finish, such as 404.html)",
    ),
    ThemeError(
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
        "material/templates/partials/nav-item.html: section labels of navigation.sections",
    ),
    ThemeError(
        r"^The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control",
        r'<label class="md-nav__(title|link)" for="__(toc|nav_[0-9_]+)"',
        "material/templates/partials/toc.html and nav-item.html: labels of hidden toggles",
    ),
]


def is_theme_error(message: dict[str, object]) -> bool:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(
        re.search(known.message, text) and re.search(known.extract, extract)
        for known in THEME_ERRORS
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built strictly into a temporary folder."""
    return build_strict(copy_example(tmp_path_factory.mktemp("valid")))


CANARY = (
    '<!doctype html><html lang="en"><head><title>Canary</title></head>'
    '<body><label tabindex="">x</label></body></html>'
)


def pages(site: Path) -> list[Path]:
    """The reader's pages (the editing app at admin/ is Sveltia CMS's, see test_cms.py)."""
    return sorted(p for p in site.rglob("*.html") if "admin" not in p.relative_to(site).parts)


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)


def write_fragments(site: Path, target: Path) -> int:
    """Each page's article, alone in a bare HTML5 document; how many were written."""
    count = 0
    for page in pages(site):
        match = _ARTICLE.search(page.read_text("utf-8"))
        if match is None:
            continue
        out = target / page.relative_to(site)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Fragment'
            f"</title></head><body><main><article>{match.group(1)}</article></main></body></html>\n",
            "utf-8",
        )
        count += 1
    return count


@pytest.fixture(scope="module")
def vnu_messages(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    need(shutil.which("java") is not None, "Java", "apt-get install -y default-jre-headless")
    need(VNU.is_file(), "the Nu HTML Checker (vnu.jar)", "run `npm ci` (make test does)")
    fragments = tmp_path_factory.mktemp("fragments")
    assert write_fragments(site, fragments) > 50
    # A known error, to prove the checker ran and reported (it must find this one).
    (fragments / "canary.html").write_text(CANARY, "utf-8")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--skip-non-html",
            str(site),
            str(fragments),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stderr or "{}")
    messages = report.get("messages", [])
    for message in messages:
        url = str(message.get("url", ""))
        message["kind"] = "fragment" if str(fragments) in url else "page"
        message["where"] = re.sub(r"^file:.*?/(site|fragments\d*)/", "", url)
    return messages


def describe(message: dict[str, object]) -> str:
    where = f"{message['where']}:{message.get('lastLine')}"
    return f"{where}: {message['message']} — {message.get('extract', '')!r}"


def test_pages_have_no_error_but_the_themes_own(vnu_messages: list[dict[str, object]]) -> None:
    errors = [m for m in vnu_messages if m["kind"] == "page" and m["type"] == "error"]
    ours = [describe(m) for m in errors if not is_theme_error(m)]
    assert ours == [], "\n".join(ours[:20])


def test_the_markup_this_project_writes_is_valid(vnu_messages: list[dict[str, object]]) -> None:
    errors = [
        describe(m)
        for m in vnu_messages
        if m["kind"] == "fragment" and m["type"] == "error" and m["where"] != "canary.html"
    ]
    assert errors == [], "\n".join(errors[:20])


def test_the_checker_checked_every_page(vnu_messages: list[dict[str, object]], site: Path) -> None:
    """A checker that failed to run would report nothing: make sure it read the pages."""
    fatal = [m for m in vnu_messages if m["type"] == "non-document-error"]
    assert fatal == [], fatal[:3]
    assert len(pages(site)) > 50
    canary = [m for m in vnu_messages if m["where"] == "canary.html" and m["type"] == "error"]
    assert any("tabindex" in str(m["message"]) for m in canary), canary
    # The theme's own errors are set aside, not hidden: say how many there were.
    theme = [m for m in vnu_messages if m["kind"] == "page" and is_theme_error(m)]
    print(f"{len(theme)} errors of the theme's own markup set aside")


# --- Internal links --------------------------------------------------------------------------


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)
            if name == "srcset" and value:
                self.found += [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]


def site_path(site: Path) -> str:
    """The path the site is published under (`/lessons-kb/`), from its `site_url`."""
    config = (site.parent / "mkdocs.yml").read_text("utf-8")
    match = re.search(r'^site_url: .*?"(https?://[^"]+)"', config, re.M)
    assert match, "no site_url in mkdocs.yml"
    return urllib.parse.urlsplit(match.group(1)).path


def target_of(site: Path, page: Path, reference: str) -> Path | None:
    """The file a reference on `page` names, or None for one outside the site.

    Links are relative, but for the 404 page's, which MkDocs writes from the site's
    root path (it is served for a missing page at any depth).
    """
    parts = urllib.parse.urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("#", "mailto:", "tel:")):
        return None
    path = urllib.parse.unquote(parts.path)
    if not path:
        return None
    root = site_path(site)
    if path.startswith("/"):
        # Absolute paths break under a sub-path, except below the published root.
        target = site / path.removeprefix(root) if path.startswith(root) else site / "/"
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_no_internal_link_is_broken(site: Path) -> None:
    broken = []
    checked = 0
    for page in pages(site):
        parser = _References()
        parser.feed(page.read_text("utf-8"))
        for reference in parser.found:
            target = target_of(site, page, reference)
            if target is None:
                continue
            checked += 1
            resolved = target.resolve()
            if not resolved.is_file() or site.resolve() not in resolved.parents:
                broken.append(f"{page.relative_to(site)}: {reference}")
    assert broken == [], "\n".join(broken[:30])
    assert checked > 1000
