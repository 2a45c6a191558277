"""The `cms:` option of the `lessons-kb` plugin: whether the site has an editing app, and
which GitHub repository it edits.

```yaml
plugins:
  - lessons-kb:
      cms:
        repo: un-desa/lessons-kb   # owner/name on GitHub
        branch: main               # optional, `main` by default
        base_url: https://…        # optional: an OAuth client, for "Sign In with GitHub"
```

`cms: false`, or no `cms:` at all, leaves the app out; the offline edition never has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
_KEYS = ("repo", "branch", "base_url")


class CmsOptionError(ValueError):
    """The `cms:` option is not written as it must be; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class CmsOptions:
    """Where the editing app saves: a GitHub repository and its branch."""

    repo: str
    branch: str = "main"
    base_url: str = ""
    """An OAuth client for signing in with GitHub; without one, editors sign in with a
    personal access token, which needs no server."""
    content_dir: str = "content"
    """The content folder, relative to the repository's root."""
    project: Path = Path(".")
    """The project folder, whose `node_modules/` holds the app."""


def cms_options(
    value: Any, where: str, content_dir: str = "content", project: Path = Path(".")
) -> CmsOptions | None:
    """The editing app's options from the `cms` value of the plugin (None: no app)."""
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise CmsOptionError(
            f"{where}: `cms` must be `false` or name the repository, such as "
            "`cms: {repo: un-desa/lessons-kb}`"
        )
    unknown = [str(key) for key in value if key not in _KEYS]
    if unknown:
        raise CmsOptionError(
            f"{where}: `cms` has no option `{unknown[0]}`; its options are "
            + ", ".join(f"`{key}`" for key in _KEYS)
        )
    repo = value.get("repo")
    if not isinstance(repo, str) or not _REPO.match(repo):
        raise CmsOptionError(
            f"{where}: `cms: repo` is {repo!r}; name the GitHub repository as owner/name, "
            "such as `un-desa/lessons-kb`"
        )
    branch = value.get("branch", "main")
    if not isinstance(branch, str) or not branch.strip():
        raise CmsOptionError(f"{where}: `cms: branch` must name a branch, such as `main`")
    base_url = value.get("base_url", "")
    if not isinstance(base_url, str) or (base_url and not base_url.startswith("https://")):
        raise CmsOptionError(
            f"{where}: `cms: base_url` must be the https:// address of an OAuth client"
        )
    return CmsOptions(repo, branch.strip(), base_url.rstrip("/"), content_dir, project)
