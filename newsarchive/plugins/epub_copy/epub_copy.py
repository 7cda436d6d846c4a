"""Write each article that records its Source_sha256 as an EPUB 3 book too,
named by EPUB_SAVE_AS (empty writes none). The book's documents are the
theme's Jinja templates in ``templates/epub/``; the article's document shares
the page's figure and provenance partials. Its bytes depend only on the
article, the theme and the build's source date (SOURCE_DATE, set by the
build_manifest plugin); the project's one zip writer puts ``mimetype`` first.
"""

from __future__ import annotations

import uuid
import zipfile
from itertools import chain
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from newsarchive.dates import iso_z
from newsarchive.fixed_zip import write_zip
from newsarchive.plugins.copies import absolute_site_url, archived_url, copy_name
from newsarchive.xhtml import to_xhtml

MEDIA_TYPE = b"application/epub+zip"
# In the book, in order: the theme's file each entry comes from, and whether
# it is a template to render (the others are the same in every book).
CONTENTS = (
    ("META-INF/container.xml", "epub/container.xml", False),
    ("EPUB/package.opf", "epub/package.opf", True),
    ("EPUB/nav.xhtml", "epub/nav.xhtml", True),
    ("EPUB/article.xhtml", "epub/article.xhtml", True),
    ("EPUB/style.css", "epub/style.css", False),
)


def book_identifier(source_sha256: str) -> str:
    """The same for every build of the same source text, wherever published."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:sha256:{source_sha256}").urn


def mark_copyable(content) -> None:
    if name := copy_name(content, "EPUB_SAVE_AS"):
        content.epub_url = name


def book_members(
    generator, article, site_url: str, fixed: dict[str, bytes]
) -> list[tuple[str, bytes, int]]:
    """fixed: the theme's files that are the same in every book, by source."""
    env = generator.env
    values = {
        "article": article,
        "identifier": book_identifier(article.metadata["source_sha256"]),
        "modified": iso_z(generator.context["SOURCE_DATE"]),
        # The date of the robust link to the original (partials/provenance.html).
        "SOURCE_DATE": generator.context["SOURCE_DATE"],
        "body": Markup(to_xhtml(article.get_content(site_url))),
        "canonical_url": archived_url(article),
        "SITENAME": generator.settings["SITENAME"],
        # The language of the book's own words (headings, provenance).
        "DEFAULT_LANG": generator.settings["DEFAULT_LANG"],
    }
    members = [("mimetype", MEDIA_TYPE, zipfile.ZIP_STORED)]
    for name, source, is_template in CONTENTS:
        if is_template:
            data = (env.get_template(source).render(values) + "\n").encode("utf-8")
        else:
            data = fixed[source]
        members.append((name, data, zipfile.ZIP_DEFLATED))
    return members


def write_books(generator, writer) -> None:
    site_url = absolute_site_url(generator.settings)
    env = generator.env
    fixed = {
        source: env.loader.get_source(env, source)[0].encode("utf-8")
        for _, source, is_template in CONTENTS
        if not is_template
    }
    for article in chain(generator.articles, generator.hidden_articles):
        if getattr(article, "epub_url", None):
            destination = Path(writer.output_path, article.epub_url)
            destination.parent.mkdir(parents=True, exist_ok=True)
            members = book_members(generator, article, site_url, fixed)
            write_zip(destination, members, generator.context["SOURCE_DATE"])


def register() -> None:
    signals.content_object_init.connect(mark_copyable)
    signals.article_writer_finalized.connect(write_books)
