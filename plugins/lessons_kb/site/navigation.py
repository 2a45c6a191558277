"""The site navigation when `mkdocs.yml` lists none: editors never maintain it by hand.

Entries themselves are left out on purpose: the theme renders the whole navigation into
every page, so listing every entry would make each page (and the build) grow with the
square of the number of entries. Readers reach entries through the generated pages.
"""

from __future__ import annotations

from lessons_kb.i18n import interface
from lessons_kb.kinds import KINDS
from lessons_kb.site.generated import GeneratedPage
from lessons_kb.site.pages import BROWSE_URI
from lessons_kb.site.taxonomy import TAXONOMIES

NavItem = str | dict[str, "str | list[NavItem]"]
_COLLECTIONS = tuple((kind.plural, kind.collection_uri) for kind in KINDS.values())


def default_nav(
    docs_pages: list[str], generated: list[GeneratedPage], language: str = "en"
) -> list[NavItem]:
    """Home, the collections, the catalog, the taxonomies, then the hand-written pages,
    titled in `language`."""
    words = interface(language)
    nav: list[NavItem] = []
    if "index.md" in docs_pages:
        nav.append({words.gettext("Home"): "index.md"})
    nav += [{words.gettext(title): uri} for title, uri in _COLLECTIONS]
    nav.append({words.gettext("Browse"): BROWSE_URI})
    explore: list[NavItem] = [
        {words.gettext(title): f"{name}/index.md"} for name, title in TAXONOMIES.items()
    ]
    nav.append({words.gettext("Explore"): explore})
    listed = {"index.md", BROWSE_URI, *(uri for _, uri in _COLLECTIONS)}
    listed.update(f"{name}/index.md" for name in TAXONOMIES)
    nav += [uri for uri in sorted(docs_pages) if uri not in listed]
    nav += [
        {page.title: page.src_uri}
        for page in generated
        if page.in_nav and page.src_uri not in listed
    ]
    return nav
