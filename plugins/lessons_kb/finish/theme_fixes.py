"""Fixes to the theme's markup that no template override can reach.

Material writes its two toggles (the navigation drawer and the search dialog) straight
into `base.html`, outside any block, as `<input type="checkbox" autocomplete="off">`;
`autocomplete` is not allowed on a checkbox (the Nu HTML Checker reports it on every page).
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def fix_theme_markup(page_html: str) -> str:
    """The page without `autocomplete` on the theme's checkbox toggles."""
    return _TOGGLE.sub(r"\1", page_html, count=2)
