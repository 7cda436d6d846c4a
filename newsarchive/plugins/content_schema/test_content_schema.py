"""The content checks, called directly: every file of the malformed corpus
gets its one clear line, and the files checked are those Pelican reads."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from markdown import Markdown
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from newsarchive.devtools.site_builder import ARTICLE_FILE, ARTICLE_SLUG
from newsarchive.devtools.system_tools import ROOT
from newsarchive.header import read_header

from .content_schema import article_files, find_problems

MALFORMED = Path(__file__).parent / "malformed"

EXPECTED = {
    "invalid_date.md": "Date: '2014-02-30T10:00:00-05:00' is not a real date: day is out of range for month",
    "not_a_date.md": "Date: 'July 8th' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "partial_date.md": "Date: '2014-07' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "date_without_timezone.md": "Date: '2014-07-08T09:30:00' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "missing_title.md": "Title: is missing",
    "empty_title.md": "Title: is empty",
    "unknown_status.md": "Status: 'pending' is not one of published, draft, hidden",
    "misspelled_key.md": "Titel: is not a known field; did you mean 'Title'?",
    "duplicate_slug.md": f"Slug: '{ARTICLE_SLUG}' is also used by {ARTICLE_FILE.relative_to(ROOT)}",
    "invalid_utf8.md": "is not UTF-8 text (byte 0xE9 at offset 117)",
    "empty.md": "the file is empty",
    "header_only.md": "has a header but no article text",
    "bad_original_url.md": "Original_url: 'www.ibtimes.com/some-article' is not an absolute http(s) URL",
    "empty_slug.md": "Slug: is empty",
    "control_character.md": "Title: contains control or unassigned characters (U+0007)",
    "tag_without_letters.md": "Tags: tag '&amp;' gives an empty address; use letters or digits",
    "capture_without_source.md": "Capture_sha256: is recorded without Source_sha256; record the source text read from the page too",
}  # fmt: skip


def article_generator(content: Path, **changes) -> ArticlesGenerator:
    """Pelican's own article generator for a content folder. A build earlier
    in this process leaves the site's plugins connected to Pelican's signals:
    they are muted while the generator starts."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(content), ARTICLE_PATHS=[""], PLUGINS=[], **changes)
    with signals.generator_init.muted(), signals.article_generator_init.muted():
        return ArticlesGenerator(
            context={}, settings=settings, path=str(content), theme=settings["THEME"],
            output_path=str(content.parent / "output"),
        )  # fmt: skip


@pytest.fixture(autouse=True)
def from_the_project(monkeypatch):
    """Paths in messages are relative to where the build runs."""
    monkeypatch.chdir(ROOT)


def test_every_corpus_file_has_an_expectation():
    assert {p.name for p in MALFORMED.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gets_its_line(name):
    path = MALFORMED / name
    lines = [str(problem) for problem in find_problems([path, ARTICLE_FILE])]
    shown = path.relative_to(ROOT)
    assert f"{shown}: {EXPECTED[name]}" in lines


def test_the_real_article_passes():
    assert find_problems([ARTICLE_FILE]) == []


def test_every_problem_of_a_file_is_reported():
    problems = find_problems([MALFORMED / "misspelled_key.md"])
    assert [(p.field, p.message) for p in problems] == [
        ("Title", "is missing"),
        ("Titel", "is not a known field; did you mean 'Title'?"),
    ]


def test_a_file_that_is_not_markdown_is_a_problem(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Draft notes\n", encoding="utf-8")
    (problem,) = find_problems([notes])
    assert problem.message == (
        "is not a Markdown (.md) file; articles are Markdown: rename it to .md, move it "
        "out of content/, or add a pattern for it to IGNORE_FILES in pelicanconf.py"
    )


def test_a_malformed_digest_is_a_problem(tmp_path):
    header = "Title: T\nDate: 2014-07-08T00:00:00-04:00\nCategory: World\nSummary: S.\n"
    for number, value in enumerate(["F8F7" * 16, "f8f7" * 15, "g" * 64]):
        (tmp_path / f"a{number}.md").write_text(
            f"{header}Slug: a{number}\nSource_sha256: {value}\n\nText.\n", encoding="utf-8"
        )
    problems = find_problems(tmp_path.glob("*.md"))
    assert [p.field for p in problems] == ["Source_sha256"] * 3


@pytest.mark.parametrize(
    "text",
    [
        "Title: Plain\nTags: a, b\n\nBody.\n",
        "---\nTitle: YAML style\nSummary: One\n    and two lines\n---\n\nBody.\n",
        "Title: Windows\r\nDate:\t2014-07-08T00:00:00-04:00\r\n\r\nBody.\r\n",
        "Title: Spaces after\n   \nBody after a line of spaces.\n",
        "No header at all.\n",
    ],
)
def test_header_is_what_python_markdowns_meta_extension_reads(text):
    md = Markdown(extensions=["markdown.extensions.meta"])
    md.convert(text)
    expected = {key: "\n".join(values) for key, values in md.Meta.items()}
    assert read_header(text)[0] == expected


def test_header_is_read_as_pelicans_markdown_reader_reads_it():
    text = ARTICLE_FILE.read_text(encoding="utf-8")
    metadata, body = read_header(text)
    md = Markdown(extensions=["markdown.extensions.meta"])
    md.convert(text)
    assert metadata == {key: "\n".join(values) for key, values in md.Meta.items()}
    assert metadata["tags"] == "Syria, Aleppo, ISIS, Free Syrian Army"
    assert body.startswith("Soldiers with the Islamic State")
    assert read_header("\ufeffTitle: With a BOM\n\nText.")[0] == {"title": "With a BOM"}


def test_files_are_listed_as_pelican_lists_them(tmp_path):
    """ARTICLE_EXCLUDES and IGNORE_FILES leave files out of the checks, as
    they leave them out of the site."""
    content = tmp_path / "content"
    (content / "drafts").mkdir(parents=True)
    shutil.copy(MALFORMED / "empty.md", content / "drafts" / "empty.md")
    shutil.copy(MALFORMED / "empty.md", content / "ignored.md")
    shutil.copy(ARTICLE_FILE, content / "article.md")
    (content / "notes.txt").write_text("Not an article.\n", encoding="utf-8")
    generator = article_generator(content, ARTICLE_EXCLUDES=["drafts"], IGNORE_FILES=["ignored.md"])
    listed = sorted(path.relative_to(content).as_posix() for path in article_files(generator))
    assert listed == ["article.md", "notes.txt"]
