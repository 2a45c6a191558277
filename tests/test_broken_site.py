"""A broken knowledge base: ten different mistakes in five files, one failed build naming them all.

The example knowledge base of the repository is copied to a temporary folder, the mistakes
are planted, and `mkdocs build` runs in a subprocess as a publisher would run it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO, Project

pytestmark = pytest.mark.slow

MISSION = "content/missions/lca-2024-changing-mindsets/index.md"
FINDINGS = "content/missions/lca-2024-changing-mindsets/findings"
SIDS = f"{FINDINGS}/lca-sids-vulnerabilities.md"
YEAR = f"{FINDINGS}/lca-year-of-infrastructure.md"
DUPLICATE = f"{FINDINGS}/agree-focal-points-during-scoping.md"
LESSON = "content/lessons/plan-dissemination-from-the-start.md"


@dataclass(frozen=True)
class Mistake:
    name: str
    file: str
    line: int
    message: str
    """Text the report must contain on the line that names the file and line."""


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


def body_line(path: Path) -> int:
    """The line after the front matter's closing `---`."""
    lines = path.read_text("utf-8").splitlines()
    return lines.index("---", 1) + 2


def plant(root: Path) -> list[Mistake]:
    """Plant the ten mistakes; return where each must be reported."""
    mission, sids, year, lesson = (root / f for f in (MISSION, SIDS, YEAR, LESSON))

    replace_once(mission, "\ncountries: [LCA]", "\ncountires: [LCA]")
    replace_once(mission, 'sdgs: ["9.c", ', 'sdgs: ["18", ')
    replace_once(mission, "end: 2024-08-07", "end: 2024-08-05")

    replace_once(sids, "countries: [LCA]", "countries: [Saint Lucia]")
    replace_once(sids, "## Discussion", "## Notes")

    replace_once(lesson, "  - lca-dissemination-plan\n", "  - lca-disemination-plan\n")
    replace_once(
        lesson,
        "status: observed",
        "status: learned\nvalidated_by: Ministry of the Public Service\nvalidated_on: 2024-10-01",
    )
    replace_once(lesson, "date: 2024-08-07", "date: 2024-02-30")

    title = next(t for t in year.read_text("utf-8").splitlines() if t.startswith("title:"))
    replace_once(year, title, "title: Priority: digital public infrastructure")

    # A finding whose id (its file name) is already a lesson's.
    shutil.copy(root / FINDINGS / "lca-dissemination-plan.md", root / DUPLICATE)

    return [
        Mistake(
            "typo'd field", MISSION, line_of(mission, "countires:"), "unknown field `countires`"
        ),
        Mistake(
            "unknown country",
            SIDS,
            line_of(sids, "Saint Lucia]"),
            "`Saint Lucia` is not a country code",
        ),
        Mistake("SDG 18", MISSION, line_of(mission, '"18"'), "`18` is not an SDG goal or target"),
        Mistake("end before start", MISSION, line_of(mission, "end: "), "before it starts"),
        Mistake(
            "dangling finding",
            LESSON,
            line_of(lesson, "lca-disemination-plan"),
            "`lca-disemination-plan` is no entry",
        ),
        Mistake(
            "duplicate id",
            DUPLICATE,
            1,
            "the id `agree-focal-points-during-scoping` is already used",
        ),
        Mistake(
            "missing section", SIDS, body_line(sids), "the body has no `## Discussion` section"
        ),
        Mistake(
            "bad YAML",
            YEAR,
            line_of(year, "title: Priority:"),
            "the text of `title` contains `: `, which YAML reads as the start of another field",
        ),
        Mistake(
            "invalid date",
            LESSON,
            line_of(lesson, "date: 2024-02-30"),
            "`2024-02-30` is not a valid date",
        ),
        Mistake(
            "learned without evidence",
            LESSON,
            line_of(lesson, "status: learned"),
            "`evidence_of_effectiveness` is required when status is `learned`",
        ),
    ]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Mistake], str, int]:
    root = tmp_path_factory.mktemp("broken") / "kb"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "content"):
        shutil.copytree(REPO / folder, root / folder)
    mistakes = plant(root)
    result = Project(root).build()
    return mistakes, result.stdout + result.stderr, result.returncode


def test_ten_mistakes_in_five_files(broken: tuple[list[Mistake], str, int]) -> None:
    mistakes, _, _ = broken
    assert len({m.name for m in mistakes}) == 10
    assert len({m.file for m in mistakes}) == 5


def test_the_build_fails(broken: tuple[list[Mistake], str, int]) -> None:
    _, output, returncode = broken
    assert returncode != 0, output


def test_the_build_fails_once_with_no_traceback(broken: tuple[list[Mistake], str, int]) -> None:
    _, output, _ = broken
    assert "Traceback" not in output
    assert output.count("The knowledge base has") == 1, output


@pytest.mark.parametrize(
    "name",
    [
        "typo'd field",
        "unknown country",
        "SDG 18",
        "end before start",
        "dangling finding",
        "duplicate id",
        "missing section",
        "bad YAML",
        "invalid date",
        "learned without evidence",
    ],
)
def test_each_mistake_is_named_with_file_and_line(
    broken: tuple[list[Mistake], str, int], name: str
) -> None:
    mistakes, output, _ = broken
    mistake = next(m for m in mistakes if m.name == name)
    pattern = (
        re.escape(f"{mistake.file}:{mistake.line}") + r"(:\d+)?: .*" + re.escape(mistake.message)
    )
    assert re.search(pattern, output), f"{name} at {mistake.file}:{mistake.line} not in:\n{output}"


def test_the_hints_are_given(broken: tuple[list[Mistake], str, int]) -> None:
    _, output, _ = broken
    assert "did you mean `countries`?" in output
    assert "did you mean `LCA` (Saint Lucia)?" in output
    assert "SDG goals run from 1 to 17" in output
    assert "did you mean `lca-dissemination-plan`?" in output
    assert 'put the whole text in quotes: `title: "Priority:' in output
