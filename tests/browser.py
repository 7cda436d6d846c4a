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


def require_node() -> None:
    require(shutil.which("node"), "node", "sudo apt-get install -y nodejs npm")


# Computed styles that tell a page with the site's stylesheet from one without.
STYLE_PROBES = (("body", "background-color"), ("body", "font-family"))

# Collects Content Security Policy violations; add it with context.add_init_script.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


def computed_styles(page) -> dict[str, str | None]:
    """The STYLE_PROBES values on the page, keyed "selector property"."""
    return page.evaluate(
        """(probes) => Object.fromEntries(probes.map(([selector, property]) => {
            const element = document.querySelector(selector);
            const value = element ? getComputedStyle(element).getPropertyValue(property) : null;
            return [`${selector} ${property}`, value];
        }))""",
        [list(probe) for probe in STYLE_PROBES],
    )


def default_styles(context) -> dict[str, str | None]:
    """The STYLE_PROBES values of an unstyled page in this browser context."""
    page = context.new_page()
    try:
        page.set_content("<!doctype html><html><head></head><body><p>Unstyled</p></body></html>")
        return computed_styles(page)
    finally:
        page.close()


def unstyled_properties(page, defaults: dict[str, str | None]) -> list[str]:
    """Probed properties that still have the browser's default value."""
    styles = computed_styles(page)
    return [name for name, value in styles.items() if value is None or value == defaults[name]]


def csp_violations(page) -> list[str]:
    """Violations recorded by CSP_RECORDER on the current page."""
    return page.evaluate("window.__cspViolations || []")
