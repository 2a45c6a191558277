"""Reading the content tree: discover entry files, split front matter from body, load YAML.

Nothing here raises on bad input: every file that cannot be read, split or parsed gives
a Problem, and the other files are still read.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lessons_kb.model import Entry
from lessons_kb.problems import Problem
from lessons_kb.schema import field_names
from lessons_kb.source.yamlnodes import MarkedData, format_path, load_marked
from lessons_kb.translations.files import is_translation_name
from lessons_kb.vocab import TAXONOMY_FILES, Term, Vocabulary, did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Names that generated pages or site folders use; an entry may not take them.
RESERVED_IDS = frozenset(
    {
        "index",
        "browse",
        "api",
        "search",
        "assets",
        "feeds",
        "feed",
        "countries",
        "sdgs",
        "themes",
        "organisations",
        "projects",
        "years",
        "statuses",
        "missions",
        "findings",
        "lessons",
        "regions",
        "404",
        "sitemap",
        "contribute",
        "about",
        "translations",
    }
)
MAX_FILE_BYTES = 1_000_000
_TERM_FIELDS = ("title", "description", "url")
#: Links readers may follow: never `javascript:` or `data:`.
_SAFE_URL = re.compile(r"^(https?://|/)[^\s]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An entry file found in the content tree, before it is read."""

    path: str
    rel_path: str
    kind: str
    id: str
    mission_id: str | None = None


def slugify(name: str) -> str:
    """A well-formed id close to `name`: `Saint Lucia 2024` → `saint-lucia-2024`."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "entry"


def check_id(entry_id: str, rel_path: str) -> list[Problem]:
    """Problems with an id taken from a file or folder name."""
    if not ID_PATTERN.match(entry_id):
        return [
            Problem(
                rel_path,
                f"the id `{entry_id}` (the file or folder name) is not well-formed",
                expected="lowercase letters, digits and single hyphens",
                hint=f"rename it to `{slugify(entry_id)}`",
            )
        ]
    if entry_id in RESERVED_IDS:
        return [
            Problem(
                rel_path,
                f"the id `{entry_id}` is reserved for a page the site generates",
                expected="an id that is not one of " + ", ".join(sorted(RESERVED_IDS)),
                hint=f"rename it, for example to `{entry_id}-1`",
            )
        ]
    return []


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(content_dir: Path, root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Every entry file under `content_dir`, in a stable order, and what does not fit."""
    content_dir = content_dir.resolve()
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(content_dir):
        dirs.sort()
        here = Path(folder)
        for name in list(dirs):
            link = here / name
            if link.is_symlink():
                dirs.remove(name)
                problems += _outside_link(link, content_dir, root)
        # Paths as text, worked out once per folder: a base of 10,000 entries is walked
        # again on every save in the preview.
        folder_parts = here.relative_to(content_dir).parts
        folder_rel = _relative(here, root)
        for name in sorted(files):
            path_text = os.path.join(folder, name)
            rel = f"{folder_rel}/{name}" if folder_rel not in ("", ".") else name
            if os.path.islink(path_text):
                path = Path(path_text)
                rel = _relative(path, root)
                if _outside_link(path, content_dir, root):
                    problems += _outside_link(path, content_dir, root)
                    continue
            if is_translation_name(name):
                continue  # a translation: read and checked by `lessons_kb.translations`
            source = _classify((*folder_parts, name), path_text, rel)
            if source is not None:
                problems += check_id(source.id, rel)
                found.append(source)
            elif name.endswith((".md", ".markdown")):
                problems.append(
                    Problem(
                        rel,
                        "this Markdown file belongs to no collection and would not be published",
                        expected="content/missions/<mission-id>/index.md, "
                        "content/missions/<mission-id>/findings/<finding-id>.md or "
                        "content/lessons/<lesson-id>.md",
                        hint="move it to one of those places, or out of content/",
                    )
                )
    problems += _missions_without_index(content_dir, root)
    return found, problems


