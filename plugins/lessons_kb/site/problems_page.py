"""The preview while the knowledge base has errors: it keeps answering, and every page says
what is wrong, file by file, with line and hint, above the last version that had none.

When the problems are fixed, the next stage writes the pages without the notice and the
engine's preview reloads them by itself.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import replace

from lessons_kb.problems import Problem, summary
from lessons_kb.site.pages import SEARCH_URI
from lessons_kb.site.stage import StagedSite, split_front_matter

PROBLEMS_CLASS = "lkb-preview-problems"


def problems_notice(problems: list[Problem]) -> str:
    """An HTML block listing every error and warning, grouped by file in line order."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in sorted(problems, key=Problem.sort_key):
        by_file[problem.file].append(problem)
    parts = [
        f'<div class="admonition danger {PROBLEMS_CLASS}" role="alert">',
        '<p class="admonition-title">The knowledge base has problems: this preview shows the '
        "last version without errors</p>",
        f"<p>{html.escape(summary(problems))}. Fix them and save: this page reloads by itself.</p>",
    ]
    for file, found in by_file.items():
        parts.append(f"<p><strong><code>{html.escape(file)}</code></strong></p><ul>")
        for problem in found:
            where = f"line {problem.line}: " if problem.line is not None else ""
            kind = "" if problem.is_error else "warning: "
            parts.append(f"<li>{html.escape(where + kind + problem.sentence())}</li>")
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts) + "\n\n"


PREVIEW_NOTICE = (
    '<div class="admonition note lkb-preview" role="note">\n<p class="admonition-title">'
    "This is a preview</p>\n<p>Feeds, open-data exports and search are made when the site "
    "is built (<code>make site</code> or <code>lessons-kb build</code>); the preview leaves "
    "them out so that it answers in seconds.</p>\n</div>\n\n"
)
NOTICED = frozenset({"index.md", SEARCH_URI})
"""The pages that say they are a preview: the home page, and search, which needs a build."""


def with_notice(staged: StagedSite, notice: str, pages: frozenset[str] | None = None) -> StagedSite:
    """The staged site with `notice` at the top of every page (or of `pages`)."""
    files = dict(staged.files)
    for src in staged.pages if pages is None else pages & staged.pages.keys():
        text = files.get(src)
        if text is not None:
            head, body = split_front_matter(text.decode("utf-8"))
            files[src] = ((head + "\n" if head else "") + notice + body).encode("utf-8")
    return replace(staged, files=files)
