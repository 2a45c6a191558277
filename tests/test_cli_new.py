"""`lessons-kb new`: templates in the right place, only placeholders to fix, never an overwrite."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers import Project, new_project
from lessons_kb.checks.placeholders import MARKER
from test_cli import CLI, check_json, run_cli

NEW_FILES = {
    "mission": "content/missions/bhs-2025-scoping/index.md",
    "finding": "content/missions/lca-2024/findings/weak-data-sharing.md",
    "lesson": "content/lessons/share-data-early.md",
}
NEW_ARGS = {
    "mission": ["--id", "bhs-2025-scoping", "--title", "Scoping mission to The Bahamas"],
    "finding": ["--mission", "lca-2024", "--title", "Weak data sharing"],
    "lesson": ["--findings", "skills-gap", "--title", "Share data early"],
}


def fill_placeholders(text: str) -> str:
    """What an editor does: confirm each choice and write text over each `TODO:`."""
    text = re.sub(r" +# TODO:.*$", "", text, flags=re.M)
    return re.sub(r"TODO:[^\"\n]*", "Text an editor wrote for this entry.", text)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A small base to which `new` added a mission, a finding and a lesson."""
    project = new_project(tmp_path_factory.mktemp("new") / "kb")
    for kind, args in NEW_ARGS.items():
        result = run_cli("new", kind, *args, cwd=project.root)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Created {NEW_FILES[kind]}\n")
    return project


def test_new_entries_are_placed_and_named(created: Project) -> None:
    for path in NEW_FILES.values():
        assert (created.root / path).is_file(), path
    mission = front_matter(created.root / NEW_FILES["mission"])
    assert mission["title"] == "Scoping mission to The Bahamas"
    assert mission["status"] == "planned" and mission["type"] == ["scoping"]
    assert mission["date"] == mission["start"] == mission["end"]
    finding = front_matter(created.root / NEW_FILES["finding"])
    assert (finding["status"], finding["countries"]) == ("draft", ["LCA"])  # from its mission
    lesson = front_matter(created.root / NEW_FILES["lesson"])
    assert (lesson["status"], lesson["findings"]) == ("observed", ["skills-gap"])
    assert str(lesson["date"]) == time.strftime("%Y-%m-%d")


def test_a_fresh_entry_reports_only_its_placeholders(created: Project) -> None:
    status, document = check_json(created)
    assert status == 1
    reported = {(p["file"], p["line"]) for p in document["problems"]}
    expected = set()
    for path in NEW_FILES.values():
        lines = (created.root / path).read_text("utf-8").splitlines()
        expected |= {(path, n) for n, line in enumerate(lines, 1) if MARKER in line}
    assert reported == expected
    assert all(p["severity"] == "error" for p in document["problems"])
    assert all(MARKER in p["message"] for p in document["problems"])
    fields = {p["field"] for p in document["problems"] if p["file"] == NEW_FILES["mission"]}
    assert {"summary", "type", "start", "end", "location"} <= fields


def test_filled_in_entries_pass_the_check_and_the_build(created: Project, tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb")
    for path in NEW_FILES.values():
        project.write(path, fill_placeholders((created.root / path).read_text("utf-8")))
    result = run_cli("check", "--strict", cwd=project.root)
    assert result.returncode == 0, result.stdout
    project.build(check=True)
    for page in (
        "missions/bhs-2025-scoping",
        "findings/weak-data-sharing",
        "lessons/share-data-early",
    ):
        assert (
            "Text an editor wrote for this entry." in project.site(f"{page}/index.html").read_text()
        )


def test_never_overwrites_and_ids_stay_unique(project: Project) -> None:
    lesson = project.root / "content/lessons/pair-assessments.md"
    before = lesson.read_text()
    result = run_cli("new", "lesson", "--id", "pair-assessments", cwd=project.root)
    assert result.returncode == 1
    assert "`pair-assessments` is already used by content/lessons/pair-assessments.md" in (
        result.stderr
    )
    # An id is unique across kinds: a lesson cannot take a finding's id.
    result = run_cli("new", "lesson", "--id", "skills-gap", cwd=project.root)
    assert result.returncode == 1
    assert "already used by content/missions/lca-2024/findings/skills-gap.md" in result.stderr
    assert not (project.root / "content/lessons/skills-gap.md").exists()
    assert lesson.read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lesson", "--id", "Bad_Id"], "is not well-formed"),
        (["lesson", "--id", "index"], "is reserved"),
        (["lesson"], "--title (or --id) is missing (there is no terminal to ask on)"),
        (["finding", "--title", "A finding"], "--mission is missing"),
        (["finding", "--mission", "lca-2042", "--title", "A finding"], "did you mean `lca-2024`"),
        (["lesson", "--findings", "skills-gapp", "--title", "Twice"], "did you mean `skills-gap`"),
        (["lesson", "--mission", "lca-2024", "--title", "Twice"], "for a finding only"),
        (["mission", "--title", "No"], "3 to 200 characters"),
        (["report"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_and_create_nothing(
    project: Project, args: list[str], message: str
) -> None:
    before = sorted(project.content.rglob("*"))
    result = run_cli("new", *args, cwd=project.root)
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(project.content.rglob("*")) == before


def test_titles_are_written_as_safe_yaml_and_give_the_id(project: Project) -> None:
    title = 'Saint Lucia: "Year of Infrastructure" #1 — yes'
    result = run_cli("new", "lesson", "--title", title, cwd=project.root)
    assert result.returncode == 0, result.stderr
    path = project.root / "content/lessons/saint-lucia-year-of-infrastructure-1-yes.md"
    assert front_matter(path)["title"] == title
    # With an id and no title, the title is a placeholder too.
    run_cli("new", "finding", "--mission", "lca-2024", "--id", "untitled", cwd=project.root)
    finding = front_matter(project.root / "content/missions/lca-2024/findings/untitled.md")
    assert finding["title"].startswith(MARKER)


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_asks_for_what_is_missing_in_a_terminal(project: Project) -> None:
    """In a terminal, `new` asks; a bad or taken id is asked again."""
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(CLI), "new", "lesson"],
        cwd=project.root,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    answers = ["skills-gap", "Pair assessments with training", "pair-assessments", "Pair It"]
    answers.append("pair-it")
    for answer in answers:
        os.write(controller, (answer + "\n").encode())
    try:
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
    assert process.returncode == 0, err
    assert "Findings it is drawn from" in err and "Title of the lesson" in err
    assert "already used by content/lessons/pair-assessments.md" in err
    assert "is not well-formed" in err
    assert out.startswith("Created content/lessons/pair-it.md")
    lesson = front_matter(project.root / "content/lessons/pair-it.md")
    assert lesson["title"] == "Pair assessments with training"
    assert lesson["findings"] == ["skills-gap"]


def test_runs_as_a_module_too(project: Project) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessons_kb.cli.main", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
