"""References and backlinks: who points at whom, derived once from the whole base."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import lesson_md, new_project
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.cli.config import load_settings
from lessons_kb.model import Backlink, KnowledgeBase
from lessons_kb.site.render import Renderer
from lessons_kb.source.body import outline, replace_wikilinks, wikilinks
from markdown import Markdown

TODAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """Two missions, three findings, five lessons (one internal), linked every way."""
    project = new_project(tmp_path_factory.mktemp("links") / "kb", with_entries=False)
    project.mission("lca-2024", date="2024-08-06")
    project.mission("bhs-2025", date="2025-03-01", start="2025-03-01", end="2025-03-02")
    project.finding("skills-gap", "lca-2024", date="2024-08-06")
    project.finding("sids-risk", "lca-2024", date="2024-08-07")
    project.finding("bhs-gap", "bhs-2025", date="2025-03-01")
    project.lesson("pair-assessments", findings=["skills-gap"], date="2024-08-07")
    project.lesson(
        "plan-dissemination",
        findings=["sids-risk", "skills-gap"],
        related=["pair-assessments"],
        date="2024-08-08",
    )
    project.lesson(
        "reuse-the-toolkit",
        findings=["bhs-gap"],
        applied_in=["lca-2024"],
        related=["plan-dissemination"],
        date="2025-03-02",
    )
    project.lesson("lonely-lesson", status="observed", findings=[], recommendations=None)
    project.write(
        "content/lessons/lonely-lesson.md",
        (project.content / "lessons/lonely-lesson.md")
        .read_text("utf-8")
        .replace("See [[skills-gap]].", "Nothing yet."),
    )
    project.lesson(
        "internal-notes",
        findings=["skills-gap"],
        related=["pair-assessments"],
        sensitivity="internal",
    )
    # Checked as the site's mkdocs.yml says (the test sites leave out the quality hints).
    options = load_settings(str(project.root / "mkdocs.yml")).checks
    result = load_knowledge_base(project.content, project.root, today=TODAY, options=options)
    assert result.problems == []
    return result.kb


def ids(entries: list) -> list[str]:
    return [e.id for e in entries]


def test_a_findings_mission_is_its_folder(kb: KnowledgeBase) -> None:
    assert kb.entries["sids-risk"].mission_id == "lca-2024"
    assert kb.entries["bhs-gap"].mission_id == "bhs-2025"


def test_findings_of_a_mission_newest_first(kb: KnowledgeBase) -> None:
    assert ids(kb.findings_of("lca-2024")) == ["sids-risk", "skills-gap"]
    assert ids(kb.findings_of("bhs-2025")) == ["bhs-gap"]


def test_lessons_from_a_finding_leave_out_internal_ones(kb: KnowledgeBase) -> None:
    assert ids(kb.lessons_from("skills-gap")) == ["plan-dissemination", "pair-assessments"]
    assert ids(kb.lessons_from("sids-risk")) == ["plan-dissemination"]
    assert ids(kb.lessons_from("bhs-gap")) == ["reuse-the-toolkit"]


def test_lessons_of_a_mission_through_its_findings_and_where_applied(kb: KnowledgeBase) -> None:
    assert ids(kb.lessons_of_mission("lca-2024")) == [
        "reuse-the-toolkit",  # applied in the mission
        "plan-dissemination",
        "pair-assessments",
    ]
    assert ids(kb.lessons_of_mission("bhs-2025")) == ["reuse-the-toolkit"]


def test_related_both_ways(kb: KnowledgeBase) -> None:
    # pair-assessments names no one, but plan-dissemination names it (and internal-notes, hidden).
    assert ids(kb.related("pair-assessments")) == ["plan-dissemination"]
    # plan-dissemination names pair-assessments and is named by reuse-the-toolkit.
    assert ids(kb.related("plan-dissemination")) == ["reuse-the-toolkit", "pair-assessments"]
    assert ids(kb.related("reuse-the-toolkit")) == ["plan-dissemination"]
    assert kb.related("lonely-lesson") == []


def test_raw_backlinks_keep_the_field_and_include_internal_sources(kb: KnowledgeBase) -> None:
    assert sorted(kb.backlinks["skills-gap"], key=lambda b: b.source) == [
        Backlink("internal-notes", "findings"),
        Backlink("pair-assessments", "findings"),
        Backlink("plan-dissemination", "findings"),
    ]
    assert Backlink("reuse-the-toolkit", "applied_in") in kb.backlinks["lca-2024"]
    assert Backlink("skills-gap", "mission") in kb.backlinks["lca-2024"]


def test_linking_to_filters_by_field_and_hides_internal_entries(kb: KnowledgeBase) -> None:
    assert ids(kb.linking_to("pair-assessments")) == ["plan-dissemination"]
    assert ids(kb.linking_to("lca-2024", "applied_in")) == ["reuse-the-toolkit"]
    assert kb.linking_to("lonely-lesson") == []


def test_references_of_an_entry(kb: KnowledgeBase) -> None:
    assert kb.entries["reuse-the-toolkit"].references() == {
        "findings": ["bhs-gap"],
        "related": ["plan-dissemination"],
        "applied_in": ["lca-2024"],
    }
    assert kb.entries["lonely-lesson"].references() == {}


def test_of_kind_lists_public_entries_newest_first(kb: KnowledgeBase) -> None:
    assert ids(kb.of_kind("mission")) == ["bhs-2025", "lca-2024"]
    lessons = ids(kb.of_kind("lesson"))
    assert "internal-notes" not in lessons
    assert "internal-notes" in ids(kb.of_kind("lesson", public_only=False))
    assert lessons[0] == "reuse-the-toolkit"


# --- [[id]] links in bodies ----------------------------------------------------------------

BODY = """\
Intro with [[skills-gap]] and [[sids-risk|the risks]].

