"""axe-core (npm), run inside a page Chromium has open."""

from __future__ import annotations

from newsarchive.devtools.system_tools import ROOT, require_npm_tool

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page) -> None:
    page.add_script_tag(path=str(require_npm_tool(AXE, "axe-core")))


def run_axe(page) -> list[dict]:
    """Each violated rule's id and the nodes it found, on the page as it is."""
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def axe_violations(page) -> list[dict]:
    """axe's violations on the page. The page's CSP must be bypassed
    (browser.new_context(bypass_csp=True)): axe is the test's script, not
    the page's."""
    inject_axe(page)
    return run_axe(page)


SCHEMES = ("light", "dark")


def axe_violations_by_scheme(page) -> dict[str, list[dict]]:
    """axe's violations on the loaded page in each color scheme, found by
    switching the page's scheme in place: one load, one injection of axe."""
    inject_axe(page)
    found = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        if violations := run_axe(page):
            found[scheme] = violations
    return found
