"""The same output every time: two builds of the same input give byte-identical sites.

The example knowledge base and a generated one are each copied into two folders (at
different paths, their files created in a different order), then built at different
times, with different hash seeds and time zones, but the same `SOURCE_DATE_EPOCH`. Every
file of the two sites must be identical, byte for byte: nothing is normalised.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

import pytest
from helpers import REPO, build_strict
from lessons_kb.synthetic.generate import generate

pytestmark = pytest.mark.slow

#: A day after every date the generated bases hold (a lesson cannot be validated later than
#: the day the site is built).
SOURCE_DATE_EPOCH = "1780272000"  # 2026-06-01
INPUTS = ("mkdocs.yml", "docs", "content")


def copy_shuffled(source: Path, target: Path, seed: int) -> None:
    """Copy the site's input files, creating folders and files in a shuffled order."""
    files = [
        path
        for name in INPUTS
        for path in ([source / name] if (source / name).is_file() else (source / name).rglob("*"))
        if path.is_file()
    ]
    random.Random(seed).shuffle(files)
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    if (source / "node_modules").is_dir():  # the editor's files (`cms:` in mkdocs.yml)
        (target / "node_modules").symlink_to((source / "node_modules").resolve())


def build(root: Path, hash_seed: str, tz: str) -> None:
    build_strict(root, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED=hash_seed, TZ=tz)


def tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def assert_same_sites(first: Path, second: Path) -> None:
    one, two = tree(first), tree(second)
    assert sorted(one) == sorted(two), set(one) ^ set(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == [], f"{len(different)} of {len(one)} files differ: {different[:10]}"
    assert len(one) > 50


def build_twice(source: Path, tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "a"
    second = tmp_path / "somewhere" / "else" / "b"
    copy_shuffled(source, first, seed=1)
    copy_shuffled(source, second, seed=2)
    build(first, hash_seed="1", tz="UTC")
    time.sleep(1.1)  # a later second of the wall clock
    build(second, hash_seed="2", tz="Pacific/Kiritimati")
    return first / "site", second / "site"


def test_the_example_builds_byte_for_byte_the_same(tmp_path: Path) -> None:
    first, second = build_twice(REPO, tmp_path)
    assert_same_sites(first, second)
    # The one date a build writes of its own (the sitemap's) is the epoch's, not today's.
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", (first / "sitemap.xml").read_text()))
    assert dates == {"2026-06-01"}


def test_a_generated_base_builds_byte_for_byte_the_same(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "source", 150, seed=11, internal_share=0.1)
    assert_same_sites(*build_twice(corpus.root, tmp_path))
