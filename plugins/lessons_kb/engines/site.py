"""A site as its `mkdocs.yml` describes it, read as data: what the stages need to know.

The same file configures every engine: MkDocs and ProperDocs read it as it is, Zensical
reads the MkDocs format too. The `lessons-kb` entry under `plugins:` holds Lessons KB's own
options, whichever engine builds the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons_kb.cli.config import (
    PLUGIN_NAME,
    Settings,
    UsageError,
    load_settings,
    plugin_options,
    read_mkdocs_yml,
)
from lessons_kb.cms import CmsOptions, cms_options
from lessons_kb.cms.options import CmsOptionError
from lessons_kb.finish.languages import LanguageLinks
from lessons_kb.finish.license import License, LicenseError, license_from
from lessons_kb.finish.run import FinishOptions
from lessons_kb.finish.siteinfo import FEED_ITEMS
from lessons_kb.site.stage import StageOptions
from lessons_kb.translations.edition import LanguageEdition

THEME_SEARCH = ("search", "material/search")
OFFLINE = ("offline", "material/offline")
STAGE_FOLDER = ".lessons-kb"
"""Where staged sites live, in the project folder (one subfolder per configuration)."""


def plugin_name(item: Any) -> str | None:
    """The name of one entry of `plugins:` (a name, or a one-key mapping of its options)."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        return str(next(iter(item)))
    return None


