"""axe-core, in real Chromium, finds nothing to fix on any page, light or dark."""

import json

from newsarchive.devtools.axe import SCHEMES, axe_violations, axe_violations_by_scheme
from newsarchive.serve import serve


def test_no_axe_violations_on_any_page_light_or_dark(site, browser):
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    found = {}
    with serve(site) as base:
        # The pages' CSP forbids injected scripts; axe is the test's, not the page's.
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        for name in pages:
            page.goto(base + name)
            if violations := axe_violations_by_scheme(page):
                found[name] = violations
        context.close()
    print(f"axe (light and dark): {len(pages)} pages, {len(found)} with violations")
    assert found == {}, json.dumps(found, indent=1)


def test_the_dark_scheme_is_checked_as_dark(site, browser):
    """The scheme switched in place reaches the stylesheet: axe sees the
    dark colors, not the light ones twice."""
    with serve(site) as base:
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(base + "index.html")
        colors = set()
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            colors.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert len(colors) == len(SCHEMES)


def test_axe_finds_a_real_problem(tmp_path, browser):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html><title>x</title><p style="color:#777;background:#888">low</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.goto(base + "bad.html")
        ids = {v["id"] for v in axe_violations(page)}
        page.close()
    assert {"image-alt", "color-contrast", "html-has-lang"} <= ids
