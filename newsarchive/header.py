"""The metadata header of a Markdown article, read as Pelican's Markdown
reader reads it: the one reader of headers for the checks, the tests and the
benchmark. Only Python-Markdown's first two preprocessors run (whitespace,
then the meta extension's), on the header alone: a whole Markdown instance
would cost more than the checks themselves on a one-article site.
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
    receives them before parsing dates or lists) and its body text (its
    lines ending in "\n", otherwise as written).

    The header ends at the first blank line at the latest, so only that much
    goes through the preprocessors: normalizing a whole article here would
    double what Pelican's reader does with it next."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    reader = HeaderOnly()
    head = lines[: end + 1]
    for step in (NormalizeWhitespace(reader), MetaPreprocessor(reader)):
        head = step.run(head)
    metadata = {key: "\n".join(values) for key, values in reader.Meta.items()}
    return metadata, "\n".join(head + lines[end + 1 :]).strip()