@dataclass(frozen=True)
class Site:
    """One configuration of a site (`mkdocs.yml`, or an edition that inherits from it)."""

    settings: Settings
    config: dict[str, Any]
    options: dict[str, Any]
    built: tuple[str, ...] | None = None
    """The languages to build, where only some of the site's are (`--languages`)."""

    @classmethod
    def load(cls, config_file: str | None = None) -> Site:
        """The site configured by `config_file` (by default `mkdocs.yml` here)."""
        settings = load_settings(config_file)
        config = read_mkdocs_yml(settings.config_file)
        return cls(settings, config, plugin_options(config, settings.config_file))

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def other_plugins(self) -> list[Any]:
        """The site's plugins but Lessons KB, as the config lists them."""
        plugins = self.config.get("plugins") or []
        if isinstance(plugins, dict):
            plugins = [{name: value} if value else name for name, value in plugins.items()]
        return [item for item in plugins if plugin_name(item) != PLUGIN_NAME]

    def _uses(self, names: tuple[str, ...]) -> bool:
        return any(plugin_name(item) in names for item in self.other_plugins)

    @property
    def offline(self) -> bool:
        """Built to be read from disk (the theme's offline plugin is on)."""
        return self._uses(OFFLINE)

    @property
    def pagefind(self) -> bool:
        """Search with Pagefind, unless the site asks for the theme's own search."""
        choice = self.options.get("search", "auto")
        if choice not in ("auto", "pagefind", "theme"):
            raise UsageError(
                f"{self.settings.config_file.name}: `search` of `{PLUGIN_NAME}` is "
                f"{choice!r}; use auto, pagefind or theme"
            )
        return choice == "pagefind" or (choice == "auto" and not self._uses(THEME_SEARCH))

    def path(self, key: str, default: str | None = None) -> Path | None:
        """A folder or file named in the config, relative to it."""
        value = self.config.get(key, default)
        return (self.root / value).resolve() if isinstance(value, str) and value else None

    def option_path(self, key: str) -> Path | None:
        value = self.options.get(key)
        return (self.root / value).resolve() if isinstance(value, str) and value else None

    @property
    def markdown_extensions(self) -> list[Any] | None:
        """The site's Markdown extensions, or None where the config writes them with
        Python tags (`!!python/name:`), which cannot be copied as plain data."""
        text = self.settings.config_file.read_text("utf-8")
        if "!!python/" in text:
            return None
        found = self.config.get("markdown_extensions") or []
        return list(found) if isinstance(found, list) else [{k: v} for k, v in found.items()]

    @property
    def docs_dir(self) -> Path:
        return self.path("docs_dir", "docs") or self.root / "docs"

    @property
    def custom_dir(self) -> Path | None:
        theme = self.config.get("theme")
        value = theme.get("custom_dir") if isinstance(theme, dict) else None
        return (self.root / value).resolve() if isinstance(value, str) and value else None

    @property
    def language(self) -> str:
        theme = self.config.get("theme")
        language = theme.get("language") if isinstance(theme, dict) else None
        return str(language or "en")

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages built, the default first (`languages:`, or `--languages`)."""
        return self.built or self.settings.checks.languages

    @property
    def multilingual(self) -> bool:
        """One edition per language, each in its own folder (`<site>/<language>/`)."""
        return len(self.languages) > 1 or self.languages[0] != self.language

    def only_languages(self, codes: str | None) -> Site:
        """The site built in some of its languages only (`--languages en,es`); a single one
        is built at the root, as a site of one language."""
        if not codes:
            return self
        wanted = tuple(code.strip() for code in codes.split(",") if code.strip())
        unknown = [code for code in wanted if code not in self.languages]
        if unknown or not wanted:
            raise UsageError(
                f"--languages {codes}: the site publishes {', '.join(self.languages)}; "
                "name some of them, separated by commas"
            )
        return dataclasses.replace(self, built=wanted)

    def language_url(self, language: str) -> str:
        """The address of one language's edition: `<site_url>/<language>/`."""
        base = str(self.config.get("site_url") or "")
        return f"{base.rstrip('/')}/{language}/" if base else ""

    @property
    def stage_dir(self) -> Path:
        """This configuration's staging folder."""
        return self.root / STAGE_FOLDER / self.settings.config_file.stem

    @property
    def license(self) -> License | None:
        """The licence of the content, from `extra.license` (which the theme's footer
        shows too)."""
        extra = self.config.get("extra")
        value = extra.get("license") if isinstance(extra, dict) else None
        try:
            return license_from(value, f"{self.settings.config_file.name}, `extra`")
        except LicenseError as exc:
            raise UsageError(str(exc)) from None

    @property
    def feed_items(self) -> int:
        """How many entries each feed carries (`feed_items` of the plugin)."""
        value = self.options.get("feed_items", FEED_ITEMS)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UsageError(
                f"{self.settings.config_file.name}: `feed_items` of `{PLUGIN_NAME}` is "
                f"{value!r}; use a whole number of entries, such as 50"
            )
        return value

    def stage_options(
        self,
        today: dt.date,
        links_from_source: bool = False,
        edition: LanguageEdition | None = None,
    ) -> StageOptions:
        download = None if self.offline else self.option_path("offline_download")
        language = self.language if edition is None else edition.language
        site_url = str(self.config.get("site_url") or "")
        return StageOptions(
            docs_dir=self.docs_dir,
            today=today,
            templates_dir=self.option_path("templates_dir"),
            pagefind=self.pagefind,
            offline=self.offline,
            download=download,
            site_url=site_url if edition is None else self.language_url(language),
            nav=self.config.get("nav") is None,
            links_from_source=links_from_source,
            language=language,
            edition=edition,
        )

    @property
    def cms(self) -> CmsOptions | None:
        """The editing app at `/admin/` (`cms:` of the plugin); never in the offline edition."""
        if self.offline:
            return None
        try:
            return cms_options(
                self.options.get("cms"),
                self.settings.config_file.name,
                self.settings.relative(self.settings.content_dir),
                self.root,
            )
        except CmsOptionError as exc:
            raise UsageError(str(exc)) from None

    def finish_options(self, language: str | None = None) -> FinishOptions:
        """How to finish the site, or (`language`) one language's edition of it."""
        links = None
        if language is not None:
            site_url = str(self.config.get("site_url") or "")
            links = LanguageLinks(language, self.languages, site_url, self.offline, self.language)
        return FinishOptions(
            name=str(self.config.get("site_name") or "Lessons KB"),
            url=str(self.config.get("site_url") or "")
            if language is None
            else self.language_url(language),
            description=str(self.config.get("site_description") or ""),
            language=language or self.language,
            languages=links,
            pagefind=self.pagefind,
            offline=self.offline,
            license=self.license,
            feed_items=self.feed_items,
            # A site in several languages has one editor, at its root (engines.languages).
            cms=self.cms if language is None else None,
        )
