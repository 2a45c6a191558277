"""The editing app in the built site: `admin/` with Sveltia CMS, its generated
configuration, the checks it runs before saving, and the fonts it shows.

The app's files come from npm (`@sveltia/cms` and three Fontsource packages, installed
by `npm ci`, which `make site` runs), found in the project's `node_modules/`. The app asks
a CDN for its fonts; here those addresses are rewritten to the copies in `admin/fonts/`,
and the page's Content Security Policy keeps every other request to the site itself and
GitHub's API (its update check and GitHub's status page are refused). Immutable.js, which the app
imports from a CDN when it runs its event hooks, is served from `admin/vendor/`. One bug of
the app's option lists, which a keyboard user meets, is mended in its script (`keyboard_fix`).
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from lessons_kb.cms.config import check_rules, cms_config, config_text
from lessons_kb.cms.options import CmsOptions
from lessons_kb.model import KnowledgeBase

ADMIN_FOLDER = "admin"
APP_PACKAGE = "@sveltia/cms"
APP_SCRIPT = "sveltia-cms.js"
_FONT_URL = re.compile(
    r"https://cdn\.jsdelivr\.net/fontsource/fonts/(?P<name>[a-z0-9-]+)(?P<vf>:vf)?"
    r"@(?P<version>[0-9.]+)/(?P<file>[a-z0-9-]+\.woff2)"
)
_MODULE_CDN = "`https://unpkg.com/${e}`"
"""Where the app imports packages from at runtime (a JavaScript template literal)."""
_MODULES_HERE = "`./vendor/${e}`"
# A list box of the app (a choice's options, after Enter on it) answers the keyboard through a
# handler that starts listening 100 ms after it is made, and a new one is made at every key
# typed in the filter above the options. One replaced within those 100 ms still starts, with
# the options as they were before the filter hid them and nothing to tell it of later
# changes: typed at a key every 100 ms or faster, "Saint Lu" leaves several, and Enter then
# picks an option the filter hides (a single choice) or adds the same one several times and
# stops the form (a multiple choice, Svelte's `each_key_duplicate`). The mend: a handler that
# was replaced before it started never starts.
_GROUP_START = re.compile(r"\(async\(\)=>\{await (\w+)\(100\),this\.activate\(\)\}\)\(\)")
_GROUP_STOP = re.compile(
    r"destroy\(\)\{(?=[^{}]*?this\.observer\.disconnect\(\),"
    r"this\.parent\.removeEventListener\(`click`,this\._onClick\),"
    r"this\.parent\.removeEventListener\(`keydown`,this\._onKeyDown\))"
)
VENDORED = {"immutable": "dist/immutable.es.js"}
"""The packages the app imports at runtime that the site serves itself: Immutable.js, which
its event hooks (the checks before saving) need."""
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "img-src 'self' data: blob: https://avatars.githubusercontent.com",
        "connect-src 'self' blob: data: https://api.github.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
"""Requests the app may make: the site itself, and GitHub's API where it saves."""


class CmsMissing(RuntimeError):
    """The app's files are not installed; the message says how to install them."""


def find_node_modules(project: Path) -> Path:
    """The `node_modules/` with the app, in the project folder or one above it."""
    for folder in (project, *project.parents):
        candidate = folder / "node_modules"
        if (candidate / APP_PACKAGE / "dist" / APP_SCRIPT).is_file():
            return candidate
    raise CmsMissing(
        f"the editing app (`cms:` of the lessons-kb plugin) needs {APP_PACKAGE} from npm, "
        f"which is not in {project / 'node_modules'}: run `npm ci` in the project folder "
        "(`make site` does), or set `cms: false` to build the site without it"
    )


def app_version(node_modules: Path) -> str:
    """The installed version of the app."""
    package = json.loads((node_modules / APP_PACKAGE / "package.json").read_text("utf-8"))
    return str(package["version"])


def font_files(script: str, node_modules: Path) -> dict[str, Path]:
    """Each CDN address of a font in the app's script, with the installed file it names."""
    found: dict[str, Path] = {}
    for match in _FONT_URL.finditer(script):
        scope = "@fontsource-variable" if match["vf"] else "@fontsource"
        package = node_modules / scope / match["name"]
        path = package / "files" / f"{match['name']}-{match['file']}"
        if not path.is_file():
            raise CmsMissing(
                f"the editing app shows the font {match['name']}, and {path} is missing: "
                f"add {scope}/{match['name']}@{match['version']} to package.json and run "
                "`npm ci`"
            )
        found[match[0]] = path
    return found


