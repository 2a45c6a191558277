"""`check` is the build's judge for links in entry bodies.

Links to files and sections that do not exist are planted in a lesson of the example. The
check reports each at its line of the entry's own file; `lessons-kb build --strict` and
`mkdocs build --strict` stop with the same problems and nothing else (no warning of the
engine naming a staged path, which is in no repository). The engine, given the very same
staged pages without the check, warns about exactly the links the check named; once they
are fixed it builds strictly without a word.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_example, line_of
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.engines.engine import EngineError
from lessons_kb.engines.registry import ENGINES
from lessons_kb.engines.site import Site
from lessons_kb.site.folder import write_stage
from lessons_kb.site.stage import stage_site

pytestmark = pytest.mark.slow

LESSONS_KB = Path(sys.executable).parent / "lessons-kb"
LESSON = "content/lessons/plan-dissemination-from-the-start.md"
FINDING = "../findings/lca-dissemination-plan.md"
GOOD = f"""
Good links: [the about page](../about.md), [to contribute](../contribute.md#how-to-contribute),
[a finding]({FINDING}), [its discussion]({FINDING}#discussion),
[Saint Lucia](../countries/lca.md), [the context](#context) and [the web](https://example.org/).
"""
BAD = {
    "[D](3)": "3",
    "[a page](../nowhere.md)": "../nowhere.md",
    f"[its talk]({FINDING}#discusion)": f"{FINDING}#discusion",
    "[Narnia](../countries/nar.md)": "../countries/nar.md",
    "[below](#conclusions)": "#conclusions",
    "[about](/about/)": "/about/",
}
_CHECK_LINE = re.compile(r"^  line (\d+): error: .*the link `([^`]+)`", re.M)
_ENGINE_LINK = re.compile(r"contains (?:an unrecognized relative |an absolute |a )link '([^']+)'")


def _plant(root: Path, bad: bool) -> Path:
    path = root / LESSON
    text = path.read_text("utf-8")
    extra = GOOD + ("\nBad links: " + ", ".join(BAD) + ".\n" if bad else "")
    path.write_text(text.rstrip("\n") + "\n" + extra, "utf-8")
    return path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(list(args), cwd=root, capture_output=True, text=True, env=env)


def _engine_warnings(root: Path) -> set[str]:
    """The links the engine itself warns about, given the staged pages without the check."""
    site = Site.load(str(root / "mkdocs.yml"))
    today = dt.date.today()
    result = load_knowledge_base(site.settings.content_dir, root=site.root, today=today)
    staged = stage_site(result.kb, site.stage_options(today))
    folder = root / "raw-stage"
    write_stage(staged, folder, site.custom_dir)
    config = ENGINES["mkdocs"].write_config(site, staged, folder)
    try:
        output = ENGINES["mkdocs"].build(config, root / "raw-site", strict=True)
    except EngineError as exc:
        output = str(exc)
    return set(_ENGINE_LINK.findall(output))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("links") / "kb")
    _plant(root, bad=True)
    return root


def test_check_reports_each_bad_link_at_its_line(planted: Path) -> None:
    checked = _run(planted, str(LESSONS_KB), "check")
    assert checked.returncode == 1, checked.stdout
    found = {href: int(line) for line, href in _CHECK_LINE.findall(checked.stdout)}
    assert set(found) == set(BAD.values()), checked.stdout
    for written, href in BAD.items():
        assert found[href] == line_of(planted / LESSON, written), href
    assert f"{LESSON}\n" in checked.stdout
    assert ".lessons-kb" not in checked.stdout and "findings/plan-" not in checked.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("lessons-kb", "build", "--strict", "-d", "site"),
        (sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"),
    ],
    ids=["lessons-kb build", "mkdocs build"],
)
def test_the_strict_build_stops_with_the_same_problems(
    planted: Path, command: tuple[str, ...]
) -> None:
    program = str(LESSONS_KB) if command[0] == "lessons-kb" else command[0]
    built = _run(planted, program, *command[1:])
    output = built.stdout + built.stderr
    assert built.returncode != 0, output
    for written, href in BAD.items():
        line = line_of(planted / LESSON, written)
        at = rf"({re.escape(LESSON)}:{line}(:\d+)?: |  line {line}: error: )"
        assert re.search(rf"{at}.*the link `{re.escape(href)}`", output), f"{href}:\n{output}"
    assert "Doc file" not in output, output  # the engine never got to warn in its own words


def test_the_engine_alone_warns_about_exactly_the_links_check_named(planted: Path) -> None:
    assert _engine_warnings(planted) == set(BAD.values())


def test_without_the_bad_links_the_engine_has_nothing_to_say(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "kb")
    _plant(root, bad=False)
    checked = _run(root, str(LESSONS_KB), "check", "--strict")
    assert checked.returncode == 0, checked.stdout
    assert _engine_warnings(root) == set()
