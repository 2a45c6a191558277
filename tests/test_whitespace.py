"""Built pages lose their templates' indentation, and nothing a reader sees changes."""

from __future__ import annotations

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
