"""The article's metadata is complete, true, and reaches the page."""

import json
import re
from datetime import datetime

from newsarchive.devtools.site_builder import (
    ARTICLE_FILE,
    ARTICLE_SLUG,
    ORIGINAL_URL,
    PUBLISHER,
    ROOT,
    TEST_SITEURL,
    source_parts,
)
from newsarchive.header import read_header

# The headline as International Business Times published it; the header's
# other facts are checked against the provenance record below.
HEADLINE = "Syrian Opposition Braces For Second Battle For Aleppo, Still Hopes For US Support"


def article_metadata() -> dict[str, str]:
    return read_header(ARTICLE_FILE.read_text(encoding="utf-8"))[0]


def provenance_record() -> dict[str, str]:
    """The field table of provenance/README.md."""
    lines = (ROOT / "provenance" / "README.md").read_text(encoding="utf-8").splitlines()
    rows = [line.strip("|").split("|") for line in lines if line.startswith("| ")]
    return {field.strip(): value.strip() for field, value in rows[1:]}


def test_metadata_is_complete_and_true():
    alt, caption_line, paragraphs = source_parts()
    meta = article_metadata()
    assert meta["title"] == HEADLINE
    date = datetime.fromisoformat(meta["date"])
    assert date.date().isoformat() == "2014-07-08"
    assert date.utcoffset() is not None
    # The provenance record, written when the text was received, agrees, and
    # the slug is the original address's, without its number.
    record = provenance_record()
    assert record["original address"].rsplit("/", 1)[1].startswith(meta["slug"] + "-")
    assert meta["original_url"] == record["original address"]
    assert meta["publisher"] == record["publisher"]
    assert date.date().isoformat() == record["first published"]
    assert meta["source_sha256"] == record["SHA-256"]
    assert meta["lang"] == "en"
    assert meta["category"]
    assert {"Syria", "Aleppo", "ISIS", "Free Syrian Army"} <= {
        tag.strip() for tag in meta["tags"].split(",")
    }
    assert meta["summary"] == paragraphs[0]
    assert meta["photo_alt"] == alt
    assert meta["photo_credit"] == "Reuters/Hosam Kata"
    assert f"{meta['photo_caption']} {meta['photo_credit']}" == caption_line
    assert "author" not in meta and "authors" not in meta


def test_page_shows_headline_date_and_provenance(article_soup):
    assert [h1.get_text() for h1 in article_soup.find_all("h1")] == [HEADLINE]
    time = article_soup.select_one("article header time")
    assert time["datetime"] == "2014-07-08T00:00:00-04:00"
    source = article_soup.select_one(".source")
    assert PUBLISHER in source.get_text()
    assert "July 8, 2014" in source.get_text()
    assert ORIGINAL_URL in [a["href"] for a in source.find_all("a")]


def test_no_byline_anywhere(site):
    assert not (site / "author").exists()
    assert not (site / "authors.html").exists()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8").lower()
        assert not re.search(r"\bauthors?\b|\bunknown\b|\bbyline\b", text), page


def test_canonical_and_structured_data_are_absolute(article_soup):
    canonical = article_soup.find("link", rel="canonical")["href"]
    assert canonical == f"{TEST_SITEURL}/{ARTICLE_SLUG}.html"
    data = json.loads(article_soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == HEADLINE
    assert data["datePublished"] == "2014-07-08T00:00:00-04:00"
    assert data["isBasedOn"] == ORIGINAL_URL
    assert data["publisher"]["name"] == PUBLISHER
    # Only what the page's other tags do not say: its address is the canonical
    # link, its language, section and tags the html lang and the article: tags
    # (tests/test_citations.py), and it was never modified.
    assert set(data) == {
        "@context", "@type", "headline", "datePublished", "isBasedOn", "publisher"
    }  # fmt: skip