```
[[in-a-fence]]
```

Inline `[[in-code]]` stays, and [[ pair-assessments ]] is trimmed.
"""


def test_wikilinks_outside_code_with_position() -> None:
    found = [(w.target, w.text, w.line, w.column) for w in wikilinks(BODY)]
    assert found == [
        ("skills-gap", None, 0, 11),
        ("sids-risk", "the risks", 0, 30),
        ("pair-assessments", None, 6, 32),
    ]


def test_headings_ignore_fenced_code() -> None:
    body = "## Context\n\n```\n## Not a heading\n```\n\n### Sub\n\n## Lesson\n"
    assert outline(body).headings == ((2, "Context", 0), (3, "Sub", 6), (2, "Lesson", 8))


def test_replace_wikilinks_leaves_code_alone() -> None:
    replaced = replace_wikilinks(BODY, lambda w: f"<{w.target}>")
    assert "Intro with <skills-gap> and <sids-risk>." in replaced
    assert "[[in-a-fence]]" in replaced
    assert "`[[in-code]]`" in replaced
    assert "<pair-assessments> is trimmed" in replaced


def test_body_links_point_at_the_targets_page_with_its_title(kb: KnowledgeBase) -> None:
    renderer = Renderer(kb, TODAY)
    lesson = kb.entries["pair-assessments"]
    assert "See [Skills gap in the public service](../findings/skills-gap.md)." in (
        renderer.body_markdown(lesson)
    )


def test_body_link_text_and_escaped_titles(tmp_path_factory: pytest.TempPathFactory) -> None:
    project = new_project(tmp_path_factory.mktemp("escape") / "kb")
    project.finding(title="Skills *gap* [draft] <b>")
    body = lesson_md().replace("See [[skills-gap]].", "See [[skills-gap]] and [[skills-gap|this]].")
    project.write("content/lessons/pair-assessments.md", body)
    result = load_knowledge_base(project.content, project.root, today=TODAY)
    assert result.problems == []
    markdown = Renderer(result.kb, TODAY).body_markdown(result.kb.entries["pair-assessments"])
    html = Markdown().convert(markdown)
    # The title is literal text: no emphasis, no link syntax, no tag, no stray backslash.
    assert (
        '<a href="../findings/skills-gap.md">Skills *gap* [draft] &lt;b&gt;</a>'
        ' and <a href="../findings/skills-gap.md">this</a>.'
    ) in html
