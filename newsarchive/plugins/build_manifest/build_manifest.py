"""Record what the build knew in the built site's ``.build.json``
(newsarchive.manifest): the address it was built for, its one source date,
for each article its slug, date, source digest and source files, and every
feed document and sitemap file, as the plugins that write them planned them.

The source date is worked out once, when the articles are read, and kept in
the context as SOURCE_DATE for the plugins that stamp it (the EPUB books).
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import pelican
from pelican import signals

from newsarchive.dates import iso_z, source_date
from newsarchive.feed_archive import DOCUMENTS
from newsarchive.manifest import ArticleRecord, BuildManifest, write_manifest
from newsarchive.plugins.copies import absolute_site_url, archived_url, no_copy_reason
from newsarchive.sitemaps import FILES


def published_articles(generator) -> list:
    return sorted(chain(generator.articles, generator.hidden_articles), key=lambda a: a.slug)


def set_source_date(generator) -> None:
    articles = chain(generator.articles, generator.hidden_articles)
    newest = max((article.date for article in articles), default=None)
    moment, basis = source_date(Path(generator.path), newest)
    generator.context["SOURCE_DATE"] = moment
    generator.context["SOURCE_DATE_FROM"] = basis


def article_record(article, project: Path) -> ArticleRecord:
    metadata = article.metadata
    # The files of provenance/ the build proved the article against.
    proven = getattr(article, "proven_files", None)
    markdown = Path(article.source_path).resolve()
    shown = markdown.relative_to(project) if markdown.is_relative_to(project) else markdown
    return ArticleRecord(
        slug=article.slug,
        title=article.title,
        lang=article.lang,
        status=article.status,
        url=article.url,
        # Set on each article when it was made (the citations plugin).
        canonical_url=archived_url(article),
        date=article.date.isoformat(),
        publisher=metadata.get("publisher", ""),
        original_url=metadata.get("original_url", ""),
        source_sha256=metadata.get("source_sha256", ""),
        markdown_file=shown.as_posix(),
        source_text=proven.source_text if proven else None,
        standalone=getattr(article, "standalone_url", None),
        epub=getattr(article, "epub_url", None),
        no_copy_reason=no_copy_reason(article),
        bib=getattr(article, "bib_url", None),
        ris=getattr(article, "ris_url", None),
        capture_sha256=metadata.get("capture_sha256", ""),
        capture=proven.capture if proven else None,
    )


def write_build_manifest(generator, writer) -> None:
    settings = generator.settings
    site_url = absolute_site_url(settings)
    project = Path(generator.path).resolve().parent
    manifest = BuildManifest(
        site_url=site_url,
        site_name=settings["SITENAME"],
        generator=f"Pelican {pelican.__version__}",
        source_date=iso_z(generator.context["SOURCE_DATE"]),
        source_date_from=generator.context["SOURCE_DATE_FROM"],
        articles=[article_record(article, project) for article in published_articles(generator)],
        feeds=sorted(generator.context.get(DOCUMENTS, {}).values(), key=lambda feed: feed.path),
        sitemaps=list(generator.context.get(FILES) or ()),
    )
    write_manifest(Path(writer.output_path), manifest)


def register() -> None:
    signals.article_generator_finalized.connect(set_source_date)
    signals.article_writer_finalized.connect(write_build_manifest)
