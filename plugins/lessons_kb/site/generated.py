"""A page the site generates from the knowledge base: its Markdown, and a template that
renders its listing once the page's address is known."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from lessons_kb.site.render import markdown_text


@dataclass(slots=True)
class GeneratedPage:
    """A page that exists only in memory."""

    src_uri: str
    title: str
    markdown: str
    template: str | None = None
    """Renders the page's listing as HTML, appended after its Markdown."""
    context: dict[str, object] = field(default_factory=dict)
    in_nav: bool = False


def front_matter(title: str, description: str = "") -> str:
    # Themes print `title` and `description` unescaped (<title>, header, meta): escape them.
    lines = ["---", f"title: {_yaml_text(html.escape(title))}"]
    if description:
        lines.append(f"description: {_yaml_text(html.escape(description))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page(
    src_uri: str,
    title: str,
    intro: str = "",
    *,
    template: str | None = None,
    in_nav: bool = False,
    **context: object,
) -> GeneratedPage:
    """A generated page whose Markdown is a heading and an introduction."""
    markdown = front_matter(title, intro) + f"# {markdown_text(title)}\n\n"
    if intro:
        markdown += markdown_text(intro) + "\n"
    return GeneratedPage(src_uri, title, markdown, template, dict(context), in_nav)
