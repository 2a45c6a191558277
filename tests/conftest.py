"""Fixtures shared by the tests; the helpers they use live in `helpers.py`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_FLAGS, Project, chromium_available, need, new_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path / "kb")


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright (skipped where none is installed)."""
    need(chromium_available(), f"Chromium ({CHROMIUM})", "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()