def _classify(parts: tuple[str, ...], path: str, rel: str) -> SourceFile | None:
    if len(parts) == 3 and parts[0] == "missions" and parts[2] == "index.md":
        return SourceFile(path, rel, "mission", parts[1])
    if len(parts) == 4 and parts[:3:2] == ("missions", "findings") and parts[3].endswith(".md"):
        return SourceFile(path, rel, "finding", parts[3][:-3], mission_id=parts[1])
    if len(parts) == 2 and parts[0] == "lessons" and parts[1].endswith(".md"):
        return SourceFile(path, rel, "lesson", parts[1][:-3])
    return None


def _outside_link(path: Path, content_dir: Path, root: Path) -> list[Problem]:
    target = path.resolve()
    if target == content_dir or content_dir in target.parents:
        return []
    return [
        Problem(
            _relative(path, root),
            "this is a symbolic link to a place outside content/",
            expected="entries stored inside content/",
            hint="copy the file into content/ instead of linking to it",
        )
    ]


def _missions_without_index(content_dir: Path, root: Path) -> list[Problem]:
    missions = content_dir / "missions"
    if not missions.is_dir():
        return []
    return [
        Problem(
            _relative(folder, root),
            "this mission folder has no index.md, so the mission and its findings are lost",
            expected=f"{_relative(folder, root)}/index.md",
            hint="add the mission's index.md, or move the folder out of content/missions/",
        )
        for folder in sorted(missions.iterdir())
        if not os.path.isfile(os.path.join(folder, "index.md")) and folder.is_dir()
    ]


def read_text(path: str, rel_path: str) -> tuple[str | None, list[Problem]]:
    """A file's text as UTF-8 with `\\n` line ends; a leading BOM is dropped."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    rel_path,
                    f"the file is {size:,} bytes, too large for an entry",
                    expected=f"at most {MAX_FILE_BYTES:,} bytes",
                    hint="link large documents from `documents` instead of pasting them",
                )
            ]
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, [Problem(rel_path, f"cannot be read: {exc.strerror or exc}")]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                rel_path,
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                line=line,
                expected="text encoded as UTF-8",
                hint="save the file as UTF-8 in your editor",
            )
        ]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), []


def split_front_matter(text: str, rel_path: str) -> tuple[str, str, int] | Problem:
    """`(front matter, body, line the body starts on)`, or the problem that prevents it."""
    if not text.strip():
        return Problem(
            rel_path,
            "the file is empty",
            line=1,
            expected="a front matter between `---` lines, then the body",
            hint="start from a template: `lessons-kb new`",
        )
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Problem(
            rel_path,
            "the file has no front matter",
            line=1,
            expected="a first line `---`, the fields, and a closing `---`",
            hint="add the fields between two `---` lines at the top of the file",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return Problem(
        rel_path,
        "the front matter is not closed",
        line=1,
        expected="a line `---` after the last field",
        hint="add a line with `---` between the fields and the body",
    )


def yaml_problems(marked: MarkedData, rel_path: str) -> list[Problem]:
    """The errors met while reading YAML, as problems."""
    return [
        Problem(
            rel_path,
            error.message,
            line=error.mark.line if error.mark else None,
            column=error.mark.column if error.mark else None,
            field=format_path(error.path) or None,
            expected=error.expected,
            hint=error.hint,
        )
        for error in marked.errors
    ]


def load_entry(source: SourceFile, keep_tree: bool = False) -> tuple[Entry | None, list[Problem]]:
    """Read and parse one entry file; None when it cannot be made into an entry.

    With `keep_tree`, the YAML node tree stays for the marks the checks that follow ask
    for, until `entry.marks.forget_tree()`.
    """
    text, problems = read_text(source.path, source.rel_path)
    if text is None:
        return None, problems
    return parse_entry(source, text, keep_tree)


def parse_entry(
    source: SourceFile, text: str, keep_tree: bool = False
) -> tuple[Entry | None, list[Problem]]:
    """Parse the text of one entry file, read already (`load_entry` reads it)."""
    split = split_front_matter(text, source.rel_path)
    if isinstance(split, Problem):
        return None, [split]
    front, body, body_line = split
    marked = load_marked(
        front, line_offset=1, fields=field_names(source.kind), keep_tree=keep_tree
    )
    problems = yaml_problems(marked, source.rel_path)
    if marked.data is None and not marked.errors:
        marked.data = {}
    if not isinstance(marked.data, dict):
        if not marked.errors:
            problems.append(
                Problem(
                    source.rel_path,
                    "the front matter is not a list of fields",
                    line=2,
                    expected="lines of the form `field: value`",
                    hint="write each field on its own line as `name: value`",
                )
            )
        return None, problems
    if any(error.mark is None or not error.path for error in marked.errors):
        return None, problems  # a syntax error: the fields cannot be trusted
    entry = Entry(
        id=source.id,
        kind=source.kind,
        source=source.path,
        rel_path=source.rel_path,
        data=marked.data,
        body=body,
        body_line=body_line,
        marks=marked,
        mission_id=source.mission_id,
    )
    return entry, problems


def load_taxonomies(content_dir: Path, root: Path) -> tuple[Vocabulary, list[Problem]]:
    """The site's themes, organisations and projects, from `content/taxonomies/`."""
    vocabulary = Vocabulary()
    problems: list[Problem] = []
    for name in TAXONOMY_FILES:
        path = content_dir / "taxonomies" / f"{name}.yml"
        if not path.is_file():
            continue
        rel = _relative(path, root)
        text, read_problems = read_text(str(path), rel)
        problems += read_problems
        if text is None:
            continue
        marked = load_marked(text)
        problems += yaml_problems(marked, rel)
        terms, term_problems = _terms(marked, rel)
        problems += term_problems
        vocabulary.taxonomy(name).update(terms)
    return vocabulary, problems


