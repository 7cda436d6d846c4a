"""The layout in real Chromium: no horizontal scroll from 320 px up, a
comfortable measure, and dark mode that really changes the colors."""

import pytest

from newsarchive.devtools.site_builder import ARTICLE_SLUG
from newsarchive.serve import serve

# Characters per rendered line of the longest paragraph, found by where the
# browser actually breaks it (the last, short line left out).
CHARACTERS_PER_LINE = """() => {
  const paragraphs = [...document.querySelectorAll('article .body p')];
  const p = paragraphs.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
  const node = p.firstChild, range = document.createRange(), lines = new Map();
  for (let i = 0; i < node.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rect = range.getClientRects()[0];
    if (rect) lines.set(Math.round(rect.top), (lines.get(Math.round(rect.top)) || 0) + 1);
  }
  const counts = [...lines.values()].slice(0, -1);
  return counts.reduce((a, b) => a + b, 0) / counts.length;
}"""


WIDTHS = (320, 390, 768, 1280)


def test_no_horizontal_scroll_on_any_page_at_any_width(site, browser):
    """Each page is loaded once and laid out again at each width."""
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    overflowing = []
    measured = 0
    with serve(site) as base:
        page = browser.new_page(viewport={"width": WIDTHS[0], "height": 800})
        for name in pages:
            page.goto(base + name)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                scroll, client = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                assert client == width, (name, width, client)
                measured += 1
                if scroll > client:
                    overflowing.append((name, width, scroll, client))
    assert measured == len(pages) * len(WIDTHS)
    assert overflowing == []


@pytest.mark.parametrize("width", [1280, 1920])
def test_measure_is_comfortable_on_wide_screens(site, width, browser):
    with serve(site) as base:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(base + f"{ARTICLE_SLUG}.html")
        per_line = page.evaluate(CHARACTERS_PER_LINE)
    print(f"{width}px: {per_line:.0f} characters per line")
    assert 60 <= per_line <= 75


def test_dark_scheme_swaps_colors(site, browser):
    colors = {}
    with serve(site) as base:
        for scheme in ("light", "dark"):
            page = browser.new_page(color_scheme=scheme)
            page.goto(base + f"{ARTICLE_SLUG}.html")
            colors[scheme] = page.evaluate(
                "[getComputedStyle(document.body).backgroundColor,"
                " getComputedStyle(document.body).color]"
            )
    assert colors["light"] != colors["dark"]
    assert colors["dark"][0] == "rgb(23, 25, 28)"


def test_print_keeps_the_article_and_its_source_and_drops_navigation(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + f"{ARTICLE_SLUG}.html")
        page.emulate_media(media="print")

        def style(selector: str, prop: str, pseudo: str = "") -> str:
            return page.evaluate(
                f"getComputedStyle(document.querySelector({selector!r}), {pseudo!r})[{prop!r}]"
            )

        assert style("nav", "display") == "none"
        assert style("body > header", "display") == "none"
        assert style(".source", "display") != "none"
        # The source's one link is the original address, printed as its own
        # text, so no address is added after it.
        assert page.locator(".source a").count() == 1
        assert style(".source a.url", "content", "::after") == "none"
        assert style("figure", "breakInside") == "avoid"
        assert style(".body p", "orphans") == "3"
        assert style(".body p", "widows") == "3"
