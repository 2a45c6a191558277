"""The package's import graph: no cycles, engines only behind the faces, a core of its own.

Every module of `lessons_kb` is read with `ast`, never imported, and every import in it
counts: at the top, inside a function, under `if TYPE_CHECKING:` or in a `try:`. An
import names the deepest module of the package it reaches: `from lessons_kb.cli import
check` imports `lessons_kb.cli.check`, `from lessons_kb.vocab import country_name`
imports `lessons_kb.vocab`.

- No module reaches itself again through its imports (a cycle).
- Only `lessons_kb.engines` imports a site engine (MkDocs, ProperDocs, Zensical, Material);
  the command line reaches the engines through `lessons_kb.engines`, never directly.
- The core stages never reach the faces (`lessons_kb.engines`, `lessons_kb.cli`), even
  through another module.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "lessons_kb"
#: Top-level names of the site engines and their themes.
ENGINES = frozenset({"mkdocs", "properdocs", "zensical", "material"})
FACES = ("lessons_kb.engines", "lessons_kb.cli")
CORE = (
    "lessons_kb.source",
    "lessons_kb.checks",
    "lessons_kb.vocab",
    "lessons_kb.site",
    "lessons_kb.finish",
    "lessons_kb.model",
    "lessons_kb.problems",
    "lessons_kb.schema",
    "lessons_kb.kinds",
)


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement's target, and where it is written."""

    target: str
    """A module of the package, or the top-level name of an outside package."""
    line: int
    internal: bool
    how: str = ""
    """"" at the top of the file, else "in a function" or "for type checking"."""


@dataclass(slots=True)
class Graph:
    """The modules of a package, what each imports from it, and from outside it."""

    root: Path
    files: dict[str, Path]
    edges: dict[str, dict[str, int]]
    """module → imported module of the package → line of the first such import."""
    outside: dict[str, dict[str, int]]
    """module → top-level name of an outside package → line of its first import."""
    how: dict[tuple[str, str], str]
    """(module, imported module) → how the import named in `edges` is written, when it is
    not at the top of the file ("in a function", "for type checking"): still an import."""


def walk_modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package in folder `root`, by dotted name.

    `pkgutil.iter_modules` folder by folder, not `pkgutil.walk_packages`, which imports
    each package to look inside it: here nothing is imported. A folder of modules without
    an `__init__.py` is a namespace package, which Python imports too: its modules count.
    """
    found: dict[str, Path] = {}
    if (root / "__init__.py").is_file():
        found[package] = root / "__init__.py"
    listed: set[str] = set()
    for info in pkgutil.iter_modules([str(root)]):
        listed.add(info.name)
        name = f"{package}.{info.name}"
        if info.ispkg:
            found.update(walk_modules(root / info.name, name))
        else:
            found[name] = root / f"{info.name}.py"
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and folder.name.isidentifier() and folder.name not in listed:
            found.update(walk_modules(folder, f"{package}.{folder.name}"))
    return found


def _resolve_base(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute module a `from … import` names, for relative imports too."""
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, *([name] if name else [])])


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST, how: str = "") -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement under `node` in file order, and how it is written."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, how
        elif isinstance(child, _FUNCTIONS):
            yield from _statements(child, "in a function")
        elif _is_type_checking(child):
            yield from _statements(child, how or "for type checking")
        else:
            yield from _statements(child, how)


def _imports(module: str, path: Path, modules: set[str], package: str) -> Iterator[Import]:
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node, how in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield _target(alias.name, node.lineno, how, modules, package)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_base(module, is_package, node.level, node.module)
            if node.level == 0 and base.split(".")[0] != package:
                yield Import(base.split(".")[0], node.lineno, False, how)
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                target = submodule if submodule in modules else base
                yield _target(target, node.lineno, how, modules, package)


def _target(name: str, line: int, how: str, modules: set[str], package: str) -> Import:
    """The deepest module of the package that `name` names, or the outside package."""
    if name.split(".")[0] != package:
        return Import(name.split(".")[0], line, False, how)
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return Import(name, line, True, how)


