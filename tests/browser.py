"""Debian's Chromium, driven through the playwright package.

The browser is never downloaded: tests use /usr/bin/chromium. Without it a
test fails under CI (CI=true) and is skipped elsewhere, with the command that
installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "sudo apt-get install -y chromium"
# Without these, Chromium tries to reach Google services at start-up.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
]


def require(tool_path: str | None, what: str, hint: str) -> None:
    """Fail under CI, skip elsewhere, when a real tool is missing."""
    if tool_path and os.path.exists(tool_path):
        return
    message = f"{what} is not installed; run: {hint}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require(CHROMIUM if os.path.exists(CHROMIUM) else None, "chromium", INSTALL_HINT)


def require_java() -> None:
    require(shutil.which("java"), "java", "sudo apt-get install -y default-jre-headless")


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium browser; the caller opens contexts and pages."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", *QUIET_FLAGS],
        )
        try:
            yield browser
        finally:
            browser.close()
