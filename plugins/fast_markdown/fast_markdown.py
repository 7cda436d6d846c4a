"""Read every Markdown file with one Markdown converter instead of a new one
per file.

Pelican's Markdown reader builds a ``markdown.Markdown`` object, with all of
its extensions, for each file it reads; at 1,000 articles that setup is about
a tenth of the reading time. Python-Markdown's ``reset()`` clears the state one
document leaves behind (stash, references, footnotes, abbreviations, the
metadata), which is what a new object would give, so the HTML is the same.

Footnotes with ``UNIQUE_IDS`` are the exception: their ids count documents,
so the reader goes back to one converter per file when they are on.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.preprocessors import Preprocessor
from pelican import signals
from pelican.readers import MarkdownReader, Readers
from pelican.utils import pelican_open


class _KeepLines(Preprocessor):
    """Stands in for the metadata preprocessor, which Pelican's metadata
    formatting removes from the converter it is given."""

    def run(self, lines: list[str]) -> list[str]:
        return lines


def counts_documents(md: Markdown) -> bool:
    return any(
        isinstance(extension, FootnoteExtension) and extension.getConfig("UNIQUE_IDS")
        for extension in md.registeredExtensions
    )


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader with one converter for the bodies and one for
    the metadata fields, each used for every file."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._body_md: Markdown | None = None
        self._field_md: Markdown | None = None
        self._reuse = True

    def new_markdown(self) -> Markdown:
        return Markdown(**self.settings["MARKDOWN"])

    def field_markdown(self) -> Markdown:
        """The converter given to Pelican's metadata parsing, which removes
        its "meta" preprocessor, then resets it for each formatted field."""
        if self._field_md is None:
            self._field_md = self.new_markdown()
        md = self._field_md
        if "meta" not in md.preprocessors:
            md.preprocessors.register(_KeepLines(md), "meta", 27)
        return md

    def read(self, source_path: str) -> tuple[str, dict]:
        if self._body_md is None:
            self._body_md = self.new_markdown()
            self._reuse = not counts_documents(self._body_md)
        if not self._reuse:
            return super().read(source_path)
        self._source_path = source_path
        md = self._body_md
        md.reset()
        with pelican_open(source_path) as text:
            content = md.convert(text)
        meta = getattr(md, "Meta", None)
        if meta is None:
            return content, {}
        self._md = self.field_markdown()
        return content, self._parse_metadata(meta)


def use_reusing_reader(readers: Readers) -> None:
    """Replace Pelican's own Markdown reader; a reader set in READERS stays."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
