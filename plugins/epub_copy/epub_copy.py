"""Write each article that records its Source_sha256 as an EPUB 3 book too,
named by EPUB_SAVE_AS (empty writes none), from the theme's ``epub/`` files.
Its bytes depend only on the article, those files and SOURCE_DATE_EPOCH
(else the article's date), which scripts/build_site.py sets with the
archive's date rule; the project's one zip writer puts ``mimetype`` first.
"""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from scripts.archive.fixed_zip import write_zip
from scripts.archive.source_date import environment_date, iso_z

from .documents import documents
from .xhtml import to_xhtml

MEDIA_TYPE = b"application/epub+zip"
# The theme's folder with the book's files and stylesheet.
THEME_FOLDER = "epub"
# RFC 4122's name space for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
NAMESPACE_URL = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")


def book_identifier(source_sha256: str) -> str:
    """uuid.uuid5 of the source text's SHA-256 (RFC 4122; checked by a test),
    the same wherever the article is published. Importing uuid would cost a
    one-article build more than the book."""
    digest = bytearray(
        hashlib.sha1(NAMESPACE_URL + f"urn:sha256:{source_sha256}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"urn:uuid:{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def modified(article) -> datetime:
    return environment_date() or article.date.astimezone(UTC).replace(microsecond=0)


def mark_copyable(content) -> None:
    save_as = content.settings.get("EPUB_SAVE_AS")
    if save_as and isinstance(content, Article) and content.metadata.get("source_sha256"):
        content.epub_url = save_as.format(slug=content.slug)


def book_of(article, site_url: str, moment: datetime) -> dict[str, str]:
    """What the documents say: the article's metadata as text, and its body
    as XHTML with links absolute to the site."""
    metadata = article.metadata
    optional = ("summary", "publisher", "original_url", "photo_alt", "photo_caption")
    return {
        **{key: metadata.get(key, "") for key in (*optional, "photo_credit")},
        "identifier": book_identifier(metadata["source_sha256"]),
        "title": article.title,
        "lang": article.lang,
        "date": article.date.isoformat(),
        "date_text": article.locale_date,
        "modified": iso_z(moment),
        "body": to_xhtml(article.get_content(site_url)),
        "canonical_url": f"{site_url}/{article.url}",
        "source_sha256": metadata["source_sha256"],
        "archive_name": article.settings["SITENAME"],
    }


def book_members(book: dict[str, str], folder: Path) -> list[tuple[str, bytes, int]]:
    members = [("mimetype", MEDIA_TYPE, zipfile.ZIP_STORED)]
    for name, text in documents(book, folder).items():
        members.append((name, text.encode("utf-8"), zipfile.ZIP_DEFLATED))
    members.append(("EPUB/style.css", (folder / "style.css").read_bytes(), zipfile.ZIP_DEFLATED))
    return members


def write_books(generator, writer) -> None:
    site_url = generator.settings.get("SITE_ABSOLUTE_URL") or generator.settings["SITEURL"]
    folder = Path(generator.theme) / THEME_FOLDER
    for article in chain(generator.articles, generator.hidden_articles):
        if getattr(article, "epub_url", None):
            moment = modified(article)
            members = book_members(book_of(article, site_url, moment), folder)
            destination = Path(writer.output_path, article.epub_url)
            destination.parent.mkdir(parents=True, exist_ok=True)
            write_zip(destination, members, moment)


def register() -> None:
    signals.content_object_init.connect(mark_copyable)
    signals.article_writer_finalized.connect(write_books)
