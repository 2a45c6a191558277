"""The field reference page: generated from the schemas, complete, with examples that pass."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pycountry
import pytest
from helpers import MKDOCS_YML, Project, new_project
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.schema import (
    KINDS,
    body_sections,
    conditional_requirements,
    schema_for,
    status_values,
)
from lessons_kb.site.guide import GUIDE_URI, guide_markdown
from lessons_kb.vocab import sdg_codes
from test_cli import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("guide") / "kb")
    # Without a `nav:`, the plugin makes the navigation, the field reference included.
    project.write("mkdocs.yml", MKDOCS_YML.split("nav:")[0])
    project.build(check=True)
    return project


@pytest.fixture(scope="module")
def page(built: Project) -> str:
    return built.site("reference/fields/index.html").read_text("utf-8")


def every_field(kind: str) -> list[str]:
    """Every field of a kind's schema, with the fields of list items as `name[].field`."""
    schema = schema_for(kind)
    names = []
    for name, prop in schema["properties"].items():
        names.append(name)
        items = prop.get("items", {})
        names += [f"{name}[].{sub}" for sub in items.get("properties", {})]
    return names


def row_of(page: str, field: str) -> str:
    """The table row of a field (its first cell is the field's name as code)."""
    match = re.search(rf"<tr>\s*<td><code>{re.escape(field)}</code></td>.*?</tr>", page, re.S)
    assert match, f"no row for {field}"
    return match.group(0)


def test_the_page_lists_every_field_of_every_schema(page: str) -> None:
    for kind in KINDS:
        for field in every_field(kind):
            row_of(page, field)
        for status in status_values(kind):
            assert f"<code>{status}</code>" in page
        for section in body_sections(kind):
            assert f"<code>## {section}</code>" in page


def test_requirements_and_allowed_values_come_from_the_schema(page: str) -> None:
    for kind in KINDS:
        schema = schema_for(kind)
        for name in schema["required"]:
            if name != "status":
                assert "<td>always</td>" in row_of(page, name), name
        for name, statuses in conditional_requirements(kind).items():
            row = row_of(page, name)
            assert all(f"<code>{s}</code>" in row for s in statuses), name
    for value in schema_for("finding")["properties"]["kind"]["enum"]:
        assert f"<code>{value}</code>" in row_of(page, "kind")
    assert "default <code>en</code>" in row_of(page, "language")


def test_the_full_vocabularies_are_folded_in(page: str) -> None:
    assert page.count("<details data-search-exclude>") >= 1 + 1 + 17 + 3
    for country in pycountry.countries:
        assert f"<code>{country.alpha_3}</code>" in page
    for code in sdg_codes():
        assert f"<code>{code}</code>" in page
    for theme in ("digital-government", "leadership"):
        assert f"<code>{theme}</code>" in page


def test_in_page_links_all_land(page: str) -> None:
    ids = set(re.findall(r'id="([^"]+)"', page))
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    assert {"mission", "countries", "sdgs", "regions", "themes"} <= anchors
    assert anchors <= ids


def test_the_page_is_reached_from_the_site(built: Project) -> None:
    home = built.site("index.html").read_text("utf-8")
    assert re.search(r'href="reference/fields/"[^>]*>\s*(<span[^>]*>\s*)?Field reference', home)


def test_the_examples_pass_the_check(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb", with_entries=False)
    vocabulary = load_knowledge_base(project.content).kb.vocabulary
    markdown = guide_markdown(vocabulary, dt.date.today())
    examples = re.findall(
        r"^`(content/[^`]+)`\n\n````markdown\n(.*?)\n````$", markdown, re.M | re.S
    )
    assert len(examples) == 3
    for path, text in examples:
        project.write(path, html.unescape(text) + "\n")
    result = run_cli("check", "--strict", cwd=project.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found in 3 entries."


def test_the_guide_follows_the_vocabulary(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb", with_entries=False)
    project.write("content/taxonomies/themes.yml", "ocean-economy:\n  title: Ocean <economy>\n")
    kb = load_knowledge_base(project.content).kb
    markdown = guide_markdown(kb.vocabulary, dt.date.today())
    assert "<code>ocean-economy</code></td><td>Ocean &lt;economy&gt;</td>" in markdown
    assert "digital-government" not in markdown.split("### Themes")[1].split("###")[0]
    assert GUIDE_URI == "reference/fields.md"


def test_the_long_lists_stay_out_of_search(built: Project) -> None:
    """Readers searching for a place or a topic get entries, not the reference's lists."""
    index = json.loads(built.site("search/search_index.json").read_text("utf-8"))
    guide = [d for d in index["docs"] if d["location"].startswith("reference/fields/")]
    assert guide and all(d.get("boost", 1) < 1 for d in guide)
    text = " ".join(d["text"] for d in guide)
    assert "review_due" in text
    assert "Åland Islands" not in text and "eradicate extreme poverty" not in text
