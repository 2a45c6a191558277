"""Rendering entry pages' panels, sections and backlink lists from overridable Jinja templates.

Templates live in the package's `templates/`; a site overrides any of them by putting a
file of the same name in its own templates folder. Autoescaping is on: every value
coming from an entry is escaped where it lands in HTML.

An entry page reads, top to bottom: its header (kind, status, title, summary, a short
panel of facts), the sections Lessons KB draws from its front matter and its links (a
lesson's recommendations and where it comes from, a mission's findings and lessons, a
finding's lessons), the body as its editor wrote it (a mission's objectives listed under
its `## Objectives` heading), then related entries and what re-users need.

The sections' headings are Markdown headings between the header's HTML blocks, so that
the page's table of contents lists them with the body's own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from lessons_kb.checks.similar import similar_lessons
from lessons_kb.i18n import Interface, interface
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.site.briefing import recommendations_of
from lessons_kb.site.labels import Labels
from lessons_kb.site.markdown_blocks import BLOCK_END, BLOCK_START
from lessons_kb.site.words import STATUSES_URI, meanings, status_anchor
from lessons_kb.source.body import WikiLink, replace_wikilinks
from lessons_kb.vocab import regions, sdg_goal_of

UrlFor = Callable[[str], str | None]
"""Maps a page's source path (`lessons/x.md`) to its URL relative to the page being rendered."""

BROWSE_URI = "browse/index.md"
CATALOG_DATA_URI = "browse/catalog.json"
OBJECTIVES = "Objectives"

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


