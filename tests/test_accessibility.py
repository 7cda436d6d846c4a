"""axe-core, in real Chromium, finds nothing to fix on any page, light or dark."""

import json

import pytest

from tests.browser import chromium
from tests.site_builder import ROOT
from tests.static_server import serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page(site, scheme):
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    found = {}
    with serve(site) as base, chromium() as browser:
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


def test_axe_finds_a_real_problem(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html><title>x</title><p style="color:#777;background:#888">low</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    with serve(tmp_path) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "bad.html")
        ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= ids
