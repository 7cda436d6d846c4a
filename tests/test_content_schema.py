"""Each malformed content file fails the build with one clear line naming the
file and the field, and leaves the last good output untouched."""

import shutil
from pathlib import Path

import pytest

from tests.site_builder import build, copy_project, output_files

MALFORMED = Path(__file__).parent / "malformed"
SLUG = "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support"

EXPECTED_LINES = {
    "invalid_date.md": "Date: '2014-02-30T10:00:00-05:00' is not a real date: day is out of range for month",
    "not_a_date.md": "Date: 'July 8th' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "partial_date.md": "Date: '2014-07' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "date_without_timezone.md": "Date: '2014-07-08T09:30:00' is not a complete ISO 8601 date-time with a timezone (for example 2014-07-08T09:30:00-04:00)",
    "missing_title.md": "Title: is missing",
    "empty_title.md": "Title: is empty",
    "unknown_status.md": "Status: 'pending' is not one of published, draft, hidden",
    "misspelled_key.md": "Titel: is not a known field; did you mean 'Title'?",
    "duplicate_slug.md": f"Slug: '{SLUG}' is also used by content/syrian-opposition-braces-second-battle-aleppo.md",
    "invalid_utf8.md": "is not UTF-8 text (byte 0xE9 at offset 117)",
    "empty.md": "the file is empty",
    "header_only.md": "has a header but no article text",
    "bad_original_url.md": "Original_url: 'www.ibtimes.com/some-article' is not an absolute http(s) URL",
    "empty_slug.md": "Slug: is empty",
    "control_character.md": "Title: contains control or unassigned characters (U+0007)",
    "tag_without_letters.md": "Tags: tag '&amp;' gives an empty address; use letters or digits",
}  # fmt: skip


def test_every_corpus_file_has_an_expectation():
    assert {p.name for p in MALFORMED.glob("*.md")} == set(EXPECTED_LINES)


@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_malformed_file_fails_the_build(tmp_path, name):
    project = copy_project(tmp_path / "site")
    shutil.copy(MALFORMED / name, project / "content" / name)
    result = build(project)
    assert result.returncode == 2, result.log
    lines = result.stderr.splitlines()
    assert f"error: content/{name}: {EXPECTED_LINES[name]}" in lines, result.stderr
    assert not result.output.exists()


def test_a_file_that_is_not_markdown_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "site")
    (project / "content" / "notes.txt").write_text("Draft notes\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 2
    assert "error: content/notes.txt: is not a Markdown (.md) file" in result.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    project = copy_project(tmp_path / "site")
    for name in ("partial_date.md", "misspelled_key.md", "empty.md"):
        shutil.copy(MALFORMED / name, project / "content" / name)
    result = build(project)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: content/")]
    # misspelled_key.md has two problems: the unknown key and the missing title.
    assert len(errors) == 4, result.stderr
    assert "error: 4 problem(s) in content; nothing was written" in result.stderr


def test_failed_build_leaves_last_good_output_byte_identical(tmp_path):
    project = copy_project(tmp_path / "site")
    good = build(project)
    assert good.returncode == 0, good.log
    before = output_files(good.output)
    shutil.copy(MALFORMED / "partial_date.md", project / "content" / "partial_date.md")
    failed = build(project)
    assert failed.returncode != 0
    assert "output/ kept as it was" in failed.stderr
    assert output_files(good.output) == before
