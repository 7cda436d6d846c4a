"""Render the article in Chromium into docs/screenshots/: 390 px and 1280 px
wide, light and dark, plus the printed PDF and a picture of its first page,
and the first screen of the EPUB's XHTML at phone width.

    python -m newsarchive.devtools.screenshots
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from newsarchive.devtools.browser import chromium
from newsarchive.devtools.site_builder import ARTICLE_SLUG, build, copy_project
from newsarchive.devtools.system_tools import ROOT
from newsarchive.serve import serve

TARGET = ROOT / "docs" / "screenshots"
WIDTHS = {390: 1400, 1280: 1100}
# A4 at 96 px per inch, with the stylesheet's 2 cm page margins.
A4 = {"width": 794, "height": 1123}
PAGE_MARGIN = "html { padding: 2cm; background: #fff; }"


def shoot(browser, url: str) -> None:
    for width, height in WIDTHS.items():
        for scheme in ("light", "dark"):
            page = browser.new_page(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page.goto(url, wait_until="networkidle")
            path = TARGET / f"article-{width}-{scheme}.png"
            page.screenshot(path=str(path))
            print(f"wrote {path.relative_to(ROOT)}")
            page.close()
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    pdf = TARGET / "article-print.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    print(f"wrote {pdf.relative_to(ROOT)}")
    page.close()
    # Headless Chromium cannot display a PDF, so page 1 is pictured from the
    # same print stylesheet on an A4-sized canvas.
    context = browser.new_context(viewport=A4, bypass_csp=True)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(url, wait_until="networkidle")
    page.add_style_tag(content=PAGE_MARGIN)
    png = TARGET / "article-print-page1.png"
    page.screenshot(path=str(png))
    print(f"wrote {png.relative_to(ROOT)}")
    context.close()


def shoot_book(browser, book: Path, work: Path) -> None:
    """The EPUB's first screen as Chromium renders its XHTML at phone width,
    with the browser's own colours and fonts standing in for a reading app's."""
    with zipfile.ZipFile(book) as archive:
        archive.extractall(work / "book")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((work / "book" / "EPUB" / "article.xhtml").as_uri())
    png = TARGET / "epub-390.png"
    page.screenshot(path=str(png))
    print(f"wrote {png.relative_to(ROOT)}")
    page.close()


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        project = copy_project(Path(work) / "site")
        result = build(project)
        if result.returncode != 0:
            print(result.log, file=sys.stderr)
            return result.returncode
        with serve(result.output) as base_url, chromium() as browser:
            shoot(browser, base_url + f"{ARTICLE_SLUG}.html")
            shoot_book(browser, result.output / f"{ARTICLE_SLUG}.epub", Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
