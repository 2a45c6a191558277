"""Zensical, Material for MkDocs' successor, as Lessons KB runs it: by its command line only.

What 0.0.73 does that the others do not, and what the staged config does about it:

- it runs none of the site's plugins (it ignores `plugins:` without a word): Lessons KB
  stages the pages before it and finishes the site after it, so nothing is lost;
- its `INHERIT` appends lists instead of replacing them: the staged config adds only
  Lessons KB's own stylesheets and Markdown extension;
- it writes the site only inside the folder of its config: it builds into the stage, and
  the site is moved to where it was asked for;
- it reads links in a page's HTML as relative to the page's source file, as for Markdown
  links: the stage writes them so;
- its preview serves the site at the root, not under the path of `site_url`.

It has no module API yet; when it gets one, or a newer version installs, only this file and
the version pin in `pyproject.toml` change.
"""

from __future__ import annotations

from lessons_kb.engines.engine import Engine

ZENSICAL = Engine(
    "zensical",
    "zensical",
    merges_lists=True,
    builds_in_place=True,
    reads_plugins=False,
    links_from_source=True,
    serves_site_path=False,
)
