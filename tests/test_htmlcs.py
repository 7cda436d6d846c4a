"""HTML_CodeSniffer, the checker pa11y runs, finds no error and no warning
for WCAG 2 AA on any page, the one-file copy or the book's documents: among
them no group of links set in a paragraph instead of a list (H48)."""

from __future__ import annotations

import json
import zipfile

from newsarchive.devtools.htmlcs import htmlcs_messages, problems
from newsarchive.devtools.site_builder import ARTICLE_SLUG
from newsarchive.serve import serve


def test_no_errors_or_warnings_on_any_page_or_in_the_book(site, browser, tmp_path):
    pages = sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))
    with zipfile.ZipFile(site / f"{ARTICLE_SLUG}.epub") as book:
        book.extractall(tmp_path)
    documents = [tmp_path / "EPUB" / name for name in ("article.xhtml", "nav.xhtml")]
    found = {}
    # The pages' CSP forbids injected scripts; the checker is the test's.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    with serve(site) as base:
        for url in [base + name for name in pages] + [path.as_uri() for path in documents]:
            page.goto(url)
            if reported := problems(htmlcs_messages(page)):
                found[url] = reported
    context.close()
    print(f"HTML_CodeSniffer WCAG2AA: {len(pages)} pages and 2 book documents, {len(found)} with")
    assert len(pages) >= 10
    assert found == {}, json.dumps(found, indent=1)


def test_the_checker_finds_links_set_in_a_paragraph(tmp_path, browser):
    (tmp_path / "links.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><main>'
        '<p>Tags: <a href="a.html">A</a>, <a href="b.html">B</a></p>'
        '<ul><li><a href="a.html">A</a></li><li><a href="b.html">B</a></li></ul></main>'
    )
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.goto(base + "links.html")
        reported = problems(htmlcs_messages(page))
        page.close()
    assert [(m["type"], m["code"].rsplit(".", 1)[-1]) for m in reported] == [("warning", "H48")]
    assert reported[0]["element"].startswith("<p>Tags:")
