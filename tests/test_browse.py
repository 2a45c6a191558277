"""Taxonomies, country briefings, the catalog data, navigation and the built browse pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers import Project, lesson_md, new_project
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.site.briefing import briefing_countries, build_briefing, finding_is_open
from lessons_kb.site.catalog import catalog_data
from lessons_kb.site.navigation import default_nav
from lessons_kb.site.pages import generated_pages
from lessons_kb.site.taxonomy import build_taxonomies, entries_by_target

TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def rich(tmp_path) -> Project:
    """Two missions in two countries, findings, lessons applying directly and by region."""
    project = new_project(tmp_path / "kb", with_entries=False)
    project.mission("lca-2024", countries=["LCA"], sdgs=["16.6", "16"])
    project.mission(
        "guy-2025",
        date="2025-03-01",
        start="2025-03-01",
        end="2025-03-02",
        countries=["GUY"],
        sdgs=["9.c"],
        location="Georgetown, Guyana",
    )
    project.finding("skills-gap", "lca-2024", countries=["LCA"], sdgs=["16.7"])
    project.finding("settled-gap", "lca-2024", countries=["LCA"], themes=["leadership"])
    project.finding("guy-gap", "guy-2025", countries=["GUY"], date="2025-03-01")
    project.lesson(
        "direct",
        countries=["LCA"],
        applies_to=["LCA"],
        recommendations=[
            {"text": "Late action.", "owner": "un-desa", "due": "2025-06-30"},
            {
                "text": "Done action.",
                "owner": "un-desa",
                "due": "2025-06-30",
                "status": "completed",
            },
            {"text": "Future action.", "owner": "eclac", "due": "2027-06-30"},
        ],
    )
    project.write(
        "content/lessons/regional.md",
        lesson_md(
            findings=["guy-gap"],
            countries=["GUY"],
            applies_to=["caribbean"],
            polarity="sustain",
        ).replace("See [[skills-gap]].", "Regional."),
    )
    project.write(
        "content/lessons/settled.md",
        lesson_md(
            findings=["settled-gap"],
            status="actioned",
            validated_by="Board",
            validated_on="2025-01-01",
            applies_to=["sids"],
        ),
    )
    project.write(
        "content/lessons/pacific.md",
        lesson_md(
            findings=["skills-gap"],
            countries=["FJI"],
            applies_to=["pacific"],
        ),
    )
    return project


@pytest.fixture
def kb(rich: Project):
    result = load_knowledge_base(rich.content, today=TODAY)
    assert result.errors == [], result.errors
    return result.kb


def test_taxonomies_index_every_public_entry_under_each_term(kb) -> None:
    taxonomies = build_taxonomies(kb)
    lca = {e.id for e in taxonomies.get("countries", "LCA").entries}
    assert lca == {"lca-2024", "skills-gap", "settled-gap", "direct", "settled"}
    assert {t.key for t in taxonomies.ordered("sdgs")} == {"9", "16"}
    assert [t.key for t in taxonomies.ordered("years")] == ["2025", "2024"]
    statuses = {t.key: len(t.entries) for t in taxonomies.ordered("statuses")}
    assert statuses == {"identified": 3, "actioned": 1}
    assert taxonomies.get("countries", "GUY").label == "Guyana"
    assert taxonomies.get("sdgs", "16").label == "SDG 16: Peace, justice and strong institutions"


def test_sdg_goal_groups_entries_by_target(kb) -> None:
    goal = build_taxonomies(kb).get("sdgs", "16")
    groups = dict(entries_by_target("16", goal.entries))
    assert {e.id for e in groups["16.6"]} >= {"lca-2024", "direct"}
    assert [e.id for e in groups["16.7"]] == ["skills-gap"]
    assert list(groups)[:2] == ["16.6", "16.7"]  # official order


def test_briefing_gathers_missions_open_findings_lessons_and_open_actions(kb) -> None:
    briefing = build_briefing(kb, "LCA", TODAY)
    assert [m.id for m in briefing.missions] == ["lca-2024"]
    # settled-gap's only lesson is actioned: no longer open.
    assert [f.id for f in briefing.open_findings] == ["skills-gap"]
    assert not finding_is_open(kb, kb.get("settled-gap"))
    how = {lesson.id: way for lesson, way in briefing.lessons}
    assert how["direct"] == "directly"
    assert how["regional"] == "through Caribbean"
    assert how["settled"] == "directly"  # tagged LCA itself
    assert "pacific" not in how
    texts = [(r.text, r.overdue) for r in briefing.recommendations]
    assert ("Late action.", True) in texts
    assert ("Future action.", False) in texts
    assert all(text != "Done action." for text, _ in texts)


def test_briefing_countries_include_those_only_named_in_applies_to(kb) -> None:
    assert {"LCA", "GUY", "FJI"} <= set(briefing_countries(kb))


def test_catalog_data_has_every_public_entry_and_facet_labels(kb) -> None:
    data = catalog_data(kb)
    assert {e["id"] for e in data["entries"]} == set(kb.entries)
    assert data["facets"]["country"]["values"]["GUY"] == "Guyana"
    assert list(data["facets"]["sdg"]["values"]) == ["9", "16"]
    direct = next(e for e in data["entries"] if e["id"] == "direct")
    assert direct["f"]["kind"] == ["lesson"] and direct["f"]["polarity"] == ["improve"]


def test_default_nav_orders_collections_catalog_taxonomies_then_pages(kb) -> None:
    nav = default_nav(["index.md", "about.md", "zeta.md"], generated_pages(kb, TODAY))
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    expected = ["Home", "Missions", "Findings", "Lessons", "Browse", "Explore", "about.md"]
    assert titles[:8] == [*expected, "zeta.md"]
    # Generated pages meant for the navigation (such as the field reference) come last.
    assert all(isinstance(item, dict) for item in nav[8:])
    # Entries themselves are never in the navigation.
    assert "lessons/direct.md" not in json.dumps(nav)


@pytest.mark.slow
def test_built_site_has_browse_pages_with_relative_links(rich: Project) -> None:
    rich.build("--strict", check=True)
    for rel in (
        "countries/index.html",
        "countries/lca/index.html",
        "countries/fji/index.html",
        "sdgs/16/index.html",
        "themes/leadership/index.html",
        "years/2025/index.html",
        "statuses/identified/index.html",
        "organisations/un-desa/index.html",
        "browse/index.html",
        "browse/catalog.json",
    ):
        assert rich.site(rel).is_file(), rel
    country = rich.site("countries/lca/index.html").read_text("utf-8")
    assert "Recommendations still open" in country and "overdue" in country
    assert 'href="../../lessons/regional/"' in country
    sdg = rich.site("sdgs/16/index.html").read_text("utf-8")
    assert "Target 16.6" in sdg and "Develop effective, accountable" in sdg
    lessons = rich.site("lessons/index.html").read_text("utf-8")
    assert "Open recommendations" in lessons
    browse = rich.site("browse/index.html").read_text("utf-8")
    assert browse.count("<tr data-id=") == 9
    home_nav = rich.site("index.html").read_text("utf-8")
    assert "lessons/direct/" not in home_nav.split('class="md-content"')[0]
