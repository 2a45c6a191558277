"""Safe YAML loading that keeps the line and column of every key and item.

PyYAML's C composer builds the node tree (fast, and carrying marks); the values are then
constructed here, refusing what a front matter never needs and an attacker might use:
custom tags (`!!python/object`), anchors and aliases (the "billion laughs"), merge keys,
and keys given twice (which YAML would silently resolve to the last one).

Values come out JSON-compatible: dates and times stay the text the editor wrote, so the
JSON Schema `format: date` check (and the editor's own spelling) decide what they mean.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml

from lessons_kb.source.yaml_errors import explain

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {"str", "int", "float", "bool", "null"}
_STR = _TAG + "str"
_scalar_constructor = yaml.SafeLoader("")
#: Deeper than any front matter needs, well within Python's recursion limit.
MAX_DEPTH = 20


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(slots=True)
class YamlError:
    """A problem met while reading YAML, before any schema is applied."""

    message: str
    mark: Mark | None
    path: Path = ()
    hint: str | None = None
    expected: str | None = None


@dataclass(slots=True)
class MarkedData:
    """Loaded YAML, and the node tree that says where each value and key stood.

    Marks are looked up from the tree when a problem needs one, not stored for every
    value: most entries have no problem, and reading them stays close to a plain parse.
    Once the tree is forgotten, the marks of the top-level fields stay (the checks across
    the base point at those), and a deeper mark composes the tree again.
    """

    data: Any = None
    errors: list[YamlError] = field(default_factory=list)
    text: str = ""
    """The YAML text: its node tree is composed again only when a mark is asked for."""
    line_offset: int = 0
    _root: yaml.Node | None = None
    _top: dict[str, tuple[int, int, int, int]] | None = None
    """Line and column of the key and of the value of each top-level field, kept when the
    tree is forgotten (plain numbers: entries travel back from worker processes)."""

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self.text:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                return None
        return self._root

    def forget_tree(self) -> None:
        """Drop the node tree composed for marks (it is composed again if asked for):
        checked entries travel back from worker processes without it."""
        if isinstance(self._root, yaml.MappingNode):
            top: dict[str, tuple[int, int, int, int]] = {}
            for key, value in self._root.value:
                if isinstance(key, yaml.ScalarNode):  # the first of a key given twice
                    at_key, at_value = self._at(key), self._at(value)
                    top.setdefault(
                        str(key.value),
                        (at_key.line, at_key.column, at_value.line, at_value.column),
                    )
            self._top = top
        self._root = None

    def _top_mark(self, path: Path, of_key: bool) -> Mark | None:
        """The mark of a top-level field without composing the tree again, if known."""
        if self._root is not None or self._top is None or len(path) != 1:
            return None
        marks = self._top.get(str(path[0]))
        if marks is None:
            return None
        return Mark(marks[0], marks[1]) if of_key else Mark(marks[2], marks[3])

    def _at(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def _walk(self, path: Path) -> tuple[yaml.Node | None, yaml.Node | None, int]:
        """(node at the path or its nearest enclosing node, key node of the last step, depth)."""
        node, key_node, depth = self.root, None, 0
        for part in path:
            child = key = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for candidate_key, value in node.value:
                    if isinstance(candidate_key, yaml.ScalarNode) and candidate_key.value == part:
                        key, child = candidate_key, value
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
            if child is None:
                return node, None, depth
            node, key_node, depth = child, key, depth + 1
        return node, key_node, depth

    def mark(self, path: Path) -> Mark | None:
        """Where the value at `path` stands, or its nearest enclosing value."""
        known = self._top_mark(path, of_key=False)
        if known is not None:
            return known
        node, _, _ = self._walk(path)
        return self._at(node) if node is not None else None

    def key_mark(self, path: Path) -> Mark | None:
        """Where the key of `path` stands (falls back to its value)."""
        known = self._top_mark(path, of_key=True)
        if known is not None:
            return known
        node, key_node, depth = self._walk(path)
        if key_node is not None and depth == len(path):
            return self._at(key_node)
        return self._at(node) if node is not None else None

    def raw_at(self, path: Path) -> str | None:
        """The text of the scalar at `path` as written (`16.10` stays `16.10`)."""
        node, _, depth = self._walk(path)
        if depth == len(path) and isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return None

    @property
    def keys(self) -> dict[Path, Mark]:
        """Every key's mark, by path (computed on demand)."""
        keys: dict[Path, Mark] = {}
        seen: set[int] = set()

        def visit(node: yaml.Node, path: Path) -> None:
            if id(node) in seen or len(path) > MAX_DEPTH + 1:
                return
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        child = (*path, str(key.value))
                        if child not in keys:
                            keys[child] = self._at(key)
                            visit(value, child)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    visit(item, (*path, index))

        if self.root is not None:
            visit(self.root, ())
        return keys


