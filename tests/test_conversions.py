"""What converters and feed readers take from the article: pandoc's plain
text of the page and of the book keeps the photo caption apart from the
story, and the RSS feed carries the whole text, as the Atom feed does."""

from __future__ import annotations

import subprocess

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsarchive.devtools.site_builder import ARTICLE_SLUG, source_parts
from newsarchive.devtools.system_tools import require_pandoc


def plain_blocks(source, reader: str) -> list[str]:
    """pandoc's plain text of the file (`pandoc -t plain`), one paragraph a
    line, cut at its blank lines."""
    pandoc = require_pandoc()
    result = subprocess.run(
        [pandoc, "-f", reader, "-t", "plain", "--wrap=none", str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [block.strip() for block in result.stdout.split("\n\n") if block.strip()]


@pytest.mark.parametrize(
    ("name", "reader"), [(f"{ARTICLE_SLUG}.html", "html"), (f"{ARTICLE_SLUG}.epub", "epub")]
)
def test_plain_text_keeps_the_caption_apart_from_the_story(site, name, reader):
    _, caption_line, paragraphs = source_parts()
    blocks = plain_blocks(site / name, reader)
    assert caption_line in blocks, blocks[:8]
    # The story starts in the block after the caption, with a blank line between.
    after = blocks.index(caption_line) + 1
    assert blocks[after : after + len(paragraphs)] == paragraphs


def entry_paragraphs(feed_bytes: bytes, content_of) -> list[str]:
    feed = feedparser.parse(feed_bytes)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    html = content_of(entry)
    return [p.get_text() for p in BeautifulSoup(html, "html5lib").find_all("p")]


def test_rss_carries_the_full_text_as_atom_does(site):
    _, _, paragraphs = source_parts()
    rss = entry_paragraphs(
        (site / "feeds" / "all.rss.xml").read_bytes(), lambda entry: entry.description
    )
    atom = entry_paragraphs(
        (site / "feeds" / "all.atom.xml").read_bytes(), lambda entry: entry.content[0].value
    )
    assert rss == paragraphs
    assert atom == paragraphs