def markdown_heading(heading: str) -> str:
    """A Markdown heading among a fragment's HTML: the fragment's HTML block ends before it
    and a new one starts after it (`site.markdown_blocks`), so that the engine makes it a
    heading of the page, listed in its table of contents."""
    return f"\n{BLOCK_END}\n## {markdown_text(heading)}\n{BLOCK_START}\n"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, shared by every renderer: a preview makes a
    renderer for each save, and compiling the templates again took 0.3 s of it. A
    template is known by its name and the checksum of its text, so an edited one (in a
    site's `templates_dir`) is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(f"{bucket.key}:{bucket.checksum}")
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[f"{bucket.key}:{bucket.checksum}"] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


@dataclass
class Renderer:
    """Renders the HTML fragments of entry pages from templates."""

    kb: KnowledgeBase
    today: dt.date
    templates_dir: Path | None = None
    taxonomy_path: Callable[[str, str], str | None] = lambda taxonomy, term: None
    """`(taxonomy, term id)` → the source path of that term's page, if the site has one."""
    language: str = "en"
    """The language of the fragments' labels (BCP 47)."""

    def __post_init__(self) -> None:
        self.interface: Interface = interface(self.language)
        loaders: list[jinja2.BaseLoader] = []
        if self.templates_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(self.templates_dir)))
        loaders.append(jinja2.PackageLoader("lessons_kb.site", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            # A renderer lives for one stage: no need to look at each template's file
            # again every time a fragment is rendered (thousands of times a stage).
            auto_reload=False,
            bytecode_cache=_COMPILED,
        )
        words = self.interface
        labels = self.labels = Labels(words)
        # Added by the i18n extension; templates then write `{{ _("...") }}`.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            words.gettext, words.ngettext, newstyle=True
        )
        self.env.globals.update(
            country_name=words.country,
            sdg_title=words.sdg_title,
            sdg_short=words.sdg_short,
            sdg_goal_of=sdg_goal_of,
            regions=regions(),
            region_name=labels.region,
            today=self.today.isoformat(),
            plain=labels.plain,
            kind_label=labels.kind,
            polarity_label=labels.polarity,
            applies=labels.applies,
            tile=labels.tile,
            related_title=labels.related,
            time_tag=labels.time_tag,
            script_words=labels.script_words(),
            meanings_of=meanings,
            # A text from data (a status's meaning) in the page's language, escaped as data.
            translated=labels.text,
            text_lang=self._text_lang,
        )
        self.env.filters.update(
            plain=labels.plain,
            sdg_goal=sdg_goal_of,
            kind_label=labels.kind,
            day=labels.day,
            region_name=labels.region,
        )
        self.env.tests["sdg_target"] = lambda code: "." in str(code)

    def _text_lang(self, entry: Entry | None) -> Markup:
        """` lang="en"` on an entry's title or summary shown in another language than the
        page's (an entry not yet translated), so that screen readers switch voice."""
        if entry is None or entry.language == self.language:
            return Markup("")
        return Markup(' lang="{}"').format(entry.language)

    def fragment(self, template: str, url_for: UrlFor, context: dict[str, object]) -> str:
        """A generated page's HTML from `template`, with links relative to that page."""

        def entry_url(entry_id: str) -> str | None:
            target = self.kb.get(entry_id)
            return url_for(target.src_uri) if target is not None and target.is_public else None

        def term_url(taxonomy: str, term: str) -> str | None:
            path = self.taxonomy_path(taxonomy, term)
            return url_for(path) if path else None

        def status_url(lifecycle: str, status: str) -> str | None:
            page = url_for(STATUSES_URI)
            return f"{page}#{status_anchor(lifecycle, status)}" if page else None

        def catalog_url(*pairs: tuple[str, str]) -> str | None:
            """The catalog filtered by `(facet, value)` pairs (its address keeps its filters)."""
            page = url_for(BROWSE_URI)
            return f"{page}?{urlencode(pairs)}" if page and pairs else page

        full = {
            "kb": self.kb,
            "vocabulary": self.kb.vocabulary,
            "entry_url": entry_url,
            "term_url": term_url,
            "status_url": status_url,
            "catalog_url": catalog_url,
            "url_for": url_for,
            "entry_by_id": self.kb.get,
            "label_of": self._label_of,
            **context,
        }
        return self.env.get_template(template).render(full)

    def _label_of(self, taxonomy: str, term: str) -> str:
        if taxonomy == "countries":
            return self.interface.country(term)
        return self.kb.vocabulary.label(taxonomy, term)

    def header(self, entry: Entry, url_for: UrlFor) -> str:
        """The top of an entry page: its title, summary and panel of facts, then the
        sections a reader looks for first (`sections`), each under its own heading."""
        top = self.fragment(f"{entry.kind}_panel.html", url_for, _entry_context(entry))
        return top + "".join(
            markdown_heading(heading) + html for heading, html in self.sections(entry, url_for)
        )

    def relations(self, entry: Entry, url_for: UrlFor) -> str:
        """What else to read (related entries, the lessons it supersedes) and what re-users
        need (the entry's id and dates), at the end of its page."""
        kb = self.kb
        context = _entry_context(entry)
        context.update(
            related=kb.related(entry.id),
            supersedes=kb.linking_to(entry.id, "superseded_by"),
            similar=similar_lessons(kb, entry),
        )
        return self.fragment("relations.html", url_for, context)

    def sections(self, entry: Entry, url_for: UrlFor) -> list[tuple[str, str]]:
        """`(heading, HTML)` of the sections an entry page shows before its body: what a
        reader looks for first, listed in the page's table of contents."""
        kb, words = self.kb, self.interface
        parts: list[tuple[str, str, dict[str, object]]] = []
        if entry.kind == "lesson":
            actions = recommendations_of(entry, self.today)
            if actions:
                heading = words.gettext("Recommendations")
                parts.append((heading, "recommendations", {"actions": actions}))
            sources = _by_mission(kb, entry.strings("findings"))
            applied = [m for m in entry.strings("applied_in") if _public(kb, m)]
            if sources or applied:
                context = {"findings": sources, "applied": applied}
                parts.append((words.gettext("Where it comes from"), "sources", context))
        elif entry.kind == "mission":
            findings = kb.findings_of(entry.id)
            if findings:
                heading = words.gettext("Findings of this mission")
                parts.append((heading, "findings", {"items": findings}))
            lessons = kb.lessons_of_mission(entry.id)
            if lessons:
                heading = words.gettext("Lessons drawn from this mission")
                parts.append((heading, "lessons", {"items": lessons}))
        elif entry.kind == "finding":
            lessons = kb.lessons_from(entry.id)
            if lessons:
                heading = words.gettext("Lessons drawn from this finding")
                parts.append((heading, "lessons", {"items": lessons}))
        found = []
        for heading, part, extra in parts:
            context = {**_entry_context(entry), "part": part, **extra}
            found.append((heading, self.fragment("entry_sections.html", url_for, context)))
        return found

    def body_markdown(self, entry: Entry) -> str:
        """The entry's body with `[[id]]` links made into Markdown links to the target; a
        mission's objectives listed right under its `## Objectives` heading."""
        body = self._body(entry)
        objectives = entry.strings("objectives") if entry.kind == "mission" else []
        if objectives:
            listing = "".join(f"{n}. {markdown_text(o)}\n" for n, o in enumerate(objectives, 1))
            # A translated mission lists them under its own heading (`Objetivos`).
            heading = getattr(entry, "objectives_heading", OBJECTIVES)
            body = _after_heading(entry, body, heading, listing)
        return body

    def _body(self, entry: Entry) -> str:
        def link(wiki: WikiLink) -> str:
            target = self.kb.get(wiki.target)
            if target is None or not target.is_public:
                return markdown_text(wiki.text or wiki.target)
            text = wiki.text if wiki.text else markdown_text(target.title)
            return f"[{text}]({relative_src(target.src_uri, entry.src_uri)})"

        return replace_wikilinks(entry.body, link)


def _public(kb: KnowledgeBase, entry_id: str) -> Entry | None:
    found = kb.get(entry_id)
    return found if found is not None and found.is_public else None


def _by_mission(kb: KnowledgeBase, finding_ids: list[str]) -> list[tuple[str | None, list[str]]]:
    """Public findings grouped by their mission, in the order first named."""
    groups: dict[str | None, list[str]] = {}
    for finding_id in finding_ids:
        finding = _public(kb, finding_id)
        if finding is not None:
            mission = (
                finding.mission_id
                if finding.mission_id and _public(kb, finding.mission_id)
                else None
            )
            groups.setdefault(mission, []).append(finding_id)
    return list(groups.items())


def _after_heading(entry: Entry, body: str, heading: str, markdown: str) -> str:
    """The body with `markdown` right after its `## heading`, or as a section of its own
    before the body where it has none."""
    found = next(
        (line for level, text, line in entry.outline().headings if level == 2 and text == heading),
        None,
    )
    if found is None:
        return f"## {heading}\n\n{markdown}\n{body}"
    lines = body.split("\n")
    head, tail = "\n".join(lines[: found + 1]), "\n".join(lines[found + 1 :])
    return f"{head}\n\n{markdown}\n{tail.lstrip(chr(10))}"


def _entry_context(entry: Entry) -> dict[str, object]:
    return {"entry": entry, "data": entry.data}
