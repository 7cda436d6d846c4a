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
from pelican.generators import Generator
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


# The settings naming each generator's folders and exclusions, in the order
# Pelican reads them: articles, then pages.
CONTENT_KINDS = (("ARTICLE_PATHS", "ARTICLE_EXCLUDES"), ("PAGE_PATHS", "PAGE_EXCLUDES"))

# Conversions running for this build: started before the content checks on a
# cold build, or by each generator when a content cache may hold files.
_running: list[Prefetch] = []
# The conversions started before the checks, until this build's generators
# take them: a later build (pelican --autoreload) must never get them.
_before_checks: list[Prefetch] = []
# The articles' and pages' generators of one build share them.
_this_build: list[Prefetch] = []


class _ContentFiles:
    """Lists content files with Pelican's own generator code, so the list,
    and its order, are those the generators will read."""

    get_files = Generator.get_files
    _include_path = Generator._include_path

    def __init__(self, settings: dict, readers: Readers) -> None:
        self.path = settings["PATH"]
        self.settings = settings
        self.readers = readers


def markdown_readers(readers: Readers) -> list[ReusingMarkdownReader]:
    return [r for r in readers.readers.values() if isinstance(r, ReusingMarkdownReader)]


def markdown_paths(lister, readers: Readers, kinds=CONTENT_KINDS, cached=None) -> list[str]:
    """Absolute paths of the Markdown files to convert, in reading order;
    ``cached(relative, absolute)`` says which a cache holds."""
    extensions = {ext for ext, r in readers.readers.items() if isinstance(r, ReusingMarkdownReader)}
    settings = lister.settings
    wanted: dict[str, None] = {}
    for paths_setting, excludes_setting in kinds:
        for relative in lister.get_files(settings[paths_setting], settings[excludes_setting]):
            path = os.path.abspath(os.path.join(lister.path, relative))
            if path.rsplit(".", 1)[-1] not in extensions or path in wanted:
                continue
            if cached is None or not cached(relative, path):
                wanted[path] = None
    return list(wanted)


def start_prefetch(settings: dict, readers: Readers, paths: list[str]) -> Prefetch | None:
    """Start converting in workers, if settings, machine and file count call for it."""
    found = markdown_readers(readers)
    workers = worker_count(settings)
    if not found or workers < 2:
        return None
    # As the readers completed them (with the extensions their configs name).
    markdown_settings = found[0].settings["MARKDOWN"]
    if counts_documents(Markdown(**markdown_settings)):
        return None
    if len(paths) < settings.get("MARKDOWN_WORKERS_MIN_FILES", DEFAULT_MIN_FILES):
        return None
    workers = min(workers, len(paths))
    logger.info("Markdown: %d file(s) in %d worker process(es)", len(paths), workers)
    prefetch = Prefetch(paths, markdown_settings, workers)
    _running.append(prefetch)
    return prefetch


def prefetch_before_checks(pelican_object) -> None:
    """On a cold build, start converting every Markdown file while the rest
    of the start-up (the content checks among it) runs."""
    settings = pelican_object.settings
    if settings.get("LOAD_CONTENT_CACHE") or worker_count(settings) < 2:
        return
    readers = Readers(settings)
    paths = markdown_paths(_ContentFiles(settings, readers), readers)
    prefetch = start_prefetch(settings, readers, paths)
    if prefetch is not None:
        _before_checks.append(prefetch)


def attach_prefetch(generator, kind: tuple[str, str]) -> None:
    """Give the generator's Markdown readers the conversions started before
    the checks, or, with a content cache, start them for the generator's own
    files that the cache does not hold."""
    if generator.settings.get("LOAD_CONTENT_CACHE"):
        readers = generator.readers

        def cached(relative: str, path: str) -> bool:
            if generator.get_cached_data(relative, None) is not None:
                return True
            return readers.get_cached_data(path, (None, None))[0] is not None

        paths = markdown_paths(generator, readers, (kind,), cached)
        prefetch = start_prefetch(generator.settings, readers, paths)
    else:
        prefetch = _this_build[0] if _this_build else None
    for reader in markdown_readers(generator.readers):
        reader.prefetch = prefetch


def attach_to_articles(generator) -> None:
    # The articles' generator is the first of a build.
    for leftover in _this_build:
        leftover.close()
    _this_build[:] = _before_checks
    _before_checks.clear()
    attach_prefetch(generator, CONTENT_KINDS[0])


def attach_to_pages(generator) -> None:
    attach_prefetch(generator, CONTENT_KINDS[1])


def stop_prefetch(*_args) -> None:
    while _running:
        _running.pop().close()
    _this_build.clear()


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    # Before the content checks (plugins/content_schema), when this plugin is
    # listed first: conversions and checks then run side by side.
    signals.initialized.connect(prefetch_before_checks)
    signals.article_generator_init.connect(attach_to_articles)
    signals.page_generator_init.connect(attach_to_pages)
    signals.all_generators_finalized.connect(stop_prefetch)
    signals.finalized.connect(stop_prefetch)
