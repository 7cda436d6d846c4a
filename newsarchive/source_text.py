"""The plain-text source of an article, as kept in provenance/: line 1 is the
photograph's alt text, line 2 its caption and credit, then a blank line, then
the paragraphs, separated by blank lines. A line break inside a paragraph is
kept (a <br> of the page it came from). Read by the build's source proof,
written by `make add`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PROVENANCE = "provenance"
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
# Allowed in a source besides printable text: tabs and line breaks.
CONTROL_CATEGORIES = ("Cc", "Cs", "Cn")


class SourceFormatError(ValueError):
    """The text is not a source in this format; the message says where."""


@dataclass(frozen=True)
class SourceText:
    alt: str
    caption: str
    paragraphs: tuple[str, ...]


def control_characters(text: str) -> str | None:
    """The first control or unassigned character and its line, or None.
    Python-Markdown uses two of them as its own placeholders."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        return None  # the quick answer for nearly every text
    for number, line in enumerate(text.split("\n"), 1):
        for character in line:
            if character != "\t" and unicodedata.category(character) in CONTROL_CATEGORIES:
                return f"line {number} holds the control character U+{ord(character):04X}"
    return None


def parse_source_text(text: str) -> SourceText:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if problem := control_characters(text):
        raise SourceFormatError(problem)
    lines = text.split("\n", 3)
    if len(lines) < 4 or lines[2].strip():
        raise SourceFormatError(
            "is not a source text: line 1 is the photo's alt text, line 2 its caption "
            "and credit, line 3 is blank, then the paragraphs"
        )
    paragraphs = tuple(
        "\n".join(line.strip() for line in block.strip().split("\n"))
        for block in BLANK_LINES.split(lines[3])
        if block.strip()
    )
    if not paragraphs:
        raise SourceFormatError("has no paragraph after line 3")
    return SourceText(lines[0].strip(), lines[1].strip(), paragraphs)


def format_source_text(source: SourceText) -> str:
    """The text parse_source_text reads back as the same SourceText."""
    for line, name in ((source.alt, "alt text"), (source.caption, "caption")):
        if "\n" in line:
            raise SourceFormatError(f"the photo's {name} must be one line")
    if not source.paragraphs:
        raise SourceFormatError("has no paragraph")
    for paragraph in source.paragraphs:
        if not paragraph.strip() or BLANK_LINES.search(paragraph):
            raise SourceFormatError("a paragraph is empty or holds a blank line")
    body = "\n\n".join(source.paragraphs)
    return f"{source.alt}\n{source.caption}\n\n{body}\n"
