"""The article reaches the page exactly as the source wrote it."""

import hashlib

from newsarchive.devtools.site_builder import ARTICLE_FILE, SOURCE_TEXT, source_parts

RECORDED_SOURCE_SHA256 = "f8f7e92c0e7482db8c33b38b7c73ce9441a5528110dda6450a08290b57a5558b"


def test_provenance_copy_is_unchanged():
    assert hashlib.sha256(SOURCE_TEXT.read_bytes()).hexdigest() == RECORDED_SOURCE_SHA256
    readme = (SOURCE_TEXT.parent / "README.md").read_text(encoding="utf-8")
    assert RECORDED_SOURCE_SHA256 in readme


def test_every_paragraph_is_on_the_page_verbatim_and_in_order(article_soup):
    _, _, paragraphs = source_parts()
    body = article_soup.select_one("article .body")
    shown = [p.get_text() for p in body.find_all("p")]
    assert len(paragraphs) == 24
    for number, (expected, actual) in enumerate(zip(paragraphs, shown, strict=True), 1):
        assert actual == expected, f"paragraph {number} differs"


def test_typography_is_not_smartened(article_soup):
    text = article_soup.select_one("article .body").get_text()
    for exact in (
        "Akhtarin -- foreshadowing",
        'day," Lattif said. "They',
        "has … executive",
        "$500 million",
        "U.S.",
        "Syria’s",
        "“heart of the revolution,”",
    ):
        assert exact in text
    assert "—" not in text and "–" not in text


def test_caption_and_credit_match_the_source(article_soup):
    alt, caption_line, _ = source_parts()
    figcaption = article_soup.select_one("article figure figcaption")
    assert figcaption.get_text() == caption_line
    assert alt in article_soup.select_one("article figure").get_text()


def test_markdown_body_holds_the_source_paragraphs():
    _, _, paragraphs = source_parts()
    text = ARTICLE_FILE.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    assert body.strip().split("\n\n") == paragraphs
