"""axe-core, in real Chromium, finds nothing to fix on any page, light or dark."""

import json

import pytest

from newsarchive.devtools.axe import axe_violations
from newsarchive.serve import serve


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page(site, scheme, browser):
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    found = {}
    with serve(site) as base:
        # The pages' CSP forbids injected scripts; axe is the test's, not the page's.
        context = browser.new_context(bypass_csp=True, color_scheme=scheme)
        page = context.new_page()
        for name in pages:
            page.goto(base + name)
            violations = axe_violations(page)
            if violations:
                found[name] = violations
        context.close()
    print(f"axe ({scheme}): {len(pages)} pages, {len(found)} with violations")
    assert found == {}, json.dumps(found, indent=1)


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
