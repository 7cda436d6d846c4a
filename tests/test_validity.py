"""Every page and the stylesheet pass the Nu Html Checker with nothing to say."""

from newsarchive.devtools.site_builder import ROOT
from newsarchive.devtools.validator import describe


def test_every_page_and_the_stylesheet_are_valid_with_no_warnings(site, nu_checker):
    """One run of the checker: the pages, their inline CSS, and site.css."""
    pages = sorted(str(page) for page in site.rglob("*.html"))
    assert len(pages) >= 10
    stylesheet = str(ROOT / "theme" / "site.css")
    messages = nu_checker("--also-check-css", *pages, stylesheet)
    assert messages == [], describe(messages)


def test_checker_reports_a_broken_page(tmp_path, nu_checker):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></p>")
    assert any(m["type"] == "error" for m in nu_checker(str(broken)))