def import_graph(root: Path, package: str) -> Graph:
    """The import graph of the package in folder `root`."""
    files = walk_modules(root, package)
    graph = Graph(root, files, {n: {} for n in files}, {n: {} for n in files}, {})
    for module, path in files.items():
        for found in _imports(module, path, set(files), package):
            where = graph.edges if found.internal else graph.outside
            key = (module, found.target)
            if found.target in where[module] and not (graph.how.get(key) and not found.how):
                continue  # the first import is named, or the first at the top of the file
            where[module][found.target] = found.line
            if found.internal and found.how:
                graph.how[key] = found.how
            else:
                graph.how.pop(key, None)
    return graph


def find_cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle through each group of modules that import one another, as a path
    that ends where it starts (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, {})):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, {}):
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return sorted(_cycle_in(group, edges) for group in groups)


def _cycle_in(group: list[str], edges: dict[str, dict[str, int]]) -> list[str]:
    """The shortest cycle from the first module of `group` back to it."""
    members = set(group)
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(edges.get(node, {})):
            if nxt == start:
                return [*paths[node], start]
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in {group}")  # a strongly connected group has one


def describe_cycle(cycle: list[str], graph: Graph) -> str:
    """`a → b (imported at a.py:12) → a (imported in a function at b.py:30)`."""
    steps = [cycle[0]]
    for here, there in itertools.pairwise(cycle):
        line = graph.edges[here][there]
        how = f" {graph.how[here, there]}" if (here, there) in graph.how else ""
        steps.append(f"{there} (imported{how} at {_file(graph, here)}:{line})")
    return " → ".join(steps)


