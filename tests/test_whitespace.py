"""Built pages lose their templates' indentation and the theme's idle wrappers, and nothing a
reader sees changes."""

from __future__ import annotations

import json

from lessons_kb.finish.theme_fixes import fix_theme_markup, without_theme_search
from lessons_kb.finish.whitespace import compact

PAGE = """<html>
  <body>

    <p>Two   words
       and a line</p>
    <pre><code>  indented
      code

</code></pre>
    <textarea>  kept
  as typed</textarea>
    <script>
      var a = 1
      var b = `two
        lines`
    </script>
  </body>
</html>
"""


def test_indentation_and_blank_lines_go() -> None:
    assert compact(PAGE).startswith("<html>\n<body>\n<p>Two   words\nand a line</p>\n<pre>")


def test_preformatted_text_and_scripts_stay_byte_for_byte() -> None:
    out = compact(PAGE)
    for kept in (
        "<pre><code>  indented\n      code\n\n</code></pre>",
        "<textarea>  kept\n  as typed</textarea>",
        "<script>\n      var a = 1\n      var b = `two\n        lines`\n    </script>",
    ):
        assert kept in out


def test_every_word_is_kept_in_order() -> None:
    assert compact(PAGE).split() == PAGE.split()


def test_a_compact_page_stays_as_it_is() -> None:
    once = compact(PAGE)
    assert compact(once) == once


def test_navigation_titles_lose_their_wrapping_spans_only() -> None:
    nav = (
        '<li class="md-nav__item">\n  <a href="../" class="md-nav__link md-nav__link--active">\n'
        '    <span class="md-ellipsis">\n      Lessons &amp; more\n    </span>\n  </a>\n</li>\n'
        '<label class="md-nav__link" for="__nav_6" id="__nav_6_label" tabindex="">\n'
        '  <span class="md-ellipsis">\n    Explore\n  </span>\n'
        '  <span class="md-nav__icon md-icon"></span>\n</label>\n'
        '<div class="md-header__topic"><span class="md-ellipsis">\n  A long title\n</span></div>'
    )
    slim = fix_theme_markup(nav)
    active = '<a href="../" class="md-nav__link md-nav__link--active">'
    assert active + "\n    Lessons &amp; more\n  </a>" in slim
    assert 'tabindex="">\n  Explore\n  <span class="md-nav__icon md-icon"></span>' in slim
    assert '<span class="md-ellipsis">\n  A long title\n</span>' in slim, "the header's stays"


def test_the_theme_configuration_loses_what_only_its_search_reads() -> None:
    config = (
        '<script id="__config" type="application/json">{"base": "../..", "features": [], '
        '"translations": {"clipboard.copy": "Copier", "search.result.none": "Aucun", '
        '"select.version": "Version"}, "search": "../../assets/search.js", '
        '"tags": "<b>&"}</script>'
    )
    slim = without_theme_search(config)
    body = slim.removeprefix('<script id="__config" type="application/json">')
    assert json.loads(body.removesuffix("</script>")) == {
        "base": "../..",
        "features": [],
        "translations": {"clipboard.copy": "Copier"},
        "tags": "<b>&",
    }
    assert "<b>" not in body and "&" not in body, "still safe inside a script element"
    assert without_theme_search("<p>no config</p>") == "<p>no config</p>"