def local_script(script: str, fonts: dict[str, Path]) -> str:
    """The app's script with its fonts read from `fonts/` beside it, and the packages it
    imports at runtime from `vendor/`."""
    for url, path in fonts.items():
        script = script.replace(url, f"fonts/{path.name}")
    if "cdn.jsdelivr.net/fontsource" in script:
        raise CmsMissing("the editing app still asks a CDN for a font after its fonts were copied")
    if script.count(_MODULE_CDN) != 1:
        raise CmsMissing(
            f"the editing app's script no longer imports packages from {_MODULE_CDN}, so they "
            "cannot be served from the site: check publish.py against this version of the app"
        )
    return script.replace(_MODULE_CDN, _MODULES_HERE)


def keyboard_fix(script: str) -> str:
    """The app's script with its list boxes' keyboard handlers started only while they are
    still the list box's own (see `_GROUP_START`): keys typed fast in a choice's filter then
    leave one handler, and ArrowDown and Enter pick the option the filter shows."""
    starts = len(_GROUP_START.findall(script))
    stops = len(_GROUP_STOP.findall(script))
    if not starts or starts != stops:
        raise CmsMissing(
            "the editing app's script no longer starts its option lists' keyboard handlers as "
            f"publish.py expects ({starts} starts, {stops} stops found): check keyboard_fix "
            "against this version of the app (the bug it mends may be fixed there)"
        )
    script = _GROUP_STOP.sub("destroy(){this.destroyed=!0,", script)
    return _GROUP_START.sub(r"(async()=>{await \1(100),this.destroyed||this.activate()})()", script)


def vendored_modules(node_modules: Path) -> dict[str, Path]:
    """The files the app imports at runtime, by their path under `vendor/` (named with the
    version the app asks for, as its import addresses are)."""
    package = json.loads((node_modules / APP_PACKAGE / "package.json").read_text("utf-8"))
    found: dict[str, Path] = {}
    for name, file in VENDORED.items():
        wanted = re.sub(r"^\D", "", str(package["dependencies"][name]))
        path = node_modules / name / file
        if not path.is_file():
            raise CmsMissing(
                f"the editing app needs {name} from npm, and {path} is missing: run `npm ci`"
            )
        found[f"{name}@{wanted}/{file}"] = path
    return found


def _asset(name: str) -> str:
    return resources.files("lessons_kb.cms").joinpath(f"assets/{name}").read_text("utf-8")


def admin_page(title: str) -> str:
    """The app's `index.html`."""
    from html import escape

    page = _asset("index.html").replace("__POLICY__", POLICY)
    return page.replace("__TITLE__", escape(title))


def checks_script(rules: dict[str, Any]) -> str:
    """The checks run before saving, with the schemas' rules written in."""
    data = json.dumps(rules, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return _asset("checks.js").replace("__RULES__", data)


def publish_admin(
    site_dir: Path, kb: KnowledgeBase, options: CmsOptions, site_name: str, site_url: str
) -> Path:
    """Write the editing app into `site_dir/admin/`; returns that folder."""
    node_modules = find_node_modules(options.project)
    dist = node_modules / APP_PACKAGE / "dist"
    script = (dist / APP_SCRIPT).read_text("utf-8")
    fonts = font_files(script, node_modules)
    admin = site_dir / ADMIN_FOLDER
    if admin.exists():
        shutil.rmtree(admin)
    (admin / "fonts").mkdir(parents=True)
    config = cms_config(kb, options, site_name, site_url)
    files = {
        "index.html": admin_page(str(config["app_title"])),
        "config.yml": config_text(config),
        "checks.js": checks_script(check_rules(options.content_dir)),
        "zoom.js": _asset("zoom.js"),
        APP_SCRIPT: keyboard_fix(local_script(script, fonts)),
    }
    for name, text in files.items():
        (admin / name).write_text(text, "utf-8")
    shutil.copy(node_modules / APP_PACKAGE / "LICENSE.txt", admin / "LICENSE-sveltia-cms.txt")
    for rel, path in vendored_modules(node_modules).items():
        (admin / "vendor" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, admin / "vendor" / rel)
    for path in sorted(set(fonts.values())):
        shutil.copy(path, admin / "fonts" / path.name)
        licence = path.parent.parent / "LICENSE"
        if licence.is_file():
            shutil.copy(licence, admin / "fonts" / f"{path.parent.parent.name}-LICENSE.txt")
    return admin
