"""Pages generated from the knowledge base, as Markdown held in memory.

Listings are Markdown tables whose links point at the entries' source paths, so the site
generator resolves, checks and relativises them like any hand-written link.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import KIND_FOLDERS, Entry, KnowledgeBase
from .render import markdown_text, relative_src
from .vocab import country_name

COLLECTION_TITLES = {"mission": "Missions", "finding": "Findings", "lesson": "Lessons"}
COLLECTION_INTROS = {
    "mission": "Every mission, newest first: scoping missions, workshops, advisory and training.",
    "finding": (
        "What missions found: gaps, challenges, opportunities, priorities, "
        "good practices and risks."
    ),
    "lesson": "What was learned, drawn from the findings, with who owns each recommendation.",
}


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page that exists only in memory."""

    src_uri: str
    title: str
    markdown: str


def _front_matter(title: str, description: str = "") -> str:
    lines = ["---", f"title: {_yaml_text(title)}"]
    if description:
        lines.append(f"description: {_yaml_text(description)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry_link(entry: Entry, from_src: str) -> str:
    """A Markdown link to an entry's page, from the page at `from_src`."""
    return f"[{markdown_text(entry.title)}]({relative_src(entry.src_uri, from_src)})"


def open_recommendations(entry: Entry) -> int:
    """How many of a lesson's recommendations are neither completed nor dropped."""
    return sum(
        1
        for r in entry.recommendations
        if r.get("status", "not-started") not in ("completed", "no-longer-applicable")
    )


def collection_table(entries: list[Entry], from_src: str, kind: str | None = None) -> str:
    """A Markdown table of entries with the columns a reader scans."""
    if not entries:
        return "_Nothing here yet._\n"
    lessons = kind == "lesson"
    header = "| Title | Date | Countries | Status |"
    rule = "| --- | --- | --- | --- |"
    if lessons:
        header += " Polarity | Open recommendations |"
        rule += " --- | --: |"
    rows = [header, rule]
    for entry in entries:
        countries = ", ".join(markdown_text(country_name(c)) for c in entry.countries)
        row = (
            f"| {entry_link(entry, from_src)} | {entry.date} | {countries} | "
            f"{markdown_text(entry.status)} |"
        )
        if lessons:
            polarity = markdown_text(str(entry.data.get("polarity", "")))
            row += f" {polarity} | {open_recommendations(entry)} |"
        rows.append(row)
    return "\n".join(rows) + "\n"


def collection_pages(kb: KnowledgeBase) -> list[GeneratedPage]:
    """One index page per kind of entry: every public entry, newest first."""
    pages = []
    for kind, folder in KIND_FOLDERS.items():
        src = f"{folder}/index.md"
        title = COLLECTION_TITLES[kind]
        entries = kb.of_kind(kind)
        markdown = (
            _front_matter(title, COLLECTION_INTROS[kind])
            + f"# {title}\n\n{COLLECTION_INTROS[kind]} {len(entries)} in all.\n\n"
            + collection_table(entries, src, kind)
        )
        pages.append(GeneratedPage(src, title, markdown))
    return pages


def generated_pages(kb: KnowledgeBase) -> list[GeneratedPage]:
    """Every page the site generates from the knowledge base."""
    return collection_pages(kb)


def taxonomy_path(kb: KnowledgeBase, taxonomy: str, term: str) -> str | None:
    """The source path of a taxonomy term's page, where the site has one."""
    return None
