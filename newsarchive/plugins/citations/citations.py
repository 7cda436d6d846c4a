"""What a reader needs to cite an article: its absolute address in this
archive (``archived_url``, on every article), and for each article that
records its Source_sha256 two citation files beside its page, named by
BIB_SAVE_AS (BibTeX) and RIS_SAVE_AS (RIS); an empty setting writes none.

Both files describe the article as first published: a newspaper article of
its Publisher, with its headline, date, section and tags. The address they
give is the archived copy, the one the reader consulted, as the style guides
ask of a copy read in an archive; the original address is in a note. The
page's own citation line and meta tags are the theme's (partials/cite.html,
partials/citation_meta.html).
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from newsarchive.citation_formats import Citation, bibtex, ris
from newsarchive.plugins.copies import archived_url, copy_name


def citation_of(article) -> Citation:
    """The article as a citation: first publication, read in this archive."""
    metadata = article.metadata
    date = article.date
    archive = article.settings["SITENAME"]
    return Citation(
        key=article.slug,
        title=article.title,
        publication=metadata.get("publisher") or archive,
        year=date.year,
        month=date.month,
        day=date.day,
        section=article.category.name,
        tags=tuple(tag.name for tag in getattr(article, "tags", None) or ()),
        language=article.lang,
        abstract=metadata.get("summary", ""),
        url=article.archived_url,
        original_url=metadata.get("original_url", ""),
        archive=archive,
    )


FORMATS = {"BIB_SAVE_AS": ("bib_url", bibtex), "RIS_SAVE_AS": ("ris_url", ris)}


def mark_citable(content) -> None:
    if not isinstance(content, Article):
        return
    content.archived_url = archived_url(content)
    for setting, (attribute, _render) in FORMATS.items():
        if name := copy_name(content, setting):
            setattr(content, attribute, name)


def write_citations(generator, writer) -> None:
    for article in chain(generator.articles, generator.hidden_articles):
        for attribute, render in FORMATS.values():
            if name := getattr(article, attribute, None):
                destination = Path(writer.output_path, name)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(render(citation_of(article)).encode("utf-8"))


def register() -> None:
    signals.content_object_init.connect(mark_citable)
    signals.article_writer_finalized.connect(write_citations)
