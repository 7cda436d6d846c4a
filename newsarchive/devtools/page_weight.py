"""What a page costs a reader: the page and every resource Chromium loads for
it, each gzip-compressed as a static host would serve it."""

from __future__ import annotations

import gzip

from newsarchive.devtools.site_builder import SOURCE_TEXT


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def text_gzip_size() -> int:
    return gzip_size(SOURCE_TEXT.read_bytes())


def loaded_resources(browser, url: str) -> dict[str, bytes]:
    """Every response body Chromium receives while loading url, favicon included."""
    bodies: dict[str, bytes] = {}
    context = browser.new_context()
    page = context.new_page()
    page.on("response", lambda response: bodies.setdefault(response.url, response.body()))
    page.goto(url, wait_until="networkidle")
    # Headless Chromium skips the favicon; a reader's browser fetches it.
    for href in page.eval_on_selector_all("link[rel~=icon]", "els => els.map(e => e.href)"):
        if href not in bodies:
            bodies[href] = page.request.get(href).body()
    context.close()
    return bodies


def page_weight(browser, url: str) -> dict[str, int]:
    return {name: gzip_size(body) for name, body in loaded_resources(browser, url).items()}
