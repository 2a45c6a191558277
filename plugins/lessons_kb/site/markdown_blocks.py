"""A Python-Markdown extension that passes Lessons KB's own HTML blocks through untouched.

The stage writes every panel, relation list and listing between `<!--lkb:html-->` and
`<!--lkb:/html-->` lines. Markdown would parse that HTML tag by tag to find where it ends
(most of an engine's time on large listings); this extension stores each block as raw
HTML at once instead, exactly as Markdown stores HTML it has parsed. Every engine that
runs Python-Markdown extensions (MkDocs, ProperDocs, Zensical) loads it from the staged
config; without it, the same pages still come out, only more slowly.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

BLOCK_START = "<!--lkb:html-->"
BLOCK_END = "<!--lkb:/html-->"
EXTENSION = "lessons_kb.site.markdown_blocks"


class _StashBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if BLOCK_START not in lines:
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == BLOCK_START:
                    block = []
                else:
                    out.append(line)
            elif line == BLOCK_END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: leave it to Markdown as it was written
            out += [BLOCK_START, *block]
        return out


class LessonsKBBlocks(Extension):
    """Stores Lessons KB's HTML blocks as raw HTML without parsing them."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Before Markdown's own HTML block parser (priority 20).
        md.preprocessors.register(_StashBlocks(md), "lessons_kb_blocks", 25)


def makeExtension(**kwargs: object) -> LessonsKBBlocks:
    """The entry point Python-Markdown calls for `lessons_kb.site.markdown_blocks`."""
    return LessonsKBBlocks(**kwargs)
