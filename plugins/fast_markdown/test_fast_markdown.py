"""The reusing reader gives exactly what Pelican's own Markdown reader gives,
file after file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG

from .fast_markdown import ReusingMarkdownReader, register, use_reusing_reader

EXTRA = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

DOCUMENTS = {
    "footnotes.md": (
        "Title: Footnotes\nSummary: With *emphasis* and a note[^a].\n\n"
        "A claim[^a] and another[^b].\n\n[^a]: First note.\n[^b]: Second note.\n"
    ),
    "abbreviations.md": (
        "Title: Abbreviations\nTags: one, two\n\n"
        "The FSA and ISIS.\n\n*[FSA]: Free Syrian Army\n*[ISIS]: Islamic State\n"
    ),
    "references.md": (
        "Title: References\n\nSee [the source][src] and [again][src].\n\n"
        '[src]: https://example.org/a "Source"\n'
    ),
    "table.md": ("Title: Table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```\n"),
    "html.md": (
        'Title: Html\n\n<div markdown="1">\n*inside*\n</div>\n\n'
        "<p>raw</p>\n\nTerm\n:   Definition\n"
    ),
    "plain.md": "Title: Plain\nSummary: No notes here.\n\nJust text, with a [link](https://e.org).\n",
    "no-metadata.md": "Only a body, and a note[^z].\n\n[^z]: The note.\n",
}


def settings(markdown: dict | None = None, formatted: list[str] | None = None) -> dict:
    result = copy.deepcopy(DEFAULT_CONFIG)
    result["MARKDOWN"] = copy.deepcopy(markdown or EXTRA)
    result["FORMATTED_FIELDS"] = ["summary"] if formatted is None else formatted
    return result


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in DOCUMENTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    # Each again, in reverse: state left by any document must not show.
    return paths + paths[::-1]


def read_all(reader: MarkdownReader, paths: list[Path]) -> list[tuple[str, dict]]:
    return [reader.read(str(path)) for path in paths]


@pytest.mark.parametrize("formatted", [["summary"], []])
def test_same_html_and_metadata_as_pelicans_reader(documents, formatted):
    expected = [MarkdownReader(settings(formatted=formatted)).read(str(path)) for path in documents]
    reused = ReusingMarkdownReader(settings(formatted=formatted))
    assert read_all(reused, documents) == expected


def test_unique_footnote_ids_keep_one_converter_per_file(documents):
    unique = copy.deepcopy(EXTRA)
    unique["extension_configs"]["markdown.extensions.footnotes"] = {"UNIQUE_IDS": True}
    expected = [MarkdownReader(settings(unique)).read(str(path)) for path in documents]
    assert read_all(ReusingMarkdownReader(settings(unique)), documents) == expected


def test_replaces_only_pelicans_own_reader():
    class Custom(MarkdownReader):
        pass

    config = settings()
    config["READERS"] = {"mkd": Custom}
    register()
    try:
        readers = Readers(config)
    finally:
        from pelican import signals

        signals.readers_init.disconnect(use_reusing_reader)
    assert type(readers.readers["md"]) is ReusingMarkdownReader
    assert type(readers.readers["mkd"]) is Custom
