"""The three documents of the book: the package document (metadata and the
list of files), the navigation document and the article, as XML text.

They are built here rather than from Jinja templates: compiling three more
templates would cost a one-article build more than all the rest of the book.
Every value is escaped for XML; the article's body comes in as XHTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Book:
    identifier: str
    title: str
    language: str
    date_iso: str  # the article's publication, ISO 8601 with its offset
    date_text: str  # the same, as the site shows it
    modified: str  # CCYY-MM-DDThh:mm:ssZ
    summary: str
    body_xhtml: str
    canonical_url: str
    source_sha256: str
    archive_name: str
    publisher: str = ""
    original_url: str = ""
    photo_alt: str = ""
    photo_caption: str = ""
    photo_credit: str = ""


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ACCESSIBILITY_SUMMARY = (
    "Text only: the article with its headline, date and photo caption, then where it "
    "comes from. Headings and a table of contents lead through it, in reading order. "
    "The photograph is not included; a note in its place says so. Colours and fonts "
    "are left to the reading system."
)


def element(name: str, text: str, attributes: dict[str, str] | None = None) -> str:
    written = "".join(f' {key}="{escape(value)}"' for key, value in (attributes or {}).items())
    return f"<{name}{written}>{escape(text)}</{name}>"


def package_document(book: Book) -> str:
    dc = [
        element("dc:identifier", book.identifier, {"id": "publication-id"}),
        element("dc:title", book.title),
        element("dc:language", book.language),
    ]
    if book.publisher:
        dc.append(element("dc:publisher", book.publisher))
    if book.original_url:
        dc.append(element("dc:source", book.original_url))
    dc += [element("dc:date", book.date_iso), element("dc:description", book.summary)]
    properties = [
        ("dcterms:modified", book.modified),
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", ACCESSIBILITY_SUMMARY),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", book.archive_name),
    ]
    metadata = dc + [element("meta", value, {"property": name}) for name, value in properties]
    lines = "\n    ".join(metadata)
    return (
        XML_DECLARATION
        + '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"'
        + f' unique-identifier="publication-id" xml:lang="{escape(book.language)}">\n'
        + '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + f"    {lines}\n"
        + "  </metadata>\n"
        + "  <manifest>\n"
        + '    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml"'
        + ' properties="nav"/>\n'
        + '    <item id="article" href="article.xhtml" media-type="application/xhtml+xml"/>\n'
        + '    <item id="style" href="style.css" media-type="text/css"/>\n'
        + "  </manifest>\n"
        + '  <spine>\n    <itemref idref="article"/>\n  </spine>\n'
        + "</package>\n"
    )


def xhtml_page(book: Book, title: str, body: str, epub_namespace: bool = False) -> str:
    language = escape(book.language)
    namespaces = ' xmlns:epub="http://www.idpf.org/2007/ops"' if epub_namespace else ""
    return (
        XML_DECLARATION
        + "<!DOCTYPE html>\n"
        + f'<html xmlns="http://www.w3.org/1999/xhtml"{namespaces} lang="{language}"'
        + f' xml:lang="{language}">\n'
        + "<head>\n"
        + '<meta charset="utf-8" />\n'
        + f"{element('title', title)}\n"
        + '<link rel="stylesheet" type="text/css" href="style.css" />\n'
        + "</head>\n"
        + f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def navigation_document(book: Book) -> str:
    toc = (
        '<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">\n'
        '<h1 id="toc-heading">Contents</h1>\n'
        "<ol>\n"
        f'<li><a href="article.xhtml">{escape(book.title)}</a></li>\n'
        '<li><a href="article.xhtml#provenance">Where this article comes from</a></li>\n'
        "</ol>\n"
        "</nav>\n"
    )
    return xhtml_page(book, f"Contents · {book.title}", toc, epub_namespace=True)


def lead_figure(book: Book) -> str:
    if not book.photo_caption:
        return ""
    described = f" ({book.photo_alt})" if book.photo_alt else ""
    credit = book.photo_credit and f" {element('span', book.photo_credit, {'class': 'credit'})}"
    return (
        "<figure>\n"
        + f'<p class="placeholder">{escape(f"Photograph{described} not included in this archive.")}'
        + "</p>\n"
        + f"<figcaption>{escape(book.photo_caption)}{credit}</figcaption>\n"
        + "</figure>\n"
    )


def provenance(book: Book) -> str:
    link = '<a href="{0}">{0}</a>'
    entries = []
    if book.publisher:
        entries.append(("First published by", escape(book.publisher)))
    date = f'<time datetime="{escape(book.date_iso)}">{escape(book.date_text)}</time>'
    entries.append(("Date published", date))
    if book.original_url:
        entries.append(("Original address", link.format(escape(book.original_url))))
    entries.append(("In this archive", link.format(escape(book.canonical_url))))
    entries.append(("SHA-256 of the source text", f"<code>{escape(book.source_sha256)}</code>"))
    listed = "".join(f"<dt>{term}</dt>\n<dd>{value}</dd>\n" for term, value in entries)
    return (
        '<section id="provenance" aria-labelledby="provenance-heading">\n'
        '<h2 id="provenance-heading">Where this article comes from</h2>\n'
        f"<dl>\n{listed}</dl>\n"
        "</section>\n"
    )


def article_document(book: Book) -> str:
    date = f'<time datetime="{escape(book.date_iso)}">{escape(book.date_text)}</time>'
    article = (
        '<article aria-labelledby="headline">\n'
        "<header>\n"
        + element("h1", book.title, {"id": "headline"})
        + f'\n<p class="meta">{date}</p>\n'
        + "</header>\n"
        + lead_figure(book)
        + f'<div class="body">\n{book.body_xhtml}\n</div>\n'
        + "</article>\n"
    )
    return xhtml_page(book, book.title, article + provenance(book))
