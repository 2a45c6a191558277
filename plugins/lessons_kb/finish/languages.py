"""The links between the language editions of a site: each page's language switcher (to
the same page in every other language, relative, so it works from `file://` too), its
`hreflang` alternates, and the `lang` of text shown in another language than the page's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from lessons_kb.finish.metadata import attr
from lessons_kb.i18n import interface
from lessons_kb.translations.edition import AUTONYMS, other_language_url

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')
_BODY_DIV = '<div class="lkb-body">'


@dataclass(frozen=True, slots=True)
class LanguageLinks:
    """One language's edition among the site's languages."""

    language: str
    languages: tuple[str, ...]
    root_url: str
    """The site's address, above the language folders (`https://…/lessons-kb/`)."""
    offline: bool = False
    source_language: str = "en"
    """The language the site's hand-written pages are written in."""

    def switcher(self, page_url: str) -> str:
        """The list of languages at the top of a page, each a link to this same page."""
        label = interface(self.language).gettext("Language")
        items = []
        for code in self.languages:
            name = AUTONYMS.get(code, code)
            if code == self.language:
                items.append(
                    Markup(
                        '<li><span class="lkb-languages__current" aria-current="true" '
                        'lang="{code}">{name}</span></li>'
                    ).format(code=code, name=name)
                )
            else:
                items.append(
                    Markup(
                        '<li><a href="{url}" hreflang="{code}" lang="{code}">{name}</a></li>'
                    ).format(url=other_language_url(page_url, code), code=code, name=name)
                )
        return str(
            Markup(
                '<nav class="lkb-languages" aria-label="{label}" data-pagefind-ignore>'
                "<ul>{items}</ul></nav>"
            ).format(label=label, items=Markup("").join(items))
        )

    def head_tags(self, page_url: str) -> list[str]:
        """`<link rel="alternate" hreflang>` to the page in every language, and the
        language chooser as the default; none offline (file addresses mean nothing)."""
        if self.offline or not self.root_url:
            return []
        base = self.root_url.rstrip("/") + "/"
        tags = [
            f'<link rel="alternate" hreflang="{code}" href="{attr(base + code + "/" + page_url)}">'
            for code in self.languages
        ]
        tags.append(f'<link rel="alternate" hreflang="x-default" href="{attr(base)}">')
        return tags

    def finish_page(self, page_html: str, page_url: str, text_language: str | None) -> str:
        """A page with its switcher at the top of its content, and its author's text
        marked with `text_language` where that is not the page's language."""
        match = _ARTICLE.search(page_html)
        if match is None:
            raise LookupError(
                'the theme\'s page has no `<article class="md-content__inner md-typeset">` '
                "to put the language switcher in"
            )
        end = match.end()
        page_html = page_html[:end] + self.switcher(page_url) + page_html[end:]
        if text_language and text_language != self.language:
            page_html = page_html.replace(
                _BODY_DIV, f'<div class="lkb-body" lang="{text_language}">'
            )
        return page_html
