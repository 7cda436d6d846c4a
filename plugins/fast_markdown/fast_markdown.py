"""Read every Markdown file with one Markdown converter instead of a new one
per file.

Pelican's Markdown reader builds a ``markdown.Markdown`` object, with all of
its extensions, for each file it reads; at 1,000 articles that setup is about
a tenth of the reading time. Python-Markdown's ``reset()`` clears the state one
document leaves behind (stash, references, footnotes, abbreviations, the
metadata), which is what a new object would give, so the HTML is the same.

Footnotes with ``UNIQUE_IDS`` are the exception: their ids count documents,
so the reader goes back to one converter per file when they are on.

On a machine with several cores the conversions also run ahead in worker
processes (``workers.py``); ``MARKDOWN_WORKERS = 1`` turns that off.
"""

from __future__ import annotations

import logging
import os

from markdown import Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.preprocessors import Preprocessor
from pelican import signals
from pelican.readers import MarkdownReader, Readers
from pelican.utils import pelican_open

from .workers import DEFAULT_MIN_FILES, Prefetch, worker_count

logger = logging.getLogger(__name__)


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
        self.prefetch: Prefetch | None = None

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
        converted = self.prefetch.take(source_path) if self.prefetch else None
        if converted is None:
            md = self._body_md
            md.reset()
            with pelican_open(source_path) as text:
                content = md.convert(text)
            meta = getattr(md, "Meta", None)
        else:
            content, meta = converted
        if meta is None:
            return content, {}
        self._md = self.field_markdown()
        return content, self._parse_metadata(meta)


def use_reusing_reader(readers: Readers) -> None:
    """Replace Pelican's own Markdown reader; a reader set in READERS stays."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def files_to_convert(generator, paths_setting: str, excludes_setting: str) -> list[str]:
    """The generator's Markdown files, in its reading order, that no content
    cache (at the generator or the reader level) already holds."""
    readers = generator.readers
    extensions = {
        extension
        for extension, reader in readers.readers.items()
        if isinstance(reader, ReusingMarkdownReader)
    }
    settings = generator.settings
    files = generator.get_files(settings[paths_setting], exclude=settings[excludes_setting])
    wanted = []
    for relative in files:
        path = os.path.abspath(os.path.join(generator.path, relative))
        if path.rsplit(".", 1)[-1] not in extensions:
            continue
        if generator.get_cached_data(relative, None) is not None:
            continue
        if readers.get_cached_data(path, (None, None))[0] is not None:
            continue
        wanted.append(path)
    return wanted


def start_prefetch(generator, paths_setting: str, excludes_setting: str) -> None:
    readers = [
        reader
        for reader in generator.readers.readers.values()
        if isinstance(reader, ReusingMarkdownReader)
    ]
    settings = generator.settings
    workers = worker_count(settings)
    if not readers or workers < 2:
        return
    # As the readers completed them (with the extensions their configs name).
    markdown_settings = readers[0].settings["MARKDOWN"]
    if counts_documents(Markdown(**markdown_settings)):
        return
    paths = files_to_convert(generator, paths_setting, excludes_setting)
    if len(paths) < settings.get("MARKDOWN_WORKERS_MIN_FILES", DEFAULT_MIN_FILES):
        return
    workers = min(workers, len(paths))
    logger.info("Markdown: %d file(s) in %d worker process(es)", len(paths), workers)
    prefetch = Prefetch(paths, markdown_settings, workers)
    for reader in readers:
        reader.prefetch = prefetch


def stop_prefetch(generator) -> None:
    for reader in generator.readers.readers.values():
        if isinstance(reader, ReusingMarkdownReader) and reader.prefetch is not None:
            reader.prefetch.close()
            reader.prefetch = None


def prefetch_articles(generator) -> None:
    start_prefetch(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def prefetch_pages(generator) -> None:
    start_prefetch(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    signals.article_generator_init.connect(prefetch_articles)
    signals.page_generator_init.connect(prefetch_pages)
    signals.article_generator_finalized.connect(stop_prefetch)
    signals.page_generator_finalized.connect(stop_prefetch)
