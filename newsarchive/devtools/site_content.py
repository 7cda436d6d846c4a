"""What a project's content says, and which built pages present it."""

from __future__ import annotations

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from newsarchive.devtools.site_builder import TEST_SITEURL
from newsarchive.header import read_header
from newsarchive.manifest import read_manifest


def content_metadata(project: Path) -> list[dict[str, str]]:
    """The raw metadata of every article file of a project."""
    return [
        read_header(path.read_text(encoding="utf-8"))[0]
        for path in sorted((project / "content").glob("*.md"))
    ]


def article_pages(site: Path, siteurl: str = TEST_SITEURL) -> dict[str, Path]:
    """Pages that present an article at its own canonical address, by slug."""
    pages = {}
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        og_type = soup.find("meta", property="og:type")
        canonical = soup.find("link", rel="canonical")
        own_address = f"{siteurl}/{page.relative_to(site)}"
        if og_type and og_type["content"] == "article" and canonical["href"] == own_address:
            assert page.stem not in pages, f"two pages for {page.stem}"
            pages[page.stem] = page
    return pages


def feed_entry_links(site: Path, feed_format: str) -> list[str]:
    """The link of every entry of every feed document of one format that the
    build's manifest lists (the subscription document and its archive
    documents), each document parsed as a feed reader parses it."""
    links = []
    for record in read_manifest(site).feeds:
        if record.format == feed_format:
            feed = feedparser.parse((site / record.path).read_bytes())
            assert not feed.bozo, (record.path, feed.bozo_exception)
            links += [entry.link for entry in feed.entries]
    return links
