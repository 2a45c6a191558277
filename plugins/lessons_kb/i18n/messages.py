"""Every message the interface shows, and the catalogs kept in step with them.

The messages are those `pybabel extract` finds in the package's Python and templates
(`babel.cfg`), and those held as data: the plain words of every value of the schemas
(`not-started` → `Not started`), what each status means (`x-meanings`) and the regions'
names. `python -m lessons_kb.i18n.messages` writes them to `locales/messages.pot` and
updates each language's `.po` from it, as `pybabel update` does: translations are kept,
new messages added empty, vanished ones marked obsolete.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from babel.core import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from lessons_kb.i18n.catalog import DOMAIN, po_path, read_catalog
from lessons_kb.i18n.interface import SOURCE_LANGUAGE, SUPPORTED
from lessons_kb.schema import schema_for
from lessons_kb.vocab import regions

KINDS = ("mission", "finding", "lesson")
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
"""The catalogs' header date: fixed, so that updating them changes only their messages."""


def package_dir() -> Path:
    """The `lessons_kb` package folder, which extraction walks."""
    return Path(str(resources.files("lessons_kb")))


def extracted() -> Catalog:
    """Every message of the interface, with where it is used."""
    catalog = Catalog(project="Lessons KB", creation_date=_EPOCH, revision_date=_EPOCH)
    root = package_dir()
    config = root / "i18n" / "babel.cfg"
    with config.open(encoding="utf-8") as stream:
        # Babel leaves this one function unannotated.
        method_map, options_map = parse_mapping_cfg(stream, str(config))  # type: ignore[no-untyped-call]
    for filename, line, message, comments, context in extract_from_dir(
        str(root), method_map, options_map
    ):
        catalog.add(
            message, None, [(f"lessons_kb/{filename}", line)], auto_comments=comments,
            context=context,
        )
    for message, where in data_messages():
        catalog.add(message, None, [(where, 0)])
    return catalog


def data_messages() -> Iterator[tuple[str, str]]:
    """`(message, where)` of the texts held as data that the pages show translated."""
    from lessons_kb.site.words import plain  # the site's words depend on this package

    for kind in KINDS:
        where = f"lessons_kb/schemas/{kind}.yml"
        for values, meanings in _enums(schema_for(kind)):
            for value in values:
                yield plain(value), where
            for meaning in meanings:
                yield meaning, where
    for term in regions().values():
        yield term.title, "lessons_kb/vocab/data/regions.yml"


def _enums(node: Any) -> Iterator[tuple[list[str], list[str]]]:
    """Every `enum` of a schema, with the meanings written beside it."""
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            meanings = node.get("x-meanings") or {}
            yield [str(v) for v in node["enum"]], [str(m) for m in meanings.values()]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


def message_ids(catalog: Catalog) -> set[str]:
    """The ids of a catalog's messages (a plural message by its singular)."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def update_catalogs() -> list[Path]:
    """Write the template of messages and update every language's catalog from it."""
    template = extracted()
    locales = package_dir() / "i18n" / "locales"
    written = [locales / "messages.pot"]
    with written[0].open("wb") as stream:
        write_po(stream, template, width=100, sort_output=False, include_lineno=False)
    for language in SUPPORTED:
        if language == SOURCE_LANGUAGE:
            continue
        catalog = read_catalog(language)
        catalog.update(template, update_header_comment=False)
        catalog.revision_date = _EPOCH
        catalog.header_comment = (
            f"# {Locale.parse(language).english_name} translations of the Lessons KB interface.\n"
            "# Updated with `python -m lessons_kb.i18n.messages`; distributed under the "
            "licence of Lessons KB.\n#"
        )
        path = locales.parent / po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write_po(
                stream, catalog, width=100, ignore_obsolete=False, include_previous=False,
                include_lineno=False,
            )
        written.append(path)
    return written


if __name__ == "__main__":
    for path in update_catalogs():
        print(f"wrote {path}")
    print(f"({DOMAIN} domain)")
