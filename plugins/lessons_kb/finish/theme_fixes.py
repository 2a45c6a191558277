"""Fixes to the theme's markup that no template override can reach.

Material writes its two toggles (the navigation drawer and the search dialog) straight
into `base.html`, outside any block, as `<input type="checkbox" autocomplete="off">`;
`autocomplete` is not allowed on a checkbox (the Nu HTML Checker reports it on every page).

Its navigation wraps each link's title in `<span class="md-ellipsis">`, which cuts a title
too long for one line; the site's navigation titles are a word or two, and an entry's
contents list holds its section headings, so the spans only weigh (0.6 KB of every page).

Where the site's search is Lessons KB's (Pagefind), each page's theme configuration
(`<script id="__config">`) still names the theme's search worker and carries the words of
its search dialog, which no page has; `without_theme_search` leaves them out.
"""

from __future__ import annotations

import json
import re

from lessons_kb.finish.metadata import html_safe_json

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


_NAV_TITLE = re.compile(
    r'(<(?:a|label) [^>]*?class="md-nav__link[^"]*"[^>]*>\s*)'
    r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>'
)


def fix_theme_markup(page_html: str) -> str:
    """The page without `autocomplete` on the theme's checkbox toggles, and with the
    titles of its navigation's links unwrapped."""
    return _NAV_TITLE.sub(r"\1\2", _TOGGLE.sub(r"\1", page_html, count=2))


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_UNUSED = ("search.", "select.version")


def without_theme_search(page_html: str) -> str:
    """The page's theme configuration without what only the theme's search (and its
    version selector, which the site has not) reads."""

    def trim(match: re.Match[str]) -> str:
        try:
            config = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        if not isinstance(config, dict):
            return match.group(0)
        config.pop("search", None)
        words = config.get("translations")
        if isinstance(words, dict):
            config["translations"] = {
                key: text for key, text in words.items() if not key.startswith(_UNUSED)
            }
        return match.group(1) + html_safe_json(config) + match.group(3)

    return _CONFIG.sub(trim, page_html, count=1)
