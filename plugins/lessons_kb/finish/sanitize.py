"""Making the HTML rendered from editors' Markdown safe to show to readers.

Markdown lets an editor write raw HTML, and `attr_list` lets them add attributes to what
Markdown makes. Bodies are trusted to format text, never to run code in a reader's
browser. The policy, applied to the HTML of every page rendered from Markdown:

- `script` and `style` elements are dropped with their content; elements that load
  code or change how the page is read (`iframe`, `object`, `embed`, `base`, `meta`,
  `link`, forms, SVG animation, …) are dropped, their content kept as text; comments,
  declarations and processing instructions are dropped (but for the build's own
  placeholders, `<!-- lessons-kb:… -->`);
- event handler attributes (`on…`) and `srcdoc` are dropped from every element;
- URL attributes (`href`, `src`, `action`, …) keep only `http:`, `https:`, `mailto:`,
  `tel:` and relative addresses (and `data:image/…` pictures in `img`): `javascript:`,
  `vbscript:` and the rest are dropped;
- everything else is written back as parsed, with text and attribute values re-escaped, so
  the browser reads exactly the elements that were checked here.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Dropped together with everything inside them: their content is code, not text.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
#: Dropped, their content kept as (sanitised) text and elements: nothing an editor wrote
#: is lost if they forget an end tag.
DROPPED_TAGS = frozenset(
    {
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "param",
        "base",
        "meta",
        "link",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
        "form",
        "button",
        "portal",
        "isindex",
        "animate",
        "animatemotion",
        "animatetransform",
        "set",
        "handler",
        "listener",
        "foreignobject",
    }
)
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "codebase",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "ping",
        "profile",
        "usemap",
        "classid",
        "archive",
        "srcset",
        "imagesrcset",
        "from",
        "to",
        "values",
        "by",
    }
)
DROPPED_ATTRIBUTES = frozenset({"srcdoc", "formaction", "attributename", "http-equiv"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_MARKER = re.compile(r" lessons-kb:[a-z-]+ ")
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|gif|jpe?g|webp|avif);", re.IGNORECASE)


def is_safe_url(value: str, *, image: bool = False) -> bool:
    """Whether a link or source address is safe to follow or load (no `javascript:`)."""
    # Browsers ignore tabs and line breaks anywhere and control characters around a URL.
    compact = _INVISIBLE.sub("", value).lower()
    match = _SCHEME.match(compact)
    if match is None:
        return True  # relative: a path, a query or a fragment on this site
    if match.group(1) in SAFE_SCHEMES:
        return True
    return image and _SAFE_DATA_IMAGE.match(compact) is not None


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping:
            return
        if tag in DROPPED_WITH_CONTENT:
            if not closed:
                self.dropping.append(tag)
            return
        if tag in DROPPED_TAGS or not re.fullmatch(r"[a-z][a-z0-9\-:]*", tag):
            return
        kept = "".join(
            f' {name}="{html.escape(value, quote=True)}"' if value is not None else f" {name}"
            for name, value in attrs
            if _keep_attribute(tag, name, value)
        )
        self.out.append(f"<{tag}{kept}{' /' if closed else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in DROPPED_WITH_CONTENT or tag in DROPPED_TAGS or tag in VOID_ELEMENTS:
            return
        if re.fullmatch(r"[a-z][a-z0-9\-:]*", tag):
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        # The build's own placeholders (`<!-- lessons-kb:glance -->`) are kept.
        if not self.dropping and _MARKER.fullmatch(data):
            self.out.append(f"<!--{data}-->")


def _keep_attribute(tag: str, name: str, value: str | None) -> bool:
    if name.startswith("on") or name in DROPPED_ATTRIBUTES:
        return False
    if not re.fullmatch(r"[a-z_:][a-z0-9_.:\-]*", name):
        return False
    if name in URL_ATTRIBUTES and value is not None:
        if name in ("srcset", "imagesrcset"):
            candidates = [c.strip().split(" ")[0] for c in value.split(",")]
            return all(is_safe_url(c, image=True) for c in candidates if c)
        return is_safe_url(value, image=tag in ("img", "source") and name == "src")
    if name == "style" and value is not None:
        compact = _INVISIBLE.sub("", value).lower()
        return "expression(" not in compact and "javascript:" not in compact
    return True


def sanitize_html(text: str) -> str:
    """`text` without anything that could run code in a reader's browser (see the module)."""
    if "<" not in text and "&" not in text and ">" not in text:
        return text
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)
