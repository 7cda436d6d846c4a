"""The plain-text source of an article, as kept in provenance/: line 1 is the
photograph's alt text, line 2 its caption and credit, then a blank line, then
the paragraphs, separated by blank lines. A line break inside a paragraph is
kept (a <br> of the page it came from). A paragraph's lines are read without
HTML's whitespace at their ends, and lines 1 and 2 as header values, without
any (newsarchive.whitespace). Read by the build's source proof, written by
`make add`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsarchive.article_schema import FORBIDDEN_CATEGORIES
from newsarchive.whitespace import HTML_WHITESPACE, header_value

PROVENANCE = "provenance"
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


class SourceFormatError(ValueError):
    """The text is not a source in this format; the message says where."""


@dataclass(frozen=True)
class SourceText:
    alt: str
    caption: str
    paragraphs: tuple[str, ...]


def control_character(text: str) -> tuple[int, str] | None:
    """The line number and the first control or unassigned character, or
    None. Python-Markdown uses two of them as its own placeholders."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        return None  # the quick answer for nearly every text
    for number, line in enumerate(text.split("\n"), 1):
        for character in line:
            # A tab is allowed in a source, as a line break is in a header.
            if character != "\t" and unicodedata.category(character) in FORBIDDEN_CATEGORIES:
                return number, character
    return None


def holds(character: str) -> str:
    return f"holds the control character U+{ord(character):04X}"


def parse_source_text(text: str) -> SourceText:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if found := control_character(text):
        raise SourceFormatError(f"line {found[0]} {holds(found[1])}")
    lines = text.split("\n", 3)
    if len(lines) < 4 or lines[2].strip(HTML_WHITESPACE):
        raise SourceFormatError(
            "is not a source text: line 1 is the photo's alt text, line 2 its caption "
            "and credit, line 3 is blank, then the paragraphs"
        )
    paragraphs = tuple(
        "\n".join(line.strip(HTML_WHITESPACE) for line in block.split("\n"))
        for block in BLANK_LINES.split(lines[3].strip(HTML_WHITESPACE))
        if block
    )
    if not paragraphs:
        raise SourceFormatError("has no paragraph after line 3")
    return SourceText(header_value(lines[0]), header_value(lines[1]), paragraphs)


def format_source_text(source: SourceText) -> str:
    """The text parse_source_text reads back as the same SourceText; a
    SourceFormatError names the part that cannot be written."""
    parts = [("the photo's alt text", source.alt), ("the photo's caption", source.caption)]
    for name, line in parts:
        if "\n" in line:
            raise SourceFormatError(f"{name} must be one line")
    if not source.paragraphs:
        raise SourceFormatError("has no paragraph")
    parts += [(f"paragraph {n}", text) for n, text in enumerate(source.paragraphs, 1)]
    for name, text in parts:
        if found := control_character(text):
            raise SourceFormatError(f"{name} {holds(found[1])}")
    for paragraph in source.paragraphs:
        if not paragraph.strip(HTML_WHITESPACE) or BLANK_LINES.search(paragraph):
            raise SourceFormatError("a paragraph is empty or holds a blank line")
    body = "\n\n".join(source.paragraphs)
    return f"{source.alt}\n{source.caption}\n\n{body}\n"