def _file(graph: Graph, module: str) -> str:
    """The file of `module`, from the package's folder: `lessons_kb/site/pages.py`."""
    return graph.files[module].relative_to(graph.root.parent).as_posix()


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _path_to(graph: Graph, start: str, goal: tuple[str, ...]) -> list[str] | None:
    """The shortest chain of imports from `start` to a module within `goal`."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.edges.get(node, {})):
            if nxt in paths:
                continue
            paths[nxt] = [*paths[node], nxt]
            if _within(nxt, goal):
                return paths[nxt]
            queue.append(nxt)
    return None


def misplaced_engine_imports(graph: Graph, home: str) -> list[str]:
    """`file:line imports mkdocs` for each engine imported outside the package `home`."""
    return [
        f"{_file(graph, module)}:{line} imports {name}"
        for module, names in sorted(graph.outside.items())
        if not _within(module, (home,))
        for name, line in sorted(names.items())
        if name in ENGINES
    ]


def reaching(graph: Graph, sources: tuple[str, ...], targets: tuple[str, ...]) -> list[str]:
    """For each module within `sources` that reaches one within `targets`, the chain."""
    found = []
    for module in sorted(graph.files):
        if not _within(module, sources):
            continue
        chain = _path_to(graph, module, targets)
        if chain is not None:
            first = graph.edges[chain[0]][chain[1]]
            found.append(f"{' → '.join(chain)} (first step at {_file(graph, module)}:{first})")
    return found


def _package_graph() -> Graph:
    spec = importlib.util.find_spec(PACKAGE)  # finds the folder; imports nothing
    assert spec is not None and spec.origin is not None
    return import_graph(Path(spec.origin).parent, PACKAGE)


# --- The package ---------------------------------------------------------------------


def test_the_walker_sees_every_stage() -> None:
    graph = _package_graph()
    for stage in [*CORE, *FACES]:
        if stage == "lessons_kb.kinds":
            continue  # not written yet
        assert any(_within(m, (stage,)) for m in graph.files), f"no module of {stage} found"
    assert len(graph.files) > 20
    assert any(graph.edges.values()), "no import between modules was found"


def test_no_import_cycles() -> None:
    graph = _package_graph()
    cycles = find_cycles(graph.edges)
    assert not cycles, "modules import one another in a circle:\n" + "\n".join(
        "  " + describe_cycle(cycle, graph) for cycle in cycles
    )


def test_only_the_engines_face_imports_an_engine() -> None:
    wrong = misplaced_engine_imports(_package_graph(), "lessons_kb.engines")
    assert not wrong, "a site engine is imported outside lessons_kb.engines:\n  " + "\n  ".join(
        wrong
    )


def test_the_core_never_reaches_the_faces() -> None:
    wrong = reaching(_package_graph(), CORE, FACES)
    assert not wrong, "core modules import the engines or the command line:\n  " + "\n  ".join(
        wrong
    )


# --- The walker itself ---------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = tmp_path / "fake"
    _write(
        root,
        {
            "__init__.py": "",
            "a.py": "from fake.b import helper\n",
            "b.py": "def helper():\n    from . import c\n    return c\n",
            "c.py": "import fake.sub.d\n",
            "sub/__init__.py": "",
            "sub/d.py": "from ..a import nothing\nimport mkdocs.config\n",
            "space/f.py": "from fake.space import g\n",
            "space/g.py": "",
            "space/data/notes.txt": "",
            "t.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from fake import e\n",
            "u.py": "def f():\n    from fake import e\n\n\nfrom fake import e, t\n",
            "e.py": "from fake import a\nfrom fake.sub import d\n",
            "lone.py": "import json\nfrom .lone import itself\n",
        },
    )
    graph = import_graph(root, "fake")
    assert set(graph.files) == {
        "fake",
        "fake.a",
        "fake.b",
        "fake.c",
        "fake.sub",
        "fake.sub.d",
        "fake.e",
        "fake.lone",
        "fake.space.f",
        "fake.space.g",
        "fake.t",
        "fake.u",
    }
    assert graph.edges["fake.space.f"] == {"fake.space.g": 1}
    assert graph.edges["fake.b"] == {"fake.c": 2}
    assert graph.edges["fake.u"] == {"fake.e": 5, "fake.t": 5}  # the import at the top
    assert graph.how == {
        ("fake.b", "fake.c"): "in a function",
        ("fake.t", "fake.e"): "for type checking",
    }
    assert graph.edges["fake.e"] == {"fake.a": 1, "fake.sub.d": 2}
    assert graph.outside["fake.sub.d"] == {"mkdocs": 2}
    cycles = find_cycles(graph.edges)
    assert cycles == [
        ["fake.a", "fake.b", "fake.c", "fake.sub.d", "fake.a"],
        ["fake.lone", "fake.lone"],
    ]
    assert describe_cycle(cycles[0], graph) == (
        "fake.a → fake.b (imported at fake/a.py:1)"
        " → fake.c (imported in a function at fake/b.py:2)"
        " → fake.sub.d (imported at fake/c.py:1)"
        " → fake.a (imported at fake/sub/d.py:1)"
    )
    # The other two checks fail too where they should.
    assert misplaced_engine_imports(graph, "fake.engines") == ["fake/sub/d.py:2 imports mkdocs"]
    assert misplaced_engine_imports(graph, "fake.sub") == []
    assert reaching(graph, ("fake.e", "fake.t"), ("fake.sub",)) == [
        "fake.e → fake.sub.d (first step at fake/e.py:2)",
        "fake.t → fake.e → fake.sub.d (first step at fake/t.py:3)",
    ]
    assert reaching(graph, ("fake.space",), ("fake.sub",)) == []


def test_a_package_without_cycles_has_none(tmp_path: Path) -> None:
    root = tmp_path / "fine"
    _write(
        root, {"__init__.py": "from .a import x\n", "a.py": "x = 1\n", "b.py": "import fine.a\n"}
    )
    graph = import_graph(root, "fine")
    assert find_cycles(graph.edges) == []
    assert graph.edges == {"fine": {"fine.a": 1}, "fine.a": {}, "fine.b": {"fine.a": 1}}