def _terms(marked: MarkedData, rel: str) -> tuple[dict[str, Term], list[Problem]]:
    data = marked.data
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [
            Problem(
                rel,
                "a taxonomy file must map each id to its title",
                line=1,
                expected="lines such as `digital-government: {title: Digital government}`",
            )
        ]
    terms: dict[str, Term] = {}
    problems: list[Problem] = []
    for term_id, value in data.items():
        mark = marked.key_mark((term_id,))
        line = mark.line if mark else None

        def problem(
            message: str,
            expected: str,
            hint: str | None = None,
            term_id: str = term_id,
            line: int | None = line,
        ) -> None:
            problems.append(
                Problem(rel, message, line=line, field=term_id, expected=expected, hint=hint)
            )

        if not ID_PATTERN.match(term_id):
            problem(
                f"`{term_id}` is not a well-formed id",
                "lowercase letters, digits and single hyphens",
                f"use `{slugify(term_id)}`",
            )
            continue
        if isinstance(value, str):
            value = {"title": value}
        if not isinstance(value, dict) or not isinstance(value.get("title"), str):
            problem("has no title", "`title: <the name readers see>`")
            continue
        unknown = [k for k in value if k not in _TERM_FIELDS]
        for key in unknown:
            problem(
                f"unknown field `{key}`", "title, description, url", did_you_mean(key, _TERM_FIELDS)
            )
        url = str(value.get("url") or "").strip()
        if url and not _SAFE_URL.match(url):
            url_mark = marked.mark((term_id, "url"))
            problem(
                f"the url `{url}` is not a web address",
                "an address starting with https://, http:// or /",
                line=url_mark.line if url_mark else line,
            )
            url = ""
        terms[term_id] = Term(
            term_id, value["title"].strip(), str(value.get("description") or "").strip(), url
        )
    return terms, problems
