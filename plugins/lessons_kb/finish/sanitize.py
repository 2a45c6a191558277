"""Making the HTML rendered from an entry's body safe to show to readers: an allowlist.

An entry's body is Markdown, and Markdown lets an editor write raw HTML (and `attr_list`
lets them add attributes to what Markdown makes). Bodies are trusted to format text, never
to run code, to load anything from another site, to cover the page or to take over the
theme's hooks. `sanitize_html` receives the HTML that Python-Markdown produced for one
body and keeps only what the site's Markdown extensions produce, cleaned by `nh3` (the
Ammonia sanitiser, which parses as a browser does and writes well-formed HTML back):

==========================  =========================================================
Extension                   Tags, attributes and classes it produces (all kept)
==========================  =========================================================
Markdown itself             `p`, `h1`…`h6`, `em`, `strong`, `a href title`, `img src alt
                            title`, `ul`, `ol`, `li`, `blockquote`, `pre`, `code`, `hr`,
                            `br`
`tables`                    `table`, `thead`, `tbody`, `tr`, `th`, `td`, with
                            `style="text-align: left|center|right;"` on `th`/`td`
`toc` (with `permalink`)    `id` on headings (a slug: `what-we-found`, `context_1`), and
                            `<a class="headerlink" href="#…" title="Permanent link">`;
                            `[TOC]` makes `<div class="toc">` with a list of links
`admonition`                `<div class="admonition note">` (the type, and `inline`,
                            `end`) and `<p class="admonition-title">`
`pymdownx.details`          `<details class="note" open>` and `<summary>`
`pymdownx.superfences` and  `<div class="highlight">`, `<span class="filename">`, `pre`,
code highlighting           `code`, Pygments' token classes on `span` (`k`, `nf`, `s2`,
(Pygments)                  …), `hll` for marked lines; with `linenums`,
                            `<table class="highlighttable">`, `<td class="linenos">`,
                            `<td class="code">`, `<div class="linenodiv">` and
                            `<span class="normal">`
`attr_list`, `md_in_html`   nothing of their own: what an editor adds with them
                            (`{#id .class key=value}`, `<div markdown>`) is held to the
                            same rules as raw HTML
==========================  =========================================================

Raw HTML may also use the text-level and block elements of plain writing (`abbr title`,
`sup`, `sub`, `kbd`, `mark`, `del`, `ins`, `s`, `u`, `small`, `q`, `cite`, `dfn`, `var`,
`samp`, `time datetime`, `dl`/`dt`/`dd`, `figure`/`figcaption`, `caption`, `tfoot`,
`colgroup`/`col span`, `colspan`/`rowspan`, `ol start reversed type`, `li value`, `bdi`,
`bdo`, `ruby`/`rt`/`rp`, `wbr`, `div`, `span`), pictures and media that are files of this
site (`img`, `video`/`audio` with `controls`, `loop`, `muted`, `preload`, `source src
type`), and, on any element, `title`, `lang` and `dir`. Everything else goes:

- elements not listed (`iframe`, `object`, `embed`, `form`, `input`, SVG, MathML, …) are
  dropped, their text kept; `script` and `style` are dropped with their content;
- no event handler (`on…`), no `style` (an overlay such as `position:fixed; inset:0`
  would cover the page), but for a table cell's alignment, kept as `text-align` alone;
- links keep `http:`, `https:`, `mailto:`, `tel:` and relative addresses (a link to
  another site is a click, not a request); `javascript:`, `data:`, `vbscript:` and the
  rest are dropped;
- `src` is kept only for a file of this site (a relative address): an address with a
  scheme (`https:`, `data:`, …) or naming a host (`//host/…`, `\\\\host\\…`) is dropped, and
  an `img` or `source` left without `src` is dropped; `srcset` and `poster` never pass;
- `name` never passes, and an `id` only when it looks like a heading's slug
  (`is_kept_id`): lowercase letters, digits, `-` and `_`, starting with a letter or a
  digit (so not the theme's `__md_…` nor `_…`), not starting with the theme's, the site's
  or the search's prefixes (`md-`, `lkb-`, `pagefind`) and not one of the names of the
  window or document that scripts rely on (`RESERVED_IDS`); so a heading `## Links`, or
  one with no Latin letter (its slug is `_1`), keeps its text but not its anchor;
- classes are kept only where the extensions above produce them (`allowed_classes`), so
  that a body cannot borrow the theme's or the site's own (`md-…`, `lkb-…`);
- no `data-…` attribute (none of the extensions makes one: `data-md-…` and
  `data-pagefind-…` would steer the theme's scripts and the search index);
- every comment is dropped: the site's own markers (`<!-- lessons-kb:… -->`,
  `<!--lkb:… -->`) must not be forged from a body.

`lessons_kb.checks.body_html` tells the editor, at the right line, what this removes.
"""

from __future__ import annotations

import re

import nh3

#: Admonition and details types the theme styles (Material for MkDocs): the first class.
ADMONITION_TYPES = frozenset(
    {
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
    }
)
#: Classes `admonition` and `pymdownx.details` add to place a block beside the text.
PLACEMENT_CLASSES = frozenset({"inline", "end"})
#: Pygments' token classes are one to three letters and an optional digit (`k`, `s2`,
#: `cpf`): never a hyphen, so never the theme's or the site's (`md-…`, `lkb-…`).
_TOKEN_CLASS = re.compile(r"[a-z]{1,3}[0-9]?")
#: The classes each element may carry, from the extensions that produce them.
CLASSES: dict[str, frozenset[str]] = {
    "div": ADMONITION_TYPES | PLACEMENT_CLASSES | {"admonition", "highlight", "toc", "linenodiv"},
    "details": ADMONITION_TYPES | PLACEMENT_CLASSES,
    "p": frozenset({"admonition-title"}),
    "a": frozenset({"headerlink"}),
    "span": frozenset({"filename", "normal", "special"}),
    "table": frozenset({"highlighttable"}),
    "td": frozenset({"linenos", "code"}),
}

