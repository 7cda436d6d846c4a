"""Render the article in Chromium into docs/screenshots/: 390 px and 1280 px
wide, light and dark, plus the printed PDF and a picture of its first page,
and the first screen of the EPUB's XHTML at phone width; and, at phone width,
the Arabic article written for the tests (newsarchive.devtools.rtl_article),
which reads right to left.

    python -m newsarchive.devtools.screenshots [--only article|epub|rtl ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

from newsarchive.devtools.browser import chromium
from newsarchive.devtools.rtl_article import RTL_PAGE, add_rtl_article
from newsarchive.devtools.site_builder import ARTICLE_SLUG, build, copy_project
from newsarchive.devtools.system_tools import ROOT
from newsarchive.serve import serve

TARGET = ROOT / "docs" / "screenshots"
WIDTHS = {390: 1400, 1280: 1100}
# A4 at 96 px per inch, with the stylesheet's 2 cm page margins.
A4 = {"width": 794, "height": 1123}
PAGE_MARGIN = "html { padding: 2cm; background: #fff; }"
KINDS = ("article", "epub", "rtl")


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


def shoot_rtl(browser, url: str) -> None:
    """The first screen of the right-to-left article at phone width."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme="light")
    page.goto(url, wait_until="networkidle")
    png = TARGET / "article-rtl-390-light.png"
    page.screenshot(path=str(png))
    print(f"wrote {png.relative_to(ROOT)}")
    page.close()


def built(project: Path) -> Path | None:
    """The project built into its output/, or None after printing why not."""
    result = build(project)
    if result.returncode != 0:
        print(result.log, file=sys.stderr)
        return None
    return result.output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=KINDS, help="only these pictures")
    kinds = set(parser.parse_args(argv).only or KINDS)
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, chromium() as browser:
        work = Path(scratch)
        if kinds & {"article", "epub"}:
            site = built(copy_project(work / "site"))
            if site is None:
                return 1
            if "article" in kinds:
                with serve(site) as base_url:
                    shoot(browser, base_url + f"{ARTICLE_SLUG}.html")
            if "epub" in kinds:
                shoot_book(browser, site / f"{ARTICLE_SLUG}.epub", work)
        if "rtl" in kinds:
            # In a site of its own: the real site's pictures stay as they are.
            project = copy_project(work / "rtl")
            add_rtl_article(project)
            site = built(project)
            if site is None:
                return 1
            with serve(site) as base_url:
                shoot_rtl(browser, base_url + RTL_PAGE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
