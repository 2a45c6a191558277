"""Rendering entry pages' panels and backlink lists from overridable Jinja templates.

Templates live in the package's `templates/`; a site overrides any of them by putting a
file of the same name in its own templates folder. Autoescaping is on: every value
coming from an entry is escaped where it lands in HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from lessons_kb.checks.similar import similar_lessons
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.source.body import WikiLink, replace_wikilinks
from lessons_kb.vocab import country_name, regions, sdg_goal_of, sdg_short, sdg_title

UrlFor = Callable[[str], str | None]
"""Maps a page's source path (`lessons/x.md`) to its URL relative to the page being rendered."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>])")


def markdown_text(text: str) -> str:
    """Text safe to place in Markdown as literal text (no markup, no HTML)."""
    # `<` and `~` cannot be backslash-escaped in Python-Markdown (the backslash would show).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("~", "&#126;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def relative_src(target_src: str, from_src: str) -> str:
    """A Markdown link from one source file to another: `../findings/x.md`."""
    depth = from_src.count("/")
    return "../" * depth + target_src


@dataclass
class Renderer:
    """Renders the HTML fragments of entry pages from templates."""

    kb: KnowledgeBase
    today: dt.date
    templates_dir: Path | None = None
    taxonomy_path: Callable[[str, str], str | None] = lambda taxonomy, term: None
    """`(taxonomy, term id)` → the source path of that term's page, if the site has one."""

    def __post_init__(self) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if self.templates_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(self.templates_dir)))
        loaders.append(jinja2.PackageLoader("lessons_kb.site", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            country_name=country_name,
            sdg_title=sdg_title,
            sdg_short=sdg_short,
            sdg_goal_of=sdg_goal_of,
            regions=regions(),
            today=self.today.isoformat(),
        )

    def fragment(self, template: str, url_for: UrlFor, context: dict[str, object]) -> str:
        """A generated page's HTML from `template`, with links relative to that page."""

        def entry_url(entry_id: str) -> str | None:
            target = self.kb.get(entry_id)
            return url_for(target.src_uri) if target is not None and target.is_public else None

        def term_url(taxonomy: str, term: str) -> str | None:
            path = self.taxonomy_path(taxonomy, term)
            return url_for(path) if path else None

        full = {
            "kb": self.kb,
            "vocabulary": self.kb.vocabulary,
            "entry_url": entry_url,
            "term_url": term_url,
            "url_for": url_for,
            "entry_by_id": self.kb.get,
            "label_of": self._label_of,
            **context,
        }
        return self.env.get_template(template).render(full)

    def _label_of(self, taxonomy: str, term: str) -> str:
        if taxonomy == "countries":
            return country_name(term)
        return self.kb.vocabulary.label(taxonomy, term)

    def header(self, entry: Entry, url_for: UrlFor) -> str:
        """The title, summary and metadata panel of an entry page."""
        return self.fragment(f"{entry.kind}_panel.html", url_for, _entry_context(entry))

    def relations(self, entry: Entry, url_for: UrlFor) -> str:
        """What the entry draws on and what points to it."""
        kb = self.kb
        context = _entry_context(entry)
        context.update(
            findings=kb.findings_of(entry.id) if entry.kind == "mission" else [],
            lessons=(
                kb.lessons_of_mission(entry.id)
                if entry.kind == "mission"
                else kb.lessons_from(entry.id)
                if entry.kind == "finding"
                else []
            ),
            related=kb.related(entry.id),
            supersedes=kb.linking_to(entry.id, "superseded_by"),
            similar=similar_lessons(kb, entry),
        )
        return self.fragment("relations.html", url_for, context)

    def body_markdown(self, entry: Entry) -> str:
        """The entry's body with `[[id]]` links made into Markdown links to the target."""

        def link(wiki: WikiLink) -> str:
            target = self.kb.get(wiki.target)
            if target is None or not target.is_public:
                return markdown_text(wiki.text or wiki.target)
            text = wiki.text if wiki.text else markdown_text(target.title)
            return f"[{text}]({relative_src(target.src_uri, entry.src_uri)})"

        return replace_wikilinks(entry.body, link)


def _entry_context(entry: Entry) -> dict[str, object]:
    return {"entry": entry, "data": entry.data}
