"""The build's record of what it knew, written once into the built site as
``.build.json`` and read by everything made from that site afterwards (the
books, the offline zip, the web archive and the bag, and the publishing
steps). Nothing after the build parses HTML, the sitemap or content headers
to find these facts again.

The file is hidden: the offline zip and the web archive leave dot-files out,
and no page links to it. The bag keeps it, as part of the site's record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from .dates import parse_iso_z

MANIFEST_NAME = ".build.json"


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class ArticleRecord:
    slug: str
    title: str
    lang: str
    status: str
    url: str
    canonical_url: str
    date: str  # ISO 8601 with its offset, as written in the article
    publisher: str
    original_url: str
    source_sha256: str
    # Relative to the project folder (the content folder's parent).
    markdown_file: str
    source_text: str | None
    # Files of the site, relative to it; None when none was made, with why.
    standalone: str | None
    epub: str | None
    no_copy_reason: str | None = None
    # The citation files (BibTeX, RIS) beside the page, relative to the site.
    bib: str | None = None
    ris: str | None = None
    # The page the source was taken from, as kept in provenance/ (a saved page
    # or a WARC of its fetch): its SHA-256 and path, relative to the project.
    capture_sha256: str = ""
    capture: str | None = None


@dataclass(frozen=True)
class FeedRecord:
    """One feed document of the site (newsarchive.feed_archive)."""

    path: str  # relative to the site
    format: str  # "atom" or "rss"
    role: str  # "subscription" or "archive" (RFC 5005)
    number: int | None  # an archive document's number, from 1, the oldest
    full: bool  # a full archive document, which never changes again
    articles: list[str]  # the slug of each entry, in the document's order


@dataclass(frozen=True)
class BuildManifest:
    site_url: str
    site_name: str
    generator: str
    source_date: str  # ISO 8601 in UTC, "Z"
    source_date_from: str
    articles: list[ArticleRecord] = field(default_factory=list)
    # Every feed document, in path order: together the articles of each feed.
    feeds: list[FeedRecord] = field(default_factory=list)
    # The sitemap files: the first is the one robots.txt and the pages name
    # (a sitemap index when there are several).
    sitemaps: list[str] = field(default_factory=list)

    @property
    def moment(self) -> datetime:
        return parse_iso_z(self.source_date)

    def copied(self) -> list[ArticleRecord]:
        """Articles with a one-file copy, in slug order."""
        return [article for article in self.articles if article.standalone]

    def not_copied(self) -> list[ArticleRecord]:
        """Articles the build made no copies of, each with why."""
        return [article for article in self.articles if article.no_copy_reason]


def write_manifest(site: Path, manifest: BuildManifest) -> Path:
    destination = site / MANIFEST_NAME
    # Written as it is encoded: at thousands of articles the whole text at
    # once would be the build's largest allocation.
    with destination.open("w", encoding="utf-8") as file:
        json.dump(asdict(manifest), file, ensure_ascii=False, indent=2, sort_keys=True)
        file.write("\n")
    return destination


def read_manifest(site: Path) -> BuildManifest:
    source = site / MANIFEST_NAME
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{source} is missing: build the site first") from None
    except (OSError, ValueError) as error:
        raise ManifestError(f"{source} cannot be read: {error}") from None
    try:
        articles = [ArticleRecord(**article) for article in data.pop("articles")]
        feeds = [FeedRecord(**feed) for feed in data.pop("feeds")]
        return BuildManifest(**data, articles=articles, feeds=feeds)
    except (KeyError, TypeError) as error:
        raise ManifestError(f"{source} is not a manifest this code reads: {error}") from None
