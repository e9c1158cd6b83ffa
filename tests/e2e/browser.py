"""Debian's chromium driven by Playwright, for tests of the pages the gateway serves."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator, Optional

import pytest

from tests.conftest import services_required

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Flags that keep chromium from reaching out to the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Optional[str]:
    """Return the chromium binary: CHROMIUM_PATH, or chromium on PATH."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless chromium per test module; skip (or fail in CI) when it is missing.

    Playwright's sync API runs an event loop while it is open, so closing it with the
    module lets later tests call ``asyncio.run`` again.
    """
    executable = chromium_path()
    if executable is None:
        message = "chromium is not installed (Debian package chromium); browser tests need it"
        if services_required():
            pytest.fail(f"{message} (REQUIRE_SERVICES=1 makes this mandatory)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def save_screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path
