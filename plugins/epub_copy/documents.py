"""Fill the theme's EPUB files (theme/epub/): Python format strings, whose
every {name} takes a value escaped for XML or markup built here from escaped
values. They are not Jinja templates: compiling three more templates would
cost a one-article build more than the rest of the book.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

# In the book: the theme's file it is made from.
DOCUMENTS = {
    "META-INF/container.xml": "container.xml",
    "EPUB/package.opf": "package.opf",
    "EPUB/nav.xhtml": "nav.xhtml",
    "EPUB/article.xhtml": "article.xhtml",
}
DUBLIN_CORE = ("identifier", "title", "lang", "publisher", "original_url", "date", "summary")


def tag(name: str, text: str, **attributes: str) -> str:
    written = "".join(f' {key}="{escape(value)}"' for key, value in attributes.items())
    return f"<{name}{written}>{escape(text)}</{name}>"


def dublin_core(book: dict[str, str]) -> str:
    names = {"lang": "language", "original_url": "source", "summary": "description"}
    elements = [
        tag(f"dc:{names.get(key, key)}", book[key], **({"id": "id"} if key == "identifier" else {}))
        for key in DUBLIN_CORE
        if book[key]
    ]
    return "\n    ".join(elements)


def figure(book: dict[str, str]) -> str:
    if not book["photo_caption"]:
        return ""
    alt = f" ({book['photo_alt']})" if book["photo_alt"] else ""
    note = tag("p", f"Photograph{alt} not included in this archive.", **{"class": "placeholder"})
    credit = book["photo_credit"] and " " + tag("span", book["photo_credit"], **{"class": "credit"})
    caption = f"<figcaption>{escape(book['photo_caption'])}{credit}</figcaption>"
    return f"<figure>\n{note}\n{caption}\n</figure>\n"


def provenance(book: dict[str, str], date: str) -> str:
    link = '<a href="{0}">{0}</a>'
    rows = [
        ("First published by", escape(book["publisher"])),
        ("Date published", date),
        ("Original address", book["original_url"] and link.format(escape(book["original_url"]))),
        ("In this archive", link.format(escape(book["canonical_url"]))),
        ("SHA-256 of the source text", f"<code>{escape(book['source_sha256'])}</code>"),
    ]
    return "".join(f"<dt>{term}</dt>\n<dd>{value}</dd>\n" for term, value in rows if value)


def documents(book: dict[str, str], folder: Path) -> dict[str, str]:
    """Each document of the book, by its name in the book."""
    date = tag("time", book["date_text"], datetime=book["date"])
    values = {key: escape(value) for key, value in book.items()}
    values |= {"dublin_core": dublin_core(book), "date": date, "body": book["body"]}
    values |= {"figure": figure(book), "provenance": provenance(book, date)}
    return {
        name: (folder / source).read_text(encoding="utf-8").format(**values)
        for name, source in DOCUMENTS.items()
    }
