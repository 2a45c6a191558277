"""The text of an entry file: YAML front matter in the schema's order, then its sections.

The front matter is written so that the project's loader reads back exactly the values
given: dates plain (`2024-08-06`, read as text), other text quoted wherever YAML would
read it as something else, short lists on one line, no anchors or aliases.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from lessons_kb.schema import KINDS, field_names

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEAD = ("title", "summary", "date", "status")
_FLOW_WIDTH = 80


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """PyYAML's safe dumper (its C emitter where PyYAML has it) with the project's style."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _DATE.match(value):  # read back as the same text by the project's loader
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = (
        all(isinstance(v, str | int | float) and "\n" not in str(v) for v in value)
        and sum(len(str(v)) + 2 for v in value) <= _FLOW_WIDTH
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


def _mapping(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _mapping)


@cache
def field_order(kind: str) -> tuple[str, ...]:
    """Identity and status first, the kind's own fields, then those every kind has."""
    common = set.intersection(*(set(field_names(k)) for k in KINDS))
    names = field_names(kind)
    own = [n for n in names if n not in common and n not in _HEAD]
    shared = [n for n in names if n in common and n not in _HEAD]
    return (*_HEAD, *own, *shared)


def front_matter(kind: str, data: dict[str, Any]) -> str:
    """The YAML of `data`, its fields in the kind's order (unknown ones last)."""
    order = field_order(kind)
    ordered = {n: data[n] for n in order if n in data}
    ordered.update({n: v for n, v in data.items() if n not in ordered})
    if not ordered:
        return ""
    return yaml.dump(
        ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, indent=2
    )


def entry_text(kind: str, data: dict[str, Any], sections: list[tuple[str, str]]) -> str:
    """The whole file: front matter between `---` lines, then each `## ` section."""
    body = "".join(f"\n## {title}\n\n{text.strip()}\n" for title, text in sections)
    return f"---\n{front_matter(kind, data)}---\n{body}"
