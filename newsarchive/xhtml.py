"""Serialize HTML as XHTML, which an EPUB requires: void elements closed,
every attribute given a value, text escaped for XML, named entities decoded."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from html import escape
from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


class XhtmlWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def start(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> None:
        written = "".join(f' {name}="{escape(value or name)}"' for name, value in attrs)
        self.parts.append(f"<{tag}{written}{' />' if close else '>'}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, close=tag in VOID_ELEMENTS)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, close=True)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(escape(data, quote=False))


def to_xhtml(html: str) -> str:
    """The same elements and text as XHTML; comments are left out. Raises
    ValueError when the result is not well-formed XML (mismatched tags)."""
    writer = XhtmlWriter()
    writer.feed(html)
    writer.close()
    xhtml = "".join(writer.parts)
    try:
        ElementTree.fromstring(f"<div>{xhtml}</div>")
    except ElementTree.ParseError as error:
        raise ValueError(f"the article's HTML does not make well-formed XHTML: {error}") from None
    return xhtml
