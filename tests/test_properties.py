"""Property-based tests: whatever an editor writes, the core reports problems and never raises.

Hypothesis writes random front matter (random keys, known field names with values of any
type, nesting, unicode), random YAML text, random bytes and random Markdown bodies; the
loader, the splitter, the schema and vocabulary checks, the whole knowledge-base load,
the body renderer and the HTML sanitiser must return — with problems, never an exception.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import Project, new_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lessons_kb.checks.run import load_knowledge_base
from lessons_kb.finish.sanitize import sanitize_html
from lessons_kb.problems import Problem
from lessons_kb.schema import KINDS, field_names
from lessons_kb.site.render import Renderer
from lessons_kb.source.load import read_text, split_front_matter
from lessons_kb.source.yamlnodes import MAX_DEPTH, load_marked

#: Examples per property (the note of the issue reports the total).
EXAMPLES = 250
TODAY = dt.date(2025, 1, 1)
PATHS = {
    "mission": "content/missions/random/index.md",
    "finding": "content/missions/lca-2024/findings/random.md",
    "lesson": "content/lessons/random.md",
}
FIELDS = sorted({name for kind in KINDS for name in field_names(kind)})
common = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- Strategies ---------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates().map(str),
    st.dates(),
    st.sampled_from(["LCA", "16.6", "16", "un-desa", "skills-gap", "lca-2024", "2024-02-30"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), children, max_size=4
        ),
    ),
    max_leaves=20,
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=20), st.integers(), st.booleans())
front_matters = st.dictionaries(keys, values, max_size=12)

body_lines = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "## Context",
            "## Lesson",
            "## Recommendations",
            "## Objectives",
            "## Activities",
            "## Observation",
            "## Discussion",
            "# A title",
            "```",
            "~~~",
            "`[[code]]`",
            "[[skills-gap]]",
            "[[lca-2024|the mission]]",
            "[[nowhere]]",
            "[[|]]",
            "[[ ]]",
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "{onclick=alert(1)}",
            "---",
        ]
    ),
)
bodies = st.lists(body_lines, max_size=15).map("\n".join)


def dump(data: object) -> str:
    """YAML as an editor might write it (sometimes as flow, sometimes as block)."""
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return repr(data)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A valid small project whose random entries are rewritten for every example."""
    return new_project(tmp_path_factory.mktemp("properties") / "kb")


def assert_only_problems(result_problems: list[Problem], root: Path) -> None:
    for problem in result_problems:
        assert isinstance(problem, Problem)
        assert problem.file and problem.message
        assert problem.line is None or problem.line >= 1
        assert not Path(problem.file).is_absolute(), problem.file
        problem.sentence()  # formats without raising


def load(project: Project) -> list[Problem]:
    result = load_knowledge_base(project.content, project.root, today=TODAY)
    assert_only_problems(result.problems, project.root)
    renderer = Renderer(result.kb, TODAY)
    for entry in result.kb.entries.values():
        renderer.body_markdown(entry)
    return result.problems


def clean(project: Project) -> None:
    for rel in PATHS.values():
        (project.root / rel).unlink(missing_ok=True)
    shutil.rmtree(project.root / "content/missions/random", ignore_errors=True)


# --- Properties ---------------------------------------------------------------------------


@common
@given(text=st.text(max_size=400))
def test_yaml_loader_never_raises_on_any_text(text: str) -> None:
    marked = load_marked(text, line_offset=1)
    for error in marked.errors:
        assert error.message
        assert error.mark is None or error.mark.line >= 2


@common
@given(data=front_matters)
def test_yaml_loader_never_raises_on_any_structure(data: dict[object, object]) -> None:
    marked = load_marked(dump(data))
    assert marked.data is None or isinstance(marked.data, dict | list | str | int | float | bool)


@common
@given(text=st.text(max_size=300))
def test_splitting_never_raises(text: str) -> None:
    result = split_front_matter(text, "x.md")
    if isinstance(result, tuple):
        front, body, body_line = result
        lines = text.split("\n")
        assert lines[0].rstrip() == "---"
        assert lines[body_line - 1 :] == body.split("\n")
        assert lines[1 : body_line - 2] == (front.split("\n") if body_line > 3 else [])


@common
@given(
    depth=st.integers(min_value=1, max_value=3000),
    style=st.sampled_from(["[", "{a: ", "block"]),
)
@example(depth=21, style="block")
@example(depth=22, style="block")
@example(depth=20, style="[")
@example(depth=21, style="[")
def test_deep_nesting_never_raises(depth: int, style: str) -> None:
    if style == "block":  # mappings from the top level down
        text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "v\n"
        deepest = depth - 1
    else:  # lists or mappings below the field `x`
        closing = "]" if style == "[" else "}"
        text = "x: " + style * depth + "1" + closing * depth
        deepest = depth
    marked = load_marked(text)
    # Refused (with a problem) exactly when a list or mapping is more than 20 levels down.
    assert bool(marked.errors) == (deepest > MAX_DEPTH)


@common
@given(data=st.binary(max_size=300))
def test_reading_any_bytes_never_raises(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.getbasetemp() / "random-bytes.md"
    path.write_bytes(data)
    text, problems = read_text(str(path), "random-bytes.md")
    assert (text is None) == bool(problems)
    if text is not None:
        split_front_matter(text, "random-bytes.md")
        assert "\r" not in text


@common
@given(kind=st.sampled_from(KINDS), data=front_matters, body=bodies)
def test_random_entries_give_problems_not_exceptions(
    base: Project, kind: str, data: dict[object, object], body: str
) -> None:
    clean(base)
    base.write(PATHS[kind], "---\n" + dump(data) + "---\n" + body + "\n")
    problems = load(base)
    # Nothing is lost silently: the random entry is reported on, or it is in the base.
    reported = any(p.file == PATHS[kind] and p.is_error for p in problems)
    entry_ids = load_knowledge_base(base.content, base.root, today=TODAY).kb.entries
    assert reported or "random" in entry_ids


@common
@given(kind=st.sampled_from(KINDS), front=st.text(max_size=200), body=st.text(max_size=200))
def test_random_text_between_the_dashes_gives_problems(
    base: Project, kind: str, front: str, body: str
) -> None:
    clean(base)
    base.write(PATHS[kind], f"---\n{front}\n---\n{body}")
    problems = load(base)
    assert any(p.file == PATHS[kind] for p in problems), "a random entry cannot be valid"


@common
@given(name=st.sampled_from(["themes", "organisations", "projects"]), data=front_matters)
def test_random_taxonomies_give_problems_not_exceptions(
    base: Project, name: str, data: dict[object, object]
) -> None:
    clean(base)
    path = base.content / "taxonomies" / f"{name}.yml"
    original = path.read_text("utf-8")
    try:
        path.write_text(dump(data), "utf-8")
        load(base)
    finally:
        path.write_text(original, "utf-8")


@common
@given(
    text=st.text(max_size=300),
    tags=st.lists(
        st.sampled_from(
            [
                "<script>",
                "<img ",
                "<a href=",
                "javascript:",
                " onload=",
                '"',
                "'",
                ">",
                "<!--",
                "-->",
                "&#x61;",
                "<svg",
                "</",
            ]
        ),
        max_size=10,
    ),
)
def test_sanitizer_never_raises_and_leaves_no_script(text: str, tags: list[str]) -> None:
    html = text + "".join(tags) + text
    cleaned = sanitize_html(html)
    assert "<script" not in cleaned.lower()
    assert sanitize_html(cleaned) == cleaned  # already clean: unchanged
