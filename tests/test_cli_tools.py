"""`lessons-kb stats`, `schema` and `vscode`, and the editor and pre-commit files they back."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import yaml
from helpers import REPO, Project
from jsonschema import Draft202012Validator
from lessons_kb.cli.stats import STATS_JSON_SCHEMA
from lessons_kb.schema import KINDS, schema_for, status_values
from lessons_kb.site.guide_examples import example_entries
from lessons_kb.source.load import load_taxonomies
from test_cli import run_cli


def stats_of(project: Project) -> dict:
    result = run_cli("stats", "--format", "json", cwd=project.root)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    errors = [e.message for e in Draft202012Validator(STATS_JSON_SCHEMA).iter_errors(document)]
    assert not errors
    return document


def test_stats_counts_kinds_statuses_places_and_follow_up(project: Project) -> None:
    Draft202012Validator.check_schema(STATS_JSON_SCHEMA)
    today = dt.date.today()
    project.lesson(
        "overdue-lesson",
        status="identified",
        countries=["LCA", "BHS"],
        sdgs=["16", "16.6", "5.5"],
        review_due="2020-01-01",
        recommendations=[
            {"text": "Late action.", "owner": "un-desa", "due": "2021-01-01"},
            {"text": "Done action.", "owner": "eclac", "due": "2021-01-01", "status": "completed"},
            {"text": "Dropped.", "owner": "eclac", "status": "no-longer-applicable"},
            {"text": "Running.", "owner": "eclac", "due": "2099-01-01", "status": "in-progress"},
        ],
    )
    project.finding("hidden", sensitivity="internal", countries=["BHS"])
    stats = stats_of(project)
    assert stats["today"] == today.isoformat()
    assert (stats["entries"], stats["internal"]) == (5, 1)
    assert stats["kinds"] == {"mission": 1, "finding": 2, "lesson": 2}
    assert list(stats["statuses"]["lesson"]) == status_values("lesson")
    assert stats["statuses"]["lesson"]["identified"] == 2
    assert stats["statuses"]["finding"] == {"draft": 2, "verified": 0}
    countries = {row["code"]: row for row in stats["countries"]}
    assert countries["LCA"]["entries"] == 4 and countries["LCA"]["lesson"] == 2
    assert countries["BHS"] == {
        "code": "BHS",
        "name": "The Bahamas",
        "entries": 2,
        "mission": 0,
        "finding": 1,
        "lesson": 1,
    }
    goals = {row["goal"]: row["entries"] for row in stats["sdgs"]}
    assert goals == {"16": 5, "5": 1}  # 16 and 16.6 on one entry count once for goal 16
    assert [r["id"] for r in stats["reviews_overdue"]] == ["overdue-lesson"]
    recommendations = stats["recommendations"]
    assert (recommendations["total"], recommendations["open"]) == (5, 3)
    assert (recommendations["completed"], recommendations["no_longer_applicable"]) == (1, 1)
    assert recommendations["overdue"] == 1
    assert recommendations["late"][0]["text"] == "Late action."
    assert stats["problems"] == {"errors": 0, "warnings": 1}

    text = run_cli("stats", cwd=project.root)
    assert text.returncode == 0
    assert "5 entries: 1 mission, 2 findings, 2 lessons (1 internal" in text.stdout
    assert "Recommendations: 5 in all, 3 open (1 overdue), 1 completed" in text.stdout
    assert "2020-01-01  content/lessons/overdue-lesson.md" in text.stdout
    assert "run `lessons-kb check` to see them" in text.stdout


def test_schema_writes_the_schemas_the_build_enforces(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = run_cli("schema", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    vocabulary, _ = load_taxonomies(project.content, project.root)
    examples = example_entries(vocabulary, dt.date.today())
    for kind in KINDS:
        written = json.loads((out / f"{kind}.json").read_text("utf-8"))
        assert written == schema_for(kind)
        Draft202012Validator.check_schema(written)
        # The guide's example front matter is valid against the published schema.
        front = yaml.load(examples[kind][1].split("---\n")[1], Loader=yaml.BaseLoader)
        assert not list(Draft202012Validator(written).iter_errors(front)), kind
        assert list(Draft202012Validator(written).iter_errors({**front, "countires": []}))


def test_vscode_content_types_follow_the_schemas(project: Project, tmp_path: Path) -> None:
    result = run_cli("vscode", "--out", tmp_path, cwd=project.root)
    assert result.returncode == 0, result.stderr
    config = json.loads((tmp_path / "frontmatter.json").read_text("utf-8"))
    types = {t["name"]: t for t in config["frontMatter.taxonomy.contentTypes"]}
    groups = {g["id"]: g for g in config["frontMatter.taxonomy.fieldGroups"]}
    assert list(types) == list(KINDS)
    for kind in KINDS:
        schema = schema_for(kind)
        fields = {f["name"]: f for f in types[kind]["fields"]}
        assert list(fields) == list(schema["properties"])
        assert {n for n, f in fields.items() if f.get("required")} == set(schema["required"])
        assert fields["status"]["choices"] == status_values(kind)
        assert fields["date"]["type"] == "datetime"
        assert [c["id"] for c in fields["themes"]["choices"]] == [
            "digital-government",
            "leadership",
        ]
        assert {"id": "LCA", "title": "Saint Lucia (LCA)"} in fields["countries"]["choices"]
        sdgs = [c["id"] for c in fields["sdgs"]["choices"]]
        assert len(sdgs) == 17 + 169 and sdgs[:2] == ["1", "1.1"]
        for name, field in fields.items():
            if field["type"] == "block":
                items = schema["properties"][name]["items"]
                group = groups[field["fieldGroup"][0]]
                assert [f["name"] for f in group["fields"]] == list(items["properties"])
    folders = {f["title"]: f for f in config["frontMatter.content.pageFolders"]}
    assert folders["Findings"]["path"] == "[[workspace]]/content/missions/*/findings"


def test_committed_frontmatter_json_is_up_to_date(tmp_path: Path) -> None:
    result = run_cli("vscode", "--out", tmp_path, cwd=REPO)
    assert result.returncode == 0, result.stderr
    generated = (tmp_path / "frontmatter.json").read_text("utf-8")
    committed = (REPO / "frontmatter.json").read_text("utf-8")
    assert committed == generated, (
        "frontmatter.json is out of date: run `lessons-kb vscode --out .` and commit it"
    )


def test_vscode_recommends_front_matter_and_a_check_task(project: Project) -> None:
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text("utf-8"))
    assert "eliostruyf.vscode-front-matter" in extensions["recommendations"]
    json.loads((REPO / ".vscode/settings.json").read_text("utf-8"))
    tasks = json.loads((REPO / ".vscode/tasks.json").read_text("utf-8"))["tasks"]
    check = next(t for t in tasks if t["label"] == "lessons-kb: check")
    assert check["args"] == ["check", "--format", "github"]
    # The task's problem matcher reads every annotation `check` prints.
    pattern = check["problemMatcher"]["pattern"]
    matcher = re.compile(pattern["regexp"])
    project.lesson(countries=["XXX"], review_due="2020-01-01")
    project.write("content/lessons/empty.md", "")
    result = run_cli("check", "--format", "github", cwd=project.root)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 3
    found = {
        (m[pattern["severity"]], m[pattern["file"]], m[pattern["line"]])
        for m in map(matcher.match, annotations)
        if m
    }
    lesson = "content/lessons/pair-assessments.md"
    assert len(found) == 3
    assert {(severity, file) for severity, file, _ in found} == {
        ("error", lesson),
        ("warning", lesson),
        ("error", "content/lessons/empty.md"),
    }


def test_pre_commit_hook_runs_the_check_on_content() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "lessons-kb-check")
    assert hook["entry"] == "lessons-kb check"
    assert hook["language"] == "python"
    assert re.search(hook["files"], "content/lessons/x.md")
    assert not re.search(hook["files"], "docs/index.md")
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts[hook["entry"].split()[0]] == "lessons_kb.cli.main:main"