_TEXT = {
    "abbr",
    "b",
    "bdi",
    "bdo",
    "br",
    "cite",
    "code",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
}
_BLOCKS = {"blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "hr"}
_BLOCKS |= {"li", "ol", "p", "pre", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}
_TABLES = {"caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}
MEDIA = frozenset({"img", "video", "audio", "source"})
#: Every element a body may hold.
TAGS = frozenset({"a", *_TEXT, *_BLOCKS, *_TABLES, *MEDIA})
#: Dropped with everything inside them: their content is code, not text.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

_CELL = {"colspan", "rowspan", "style", "align"}
#: The attributes each element may carry (`*`: any element); `attribute_filter` then
#: checks the values of `id`, `class`, `src`, `style`, `align` and `dir`.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "video": {"src", "controls", "width", "height", "loop", "muted", "preload", "playsinline"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "source": {"src", "type", "media"},
    "th": _CELL,
    "td": _CELL,
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

#: Names a script may look up on `window` or `document` (an element with that `id` can
#: stand in for them in some browsers or for some scripts): never kept as an `id`.
RESERVED_IDS = frozenset(
    {
        "location",
        "top",
        "parent",
        "self",
        "opener",
        "frames",
        "document",
        "window",
        "cookie",
        "domain",
        "forms",
        "images",
        "links",
        "body",
        "head",
    }
)
#: Prefixes of the theme's (`md-`), the site's (`lkb-`) and the search's (`pagefind`) ids.
RESERVED_ID_PREFIXES = ("md-", "lkb-", "pagefind")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*|_[0-9]+")
"""A heading's slug; `_1`, `_2` for headings with no Latin letter."""
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:")
_EDGES = "".join(chr(c) for c in range(0x21))  # what browsers strip around an address
_ALIGNMENT = re.compile(r"\s*text-align\s*:\s*(left|center|right)\s*;?\s*", re.IGNORECASE)
#: In what nh3 writes, `<`, `>` and `"` inside attribute values are escaped, so a tag is
#: exactly `<name …>` and `[^>]*` cannot leave it.
_SOURCELESS = re.compile(r"<(?:img|source)\b(?![^>]* src=\")[^>]*>")


def _compact_url(value: str) -> str:
    """An address as a browser reads it: outer spaces and controls, inner tabs and line
    breaks gone, backslashes read as slashes, in lowercase."""
    compact = re.sub(r"[\t\n\r]", "", value.strip(_EDGES))
    return compact.replace("\\", "/").lower()


def is_site_file(value: str) -> bool:
    """Whether `src` names a file of this site: a relative address, with no scheme
    (`https:`, `data:`, …) and no host (`//host/…`)."""
    compact = _compact_url(value)
    return not compact.startswith("//") and _SCHEME.match(compact) is None


def is_safe_url(value: str, *, image: bool = False) -> bool:
    """Whether a link may hold this address (`image`: whether a picture may load it)."""
    if image:
        return is_site_file(value)
    match = _SCHEME.match(_compact_url(value))
    return match is None or match.group(0)[:-1] in URL_SCHEMES


def is_kept_id(value: str) -> bool:
    """Whether an `id` is kept: a heading's slug, none of the theme's, site's or search's
    names, and no name that scripts look up on `window` or `document`."""
    return (
        _SLUG.fullmatch(value) is not None
        and not value.startswith(RESERVED_ID_PREFIXES)
        and value not in RESERVED_IDS
    )


def is_kept_alignment(tag: str, value: str) -> bool:
    """Whether a `style` is a table cell's alignment alone (the one `style` kept)."""
    return tag in ("th", "td") and _ALIGNMENT.fullmatch(value) is not None


def allowed_classes(tag: str, value: str) -> list[str]:
    """The classes of `value` that an element `tag` keeps."""
    allowed = CLASSES.get(tag, frozenset())
    token = tag == "span"
    return [c for c in value.split() if c in allowed or (token and _TOKEN_CLASS.fullmatch(c))]


def _alignment(tag: str, value: str) -> str | None:
    match = _ALIGNMENT.fullmatch(value)
    return f"text-align: {match.group(1).lower()};" if match and tag in ("th", "td") else None


def _filter(tag: str, name: str, value: str) -> str | None:
    """The value kept for an attribute that the allowlist lets through, or None."""
    if name == "id":
        return value if is_kept_id(value) else None
    if name == "class":
        return " ".join(allowed_classes(tag, value)) or None
    if name == "src":
        return value if is_site_file(value) else None
    if name == "style":
        return _alignment(tag, value)
    if name == "align":
        return value.lower() if value.lower() in ("left", "center", "right") else None
    if name == "dir":
        return value.lower() if value.lower() in ("ltr", "rtl", "auto") else None
    return value


def sanitize_html(html: str) -> str:
    """The HTML of an entry's body with only what the allowlist keeps (see the module)."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )
    return _SOURCELESS.sub("", cleaned)
