"""The small test site builds, and its pages exist."""

from conftest import Project


def test_small_site_builds(project: Project) -> None:
    result = project.build("--strict")
    assert result.returncode == 0, result.stderr
    for rel in (
        "missions/lca-2024/index.html",
        "findings/skills-gap/index.html",
        "lessons/pair-assessments/index.html",
        "lessons/index.html",
    ):
        assert project.site(rel).is_file(), rel
