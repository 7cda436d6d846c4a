"""Debian's Chromium, driven through the playwright package.

The browser is never downloaded: /usr/bin/chromium is used
(newsarchive.devtools.system_tools says what to do without it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

from newsarchive.devtools.system_tools import CHROMIUM, require_chromium

# Without these, Chromium tries to reach Google services at start-up.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
]


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium browser; the caller opens contexts and pages."""
    require_chromium()
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
