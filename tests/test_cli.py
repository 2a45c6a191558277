"""`lessons-kb check` and how the command line reads mkdocs.yml, run as the installed script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers import MKDOCS_YML, Project, new_project
from jsonschema import Draft202012Validator
from lessons_kb.cli.check import CHECK_JSON_SCHEMA

CLI = Path(sys.executable).parent / ("lessons-kb.exe" if os.name == "nt" else "lessons-kb")
LESSON = "content/lessons/pair-assessments.md"
FINDING = "content/missions/lca-2024/findings/skills-gap.md"


def run_cli(
    *args: str | os.PathLike[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`lessons-kb ARGS` in `cwd`, with no terminal on stdin; never a traceback."""
    assert CLI.exists(), f"the console script is not installed next to {sys.executable}"
    result = subprocess.run(
        [str(CLI), *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def check_json(project: Project, *args: str) -> tuple[int, dict[str, Any]]:
    """`check --format json`, its exit status and its document, validated against its shape."""
    result = run_cli("check", "--format", "json", *args, cwd=project.root)
    document = json.loads(result.stdout)
    errors = list(Draft202012Validator(CHECK_JSON_SCHEMA).iter_errors(document))
    assert not errors, [e.message for e in errors]
    return result.returncode, document


def break_two_files(project: Project) -> None:
    """Errors in a lesson (unknown country, unknown finding) and in a finding (bad kind)."""
    project.lesson(countries=["XXX"], findings=["skills-gapp"])
    project.finding(kind="gapp")


def test_shape_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(CHECK_JSON_SCHEMA)


def test_a_clean_base_passes(project: Project) -> None:
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found in 3 entries."
    assert result.stderr == ""
    status, document = check_json(project)
    assert status == 0
    assert document["ok"] is True
    assert (document["entries"], document["errors"], document["problems"]) == (3, 0, [])


def test_problems_exit_1_in_every_format(project: Project) -> None:
    break_two_files(project)
    text = run_cli("check", cwd=project.root)
    assert text.returncode == 1
    assert f"{LESSON}\n" in text.stdout and f"{FINDING}\n" in text.stdout
    assert "`XXX` is not a country code" in text.stdout
    assert "did you mean `skills-gap`?" in text.stdout
    assert text.stdout.rstrip().endswith("3 errors and 0 warnings in 2 files")

    status, document = check_json(project)
    assert status == 1 and document["ok"] is False
    assert document["errors"] == 3 and document["warnings"] == 0
    by_field = {(p["file"], p["field"]): p for p in document["problems"]}
    assert set(by_field) == {
        (LESSON, "countries[0]"),
        (LESSON, "findings[0]"),
        (FINDING, "kind"),
    }
    lesson_lines = Path(project.root, LESSON).read_text().splitlines()
    country = by_field[(LESSON, "countries[0]")]
    assert "XXX" in lesson_lines[country["line"] - 1]
    assert country["severity"] == "error"

    github = run_cli("check", "--format", "github", cwd=project.root)
    assert github.returncode == 1
    annotations = [line for line in github.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 3
    assert all(re.match(r"::error file=content/[^,]+,line=\d+", a) for a in annotations)
    # The whole list in plain text too: GitHub shows at most ten annotations per step.
    assert "3 errors and 0 warnings in 2 files" in github.stdout


def test_github_format_writes_the_full_list_to_the_job_summary(
    project: Project, tmp_path: Path
) -> None:
    for number in range(12):
        project.lesson(f"lesson-{number}", countries=["XXX"])
    summary = tmp_path / "summary.md"
    result = run_cli(
        "check", "--format", "github", cwd=project.root, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == 1
    rows = [line for line in summary.read_text().splitlines() if "lesson-" in line]
    assert len(rows) == 12
    assert all("`XXX` is not a country code" in row for row in rows)


def test_warnings_fail_only_when_strict(project: Project) -> None:
    project.lesson(review_due="2020-01-01")
    assert run_cli("check", cwd=project.root).returncode == 0
    status, document = check_json(project)
    assert (status, document["warnings"], document["strict"]) == (0, 1, False)
    strict = run_cli("check", "--strict", cwd=project.root)
    assert strict.returncode == 1
    assert "Warnings fail the check because it is strict." in strict.stdout
    # `strict: true` in mkdocs.yml makes the build strict, and so the check.
    project.write("mkdocs.yml", "strict: true\n" + MKDOCS_YML)
    assert run_cli("check", cwd=project.root).returncode == 1
    assert run_cli("check", "--no-strict", cwd=project.root).returncode == 0


def test_named_paths_filter_the_report_but_references_use_the_whole_base(
    project: Project,
) -> None:
    break_two_files(project)
    project.lesson("clean-lesson", findings=["skills-gap"])
    status, document = check_json(project, LESSON)
    assert status == 1
    assert {p["file"] for p in document["problems"]} == {LESSON}
    assert document["not_shown"] == 1

    # A lesson checked alone still sees the finding it names (in another file).
    clean = run_cli("check", "content/lessons/clean-lesson.md", cwd=project.root)
    assert clean.returncode == 0, clean.stdout
    assert "1 more in other files" in clean.stdout or "3 more in other files" in clean.stdout

    # A folder names every file under it.
    status, document = check_json(project, "content/missions")
    assert {p["file"] for p in document["problems"]} == {FINDING}

    missing = run_cli("check", "content/lessons/nothing.md", cwd=project.root)
    assert missing.returncode == 2
    assert "content/lessons/nothing.md does not exist" in missing.stderr


def test_usage_and_configuration_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", cwd=empty)
    assert result.returncode == 2
    assert result.stderr.startswith("lessons-kb: error: there is no mkdocs.yml in ")
    assert result.stdout == ""

    project = new_project(tmp_path / "kb")
    project.write("mkdocs.yml", "site_name: X\nplugins:\n  - search\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2
    assert "does not use the lessons-kb plugin" in result.stderr

    project.write("mkdocs.yml", "site_name: X\nplugins:\n  - lessons-kb:\n      content_dir: kb\n")
    result = run_cli("check", cwd=project.root)
    assert (result.returncode, "the content folder kb" in result.stderr) == (2, True)

    project.write("mkdocs.yml", "site_name: X\nplugins: [lessons-kb\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2
    assert "mkdocs.yml:3: the YAML cannot be read" in result.stderr

    for args in (["check", "--format", "xml"], ["frobnicate"], []):
        result = run_cli(*args, cwd=project.root)
        assert result.returncode == 2, args
        assert re.search(r"^lessons-kb( check)?: error: ", result.stderr, re.M), result.stderr


def test_config_file_option_and_inherit(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb")
    project.write(
        "base.yml", MKDOCS_YML.replace("- lessons-kb:", "- lessons-kb:\n      content_dir: kb")
    )
    project.write("mkdocs.yml", "INHERIT: base.yml\nsite_name: Child\n")
    (project.root / "content").rename(project.root / "kb")
    project.write("kb/lessons/bad.md", "no front matter\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli(
        "check", "--config-file", project.root / "mkdocs.yml", "--format", "json", cwd=elsewhere
    )
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert document["content_dir"] == "kb"
    assert [p["file"] for p in document["problems"]] == ["kb/lessons/bad.md"]


def test_mkdocs_yml_is_read_without_running_its_tags(tmp_path: Path) -> None:
    project = new_project(tmp_path / "kb")
    marker = tmp_path / "ran"
    project.write(
        "mkdocs.yml",
        MKDOCS_YML.replace(
            "- lessons-kb:", "- lessons-kb:\n      content_dir: !ENV [KB_DIR, content]"
        )
        + "extra:\n"
        + f"  evil: !!python/object/apply:os.system ['touch {marker}']\n"
        + "  name: !!python/name:os.system\n"
        + "  here: !relative $config_dir\n"
        + "  version: !ENV VERSION\n",
    )
    assert run_cli("check", cwd=project.root).returncode == 0
    assert not marker.exists()
    # `!ENV` is resolved as MkDocs resolves it.
    (project.root / "content").rename(project.root / "other")
    result = run_cli("check", cwd=project.root, env={"KB_DIR": "other"})
    assert result.returncode == 0, result.stderr
    assert not marker.exists()


def test_the_example_knowledge_base_passes_strictly() -> None:
    repo = Path(__file__).resolve().parent.parent
    result = run_cli("check", "--strict", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("No problems found in ")


def test_the_command_line_starts_without_loading_the_build() -> None:
    """`lessons-kb check` (every command but build, serve and offline) starts without
    importing the engines, the finish stage or the importer's planning."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, lessons_kb.cli.main as m; m.build_parser(); print(' '.join(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "lessons_kb.cli.build" in loaded
    heavy = {"lessons_kb.engines.run", "lessons_kb.finish.run", "lessons_kb.importer.plan"}
    assert heavy.isdisjoint(loaded)
