"""The licence under which others may reuse the content of a site: a setting of the site
(`extra.license` in mkdocs.yml: an SPDX id, the licence's address and, optionally, its
title), named by the footer of every page, each feed, the data package and the JSON export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


class LicenseError(ValueError):
    """The `license` setting is not an id and an address."""


@dataclass(frozen=True, slots=True)
class License:
    """A licence: its SPDX id (`CC-BY-3.0-IGO`), its address and its name in words."""

    id: str
    url: str = ""
    title: str = ""

    @property
    def name(self) -> str:
        """How readers know it: its title, or its id."""
        return self.title or self.id

    def sentence(self) -> str:
        """One line for a feed's rights: `Creative Commons … (CC-BY-3.0-IGO): https://…`."""
        text = f"{self.title} ({self.id})" if self.title else self.id
        return f"{text}: {self.url}" if self.url else text

    def record(self) -> dict[str, str]:
        """The licence in the JSON export."""
        found = {"id": self.id, "title": self.name}
        if self.url:
            found["url"] = self.url
        return found

    def data_package(self) -> dict[str, str]:
        """The licence as a Data Package names it (`name`, `path`, `title`)."""
        found = {"name": self.id, "title": self.name}
        if self.url:
            found["path"] = self.url
        return found


def license_from(value: Any, where: str) -> License | None:
    """The licence a site's setting names (None where it names none).

    `where` says where the setting is written, for the message when it is malformed."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"id": value}
    if not isinstance(value, dict):
        raise LicenseError(
            f"{where}: `license` must be an SPDX id and an address, such as "
            "`{id: CC-BY-4.0, url: https://creativecommons.org/licenses/by/4.0/}`"
        )
    licence_id = str(value.get("id") or "").strip()
    url = str(value.get("url") or "").strip()
    if not _SPDX_ID.match(licence_id):
        raise LicenseError(
            f"{where}: `license` needs an `id`, the licence's SPDX identifier (such as "
            f"`CC-BY-4.0` or `CC-BY-3.0-IGO`); found {licence_id or 'none'!r}"
        )
    if url and not url.startswith(("https://", "http://")):
        raise LicenseError(
            f"{where}: the `url` of `license` must be the licence's web address "
            f"(https://…); found {url!r}"
        )
    unknown = sorted(set(value) - {"id", "url", "title"})
    if unknown:
        raise LicenseError(
            f"{where}: `license` has {', '.join(f'`{k}`' for k in unknown)}; it takes only "
            "`id`, `url` and `title`"
        )
    return License(licence_id, url, str(value.get("title") or "").strip())
