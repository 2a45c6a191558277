"""The root of a site in several languages: a page that sends each reader to the edition
in the language their browser prefers, with a plain link to every edition (it works
without scripts and from `file://`); beside it, the sitemap index of every edition's
sitemap and the default edition's "not found" page."""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

import jinja2

from lessons_kb.i18n import interface
from lessons_kb.translations.edition import AUTONYMS

CHOOSER = "index.html"
SITEMAP_INDEX = "sitemap.xml"
NOT_FOUND = "404.html"


def chooser_html(site_name: str, languages: tuple[str, ...], offline: bool, site_url: str) -> str:
    """The chooser page."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lessons_kb.site", "templates"), autoescape=True
    )
    page = "index.html" if offline else ""
    editions = [
        {
            "code": code,
            "name": AUTONYMS.get(code, code),
            "href": f"{code}/{page}",
            "invitation": interface(code).gettext("Read the knowledge base in this language"),
        }
        for code in languages
    ]
    base = site_url.rstrip("/") + "/" if site_url and not offline else ""
    return env.get_template("language_chooser.html").render(
        site_name=site_name,
        editions=editions,
        base=base,
        default=languages[0],
        codes=json.dumps(list(languages)),
        page=json.dumps(page),
    )


def write_chooser(
    site_dir: Path, site_name: str, languages: tuple[str, ...], offline: bool, site_url: str
) -> None:
    """Write the chooser at the root of `site_dir`, the sitemap index of the editions and
    (online) the default edition's "not found" page, whose links are absolute."""
    (site_dir / CHOOSER).write_text(chooser_html(site_name, languages, offline, site_url), "utf-8")
    if offline or not site_url:
        return
    base = site_url.rstrip("/") + "/"
    entries = "".join(
        f"  <sitemap><loc>{escape(base + code + '/sitemap.xml')}</loc></sitemap>\n"
        for code in languages
        if (site_dir / code / "sitemap.xml").is_file()
    )
    (site_dir / SITEMAP_INDEX).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n",
        "utf-8",
    )
    not_found = site_dir / languages[0] / NOT_FOUND
    if not_found.is_file():
        shutil.copyfile(not_found, site_dir / NOT_FOUND)
