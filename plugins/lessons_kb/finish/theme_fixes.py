"""Fixes to the theme's markup that no template override can reach.

Material writes its two toggles (the navigation drawer and the search dialog) straight
into `base.html`, outside any block, as `<input type="checkbox" autocomplete="off">`;
`autocomplete` is not allowed on a checkbox (the Nu HTML Checker reports it on every page).

Its navigation wraps each link's title in `<span class="md-ellipsis">`, which cuts a title
too long for one line; the site's navigation titles are a word or two, and an entry's
contents list holds its section headings, so the spans only weigh (0.6 KB of every page).
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


_NAV_TITLE = re.compile(
    r'(<(?:a|label) [^>]*?class="md-nav__link[^"]*"[^>]*>\s*)'
    r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>'
)


def fix_theme_markup(page_html: str) -> str:
    """The page without `autocomplete` on the theme's checkbox toggles, and with the
    titles of its navigation's links unwrapped."""
    return _NAV_TITLE.sub(r"\1\2", _TOGGLE.sub(r"\1", page_html, count=2))