def format_path(path: Path) -> str:
    """`recommendations[0].owner` for ("recommendations", 0, "owner")."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _mark(node: yaml.Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


class _Constructor:
    def __init__(self, result: MarkedData, line_offset: int) -> None:
        self.result = result
        self.offset = line_offset
        self.seen: set[int] = set()
        self.alias_key: yaml.Node | None = None
        """The key whose value is being built, so that an alias is reported where it is used."""

    def error(self, message: str, node: yaml.Node, path: Path, hint: str | None = None) -> None:
        self.result.errors.append(YamlError(message, _mark(node, self.offset), path, hint))

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen:
            # An alias is the anchored node itself: point at the key that uses it, if any.
            used_at = _mark(self.alias_key or node, self.offset)
            self.result.errors.append(
                YamlError(
                    "anchors and aliases (&name, *name) are not allowed in front matter",
                    used_at,
                    path,
                    "write the value out in full",
                )
            )
            return None
        self.seen.add(id(node))
        self.alias_key = None
        if len(path) > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            self.error(
                f"values are nested more than {MAX_DEPTH} levels deep",
                node,
                path,
                "a field holds text, a list, or a list of groups of fields",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.bad_tag(node, path)
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.bad_tag(node, path)  # composing makes no other kind of node
        return None

    def bad_tag(self, node: yaml.Node, path: Path) -> None:
        """Report a tag that is not allowed (the value is then read as nothing)."""
        self.error(
            f"the YAML tag `{node.tag}` is not allowed",
            node,
            path,
            "remove the tag (the text starting with `!`) and write a plain value",
        )

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any] | None:
        if node.tag != _TAG + "map":
            self.bad_tag(node, path)
            return None
        result: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.error("merge keys (<<) are not allowed", key_node, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error("a key must be a plain name", key_node, path)
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            if key in key_nodes:
                first = _mark(key_nodes[key], self.offset)
                self.error(
                    f"`{key}` is given twice (first on line {first.line})",
                    key_node,
                    key_path,
                    "keep one of them; YAML would silently use the last",
                )
                continue
            key_nodes[key] = key_node
            self.alias_key = key_node
            result[key] = self.build(value_node, key_path)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        if node.tag == _STR:
            return node.value
        tag = node.tag.removeprefix(_TAG)
        if tag == "timestamp":
            return node.value
        if tag not in _PLAIN_TAGS:
            self.bad_tag(node, path)
            return None
        # Called directly, not through construct_object, which would cache every node.
        return _scalar_constructor.yaml_constructors[node.tag](_scalar_constructor, node)


def load_marked(
    text: str, line_offset: int = 0, fields: Collection[str] = (), keep_tree: bool = False
) -> MarkedData:
    """Load one YAML document with marks; `line_offset` is added to every line, and
    `fields` (the names a field may have) make syntax errors easier to explain. With
    `keep_tree`, the node tree stays (until `forget_tree`) for the marks asked for next;
    without, it is composed again when a mark is asked for."""
    result = MarkedData()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        result.errors.append(_syntax_error(text, exc, line_offset, fields))
        return result
    except yaml.reader.ReaderError as exc:
        result.errors.append(_reader_error(text, exc, line_offset))
        return result
    except yaml.YAMLError as exc:
        result.errors.append(YamlError(f"the fields cannot be read: {exc}", None))
        return result
    if node is not None:
        result.text = text
        result.line_offset = line_offset
        if keep_tree:
            result._root = node
        result.data = _Constructor(result, line_offset).build(node, ())
    return result


_LINE_REF = re.compile(r"\{line:(\d+)\}")


def _syntax_error(
    text: str, exc: yaml.MarkedYAMLError, line_offset: int, fields: Collection[str]
) -> YamlError:
    """A syntax error at the line the editor has to change, in plain words."""
    found = explain(text, exc, fields)

    def shown(words: str | None) -> str | None:
        if words is None:
            return None
        return _LINE_REF.sub(lambda m: str(int(m.group(1)) + 1 + line_offset), words)

    return YamlError(
        shown(found.message) or "",
        Mark(found.line + 1 + line_offset, found.column + 1),
        found.path,
        shown(found.hint),
        shown(found.expected),
    )


def _reader_error(text: str, exc: yaml.reader.ReaderError, line_offset: int) -> YamlError:
    """A character YAML does not accept (a control character), at its line and column."""
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    # The first character YAML refuses is the first occurrence of that character.
    index = text.find(chr(code))
    index = index if index >= 0 else min(exc.position, len(text))
    line = text.count("\n", 0, index) + 1 + line_offset
    return YamlError(
        f"the control character U+{code:04X} is not allowed in YAML",
        Mark(line, index - text.rfind("\n", 0, index)),
        (),
        "delete it; such characters are often pasted invisibly from other documents",
    )
