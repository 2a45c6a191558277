"""Safe YAML loading that keeps the line and column of every key and item.

PyYAML's C composer builds the node tree (fast, and carrying marks); the values are then
constructed here, refusing what a front matter never needs and an attacker might use:
custom tags (`!!python/object`), anchors and aliases (the "billion laughs"), merge keys,
and keys given twice (which YAML would silently resolve to the last one).

Values come out JSON-compatible: dates and times stay the text the editor wrote, so the
JSON Schema `format: date` check (and the editor's own spelling) decide what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {"str", "int", "float", "bool", "null"}
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


@dataclass(slots=True)
class MarkedData:
    """Loaded YAML with where each value and key stood in the text."""

    data: Any = None
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    errors: list[YamlError] = field(default_factory=list)

    def mark(self, path: Path) -> Mark | None:
        """Where the value at `path` stands, or its nearest enclosing value."""
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]

    def key_mark(self, path: Path) -> Mark | None:
        """Where the key of `path` stands (falls back to its value)."""
        return self.keys.get(path) or self.mark(path)


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

    def error(self, message: str, node: yaml.Node, path: Path, hint: str | None = None) -> None:
        self.result.errors.append(YamlError(message, _mark(node, self.offset), path, hint))

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen:
            # An alias is the anchored node itself: point at the key that uses it, if any.
            used_at = self.result.keys.get(path) or _mark(node, self.offset)
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
        self.result.values[path] = _mark(node, self.offset)
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
                return self.bad_tag(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def bad_tag(self, node: yaml.Node, path: Path) -> None:
        self.error(
            f"the YAML tag `{node.tag}` is not allowed",
            node,
            path,
            "remove the tag (the text starting with `!`) and write a plain value",
        )
        return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any] | None:
        if node.tag != _TAG + "map":
            return self.bad_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.error("merge keys (<<) are not allowed", key_node, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error("a key must be a plain name", key_node, path)
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                first = self.result.keys[key_path]
                self.error(
                    f"`{key}` is given twice (first on line {first.line})",
                    key_node,
                    key_path,
                    "keep one of them; YAML would silently use the last",
                )
                continue
            self.result.keys[key_path] = _mark(key_node, self.offset)
            result[key] = self.build(value_node, key_path)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        self.result.raw[path] = node.value
        tag = node.tag.removeprefix(_TAG)
        if tag == "timestamp":
            return node.value
        if tag not in _PLAIN_TAGS:
            return self.bad_tag(node, path)
        # Called directly, not through construct_object, which would cache every node.
        return _scalar_constructor.yaml_constructors[node.tag](_scalar_constructor, node)


def load_marked(text: str, line_offset: int = 0) -> MarkedData:
    """Load one YAML document with marks; `line_offset` is added to every line."""
    result = MarkedData()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1 + line_offset, mark.column + 1) if mark else None
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        hint = _yaml_hint(message) or _tab_hint(text, mark)
        result.errors.append(YamlError(f"YAML syntax: {message}", where, (), hint))
        return result
    except yaml.reader.ReaderError as exc:
        result.errors.append(_reader_error(text, exc, line_offset))
        return result
    except yaml.YAMLError as exc:
        result.errors.append(YamlError(f"YAML: {exc}", None))
        return result
    if node is not None:
        result.data = _Constructor(result, line_offset).build(node, ())
    return result


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


def _tab_hint(text: str, mark: yaml.Mark | None) -> str | None:
    """A hint when the error is met at a tab, which YAML does not accept as indentation."""
    if mark is None:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return "indent with spaces, not tabs" if "\t" in line[: mark.column + 1] else None


def _yaml_hint(message: str) -> str | None:
    if "'\\t'" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "put text that contains `: ` in quotes"
    if "expected <block end>" in message or "could not find expected ':'" in message:
        return "check the indentation and that every key ends with `:`"
    if "flow sequence" in message or "flow mapping" in message:
        return "text starting with `[` or `{` must be in quotes"
    if "found undefined alias" in message or "found unhashable" in message:
        return "put the value in quotes"
    return None
