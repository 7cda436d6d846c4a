"""The metadata header of a Markdown article, read as Pelican's Markdown
reader reads it: the one reader of headers for the checks, the tests and the
benchmark. Only Python-Markdown's first two preprocessors run (whitespace,
then the meta extension's): a whole Markdown instance would cost more than
the checks themselves on a one-article site.
"""

from __future__ import annotations

from markdown.extensions.meta import MetaPreprocessor
from markdown.preprocessors import NormalizeWhitespace


class HeaderOnly:
    """What the two preprocessors use of a Markdown instance: its tab width
    (Python-Markdown's default) and a place for the metadata."""

    tab_length = 4

    def __init__(self) -> None:
        self.Meta: dict[str, list[str]] = {}


def read_header(text: str) -> tuple[dict[str, str], str]:
    """The file's metadata (lowercase keys, raw string values, as Pelican
    receives them before parsing dates or lists) and its body text."""
    reader = HeaderOnly()
    lines = text.removeprefix("\ufeff").split("\n")
    for step in (NormalizeWhitespace(reader), MetaPreprocessor(reader)):
        lines = step.run(lines)
    metadata = {key: "\n".join(values) for key, values in reader.Meta.items()}
    return metadata, "\n".join(lines).strip()
