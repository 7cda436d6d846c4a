"""Incremental builds (Pelican's content cache on) give exactly the files a
cold build gives, whatever changed in between, while pages made only from
unchanged inputs are not rendered again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic_site import write_articles
from tests.site_builder import ARTICLE_FILE, ARTICLE_SLUG, copy_project, output_files

SKIPPED = re.compile(r"page cache: (\d+) page\(s\) unchanged and not rendered, (\d+) recorded")
ARTICLES = 30


def pelican(project: Path, output: Path, *extra: str, cached: bool = True) -> str:
    command = [sys.executable, "-m", "pelican", "content", "--settings", "publishconf.py"]
    command += ["--output", str(output), "--fatal", "warnings", "--verbose"]
    settings = list(extra)
    if cached:
        settings += ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", 'CACHE_PATH="cache"']
    if settings:
        command += ["--extra-settings", *settings]
    env = dict(os.environ, PYTHONHASHSEED="0", SITEURL="http://localhost:8000", COLUMNS="300")
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def skipped_pages(log: str) -> int:
    match = SKIPPED.search(log)
    assert match, log
    return int(match.group(1))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with synthetic articles, built once with the
    cache on (a warm cache and output)."""
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    write_articles(project / "content", ARTICLES, seed=5)
    log = pelican(project, project / "output")
    assert skipped_pages(log) == 0
    return project


def article_files(project: Path) -> list[Path]:
    files = sorted((project / "content").glob("*.md"))
    assert len(files) == ARTICLES
    return [f for f in files if f.name != ARTICLE_FILE.name]


def header_value(path: Path, key: str) -> str:
    match = re.search(rf"^{key}: (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, (path, key)
    return match.group(1)


def set_header(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def append_paragraph(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n", "utf-8")


def edit_body(project: Path) -> None:
    append_paragraph(project / "content" / ARTICLE_FILE.name, "Correction: " + "word " * 400)


def edit_title(project: Path) -> None:
    set_header(article_files(project)[3], "Title", "A New Title, With “Quotes” — And A Dash")


def edit_tags(project: Path) -> None:
    set_header(article_files(project)[4], "Tags", "Kurds, x12, Brand New Tag")


def add_article(project: Path) -> None:
    source = article_files(project)[5]
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^Slug: .*$", "Slug: a-late-addition", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^Title: .*$", "Title: A Late Addition", text, count=1, flags=re.MULTILINE)
    (project / "content" / "late-addition.md").write_text(text, encoding="utf-8")


def edit_template(project: Path) -> None:
    template = project / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# edited #}\n", "utf-8")
    partial = project / "theme" / "templates" / "partials" / "article_list.html"
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("<li", '<li data-edited=""', 1), encoding="utf-8")


def edit_stylesheet(project: Path) -> None:
    css = project / "theme" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nmain { outline: 0; }\n", "utf-8")


def tamper_output(project: Path) -> None:
    page = project / "output" / f"{ARTICLE_SLUG}.html"
    page.write_text("tampered", encoding="utf-8")
    (project / "output" / "tags.html").unlink()


CHANGES: dict[str, Callable[[Path], None]] = {
    "an article's text": edit_body,
    "an article's title": edit_title,
    "an article's tags": edit_tags,
    "a new article": add_article,
    "a template and a partial": edit_template,
    "the stylesheet": edit_stylesheet,
    "output files changed or deleted by hand": tamper_output,
}


@pytest.mark.parametrize("change", CHANGES)
def test_incremental_build_equals_a_cold_build(project: Path, change: str):
    CHANGES[change](project)
    pelican(project, project / "output")
    pelican(project, project / "cold", cached=False)
    assert output_files(project / "output") == output_files(project / "cold")


def test_a_changed_setting_is_seen(project: Path):
    extra = 'SITENAME="Another Name"'
    log = pelican(project, project / "output", extra)
    assert skipped_pages(log) == 0
    pelican(project, project / "cold", extra, cached=False)
    assert output_files(project / "output") == output_files(project / "cold")
    assert "Another Name" in (project / "output" / f"{ARTICLE_SLUG}.html").read_text("utf-8")


def test_only_pages_made_from_the_edit_are_rendered(project: Path):
    output = project / "output"
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*.html")}
    edited, untouched = article_files(project)[0], article_files(project)[1]
    append_paragraph(edited, "A further paragraph.")
    log = pelican(project, output)

    edited_page = output / f"{header_value(edited, 'Slug')}.html"
    untouched_page = output / f"{header_value(untouched, 'Slug')}.html"
    assert "A further paragraph." in edited_page.read_text(encoding="utf-8")
    assert edited_page.stat().st_mtime_ns != before[edited_page]
    assert untouched_page.stat().st_mtime_ns == before[untouched_page]
    # Its page and the listings it is in (index, its category, its tags, ...)
    # are rendered again; every other article page is not.
    rewritten = [path for path, mtime in before.items() if path.stat().st_mtime_ns != mtime]
    assert skipped_pages(log) >= ARTICLES - 1
    assert len(rewritten) < len(before) / 2


def test_links_to_another_article_follow_its_new_address(project: Path):
    linking, linked = article_files(project)[6], article_files(project)[7]
    append_paragraph(linking, f"See [the other report]({{filename}}/{linked.name}).")
    pelican(project, project / "output")
    old_page = f"{header_value(linked, 'Slug')}.html"
    set_header(linked, "Slug", "a-moved-report")
    pelican(project, project / "output")
    page = project / "output" / f"{header_value(linking, 'Slug')}.html"
    assert 'href="./a-moved-report.html"' in page.read_text(encoding="utf-8")
    pelican(project, project / "cold", cached=False)
    incremental, cold = output_files(project / "output"), output_files(project / "cold")
    # Pelican leaves the page of the old address in an output folder it
    # reuses; nothing links to it any more.
    assert set(incremental) - set(cold) == {old_page}
    del incremental[old_page]
    assert incremental == cold
    assert not any(old_page.encode() in data for data in cold.values())


def failing_build(project: Path, *extra: str, returncode: int = 2) -> str:
    """A cached build that must fail (2: the content checks stop it); its log."""
    command = [sys.executable, "-m", "pelican", "content", "--settings", "publishconf.py"]
    command += ["--output", "output", "--fatal", "warnings", "--extra-settings", *extra]
    command += ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", 'CACHE_PATH="cache"']
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert result.returncode == returncode, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_file_made_invalid_after_it_passed_still_stops_the_build(project: Path):
    set_header(article_files(project)[2], "Date", "2014-02-30T10:00:00-05:00")
    stderr = failing_build(project)
    assert "Date: '2014-02-30T10:00:00-05:00' is not a real date" in stderr
    assert "error: 1 problem(s) in content; nothing was written" in stderr


def test_a_new_file_with_the_slug_of_a_cached_one_stops_the_build(project: Path):
    existing = article_files(project)[8]
    copy = project / "content" / "copy-of-a-report.md"
    copy.write_text(existing.read_text(encoding="utf-8"), encoding="utf-8")
    stderr = failing_build(project)
    slug = header_value(existing, "Slug")
    shown = f"content/copy-of-a-report.md: Slug: {slug!r} is also used by content/{existing.name}"
    assert shown in stderr


def test_only_files_the_cache_lacks_are_converted_in_workers(project: Path):
    workers = ("MARKDOWN_WORKERS=2", "MARKDOWN_WORKERS_MIN_FILES=2")
    append_paragraph(article_files(project)[9], "One more paragraph.")
    log = pelican(project, project / "output", *workers)
    assert "Markdown: " not in log, "one file to convert is below the minimum of two"
    for path in article_files(project)[10:12]:
        append_paragraph(path, "One more paragraph.")
    log = pelican(project, project / "output", *workers)
    assert "Markdown: 2 file(s) in 2 worker process(es)" in log
    assert log.count("Markdown: ") == 1, log
    pelican(project, project / "cold", *workers, cached=False)
    assert output_files(project / "output") == output_files(project / "cold")


def rebuild_equals_cold(project: Path, *extra: str) -> str:
    log = pelican(project, project / "output", *extra)
    pelican(project, project / "cold", *extra, cached=False)
    assert output_files(project / "output") == output_files(project / "cold")
    return log


def test_a_template_page_outside_the_theme_is_followed(project: Path):
    about = project / "extra" / "about.html"
    about.parent.mkdir()
    about.write_text("<!doctype html>\n<title>About</title>\n<p>First text</p>\n", "utf-8")
    setting = 'TEMPLATE_PAGES={"../extra/about.html": "about.html"}'
    pelican(project, project / "output", setting)
    about.write_text(about.read_text(encoding="utf-8").replace("First", "Second"), "utf-8")
    rebuild_equals_cold(project, setting)
    assert "Second text" in (project / "output" / "about.html").read_text(encoding="utf-8")


def test_a_theme_override_is_followed(project: Path):
    overrides = project / "overrides"
    overrides.mkdir()
    page = (project / "theme" / "templates" / "404.html").read_text(encoding="utf-8")
    heading = "<h1>Page not found</h1>"
    assert heading in page
    (overrides / "404.html").write_text(page.replace(heading, heading + "<p>v1</p>"), "utf-8")
    setting = f'THEME_TEMPLATES_OVERRIDES=["{overrides}"]'
    pelican(project, project / "output", setting)
    assert "<p>v1</p>" in (project / "output" / "404.html").read_text(encoding="utf-8")
    (overrides / "404.html").write_text(page.replace(heading, heading + "<p>v2</p>"), "utf-8")
    rebuild_equals_cold(project, setting)
    assert "<p>v2</p>" in (project / "output" / "404.html").read_text(encoding="utf-8")


def test_an_include_that_may_be_missing_renders_every_time(project: Path):
    article = project / "theme" / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    marker = "{% block content %}"
    assert marker in text
    include = '{% include "optional_note.html" ignore missing %}'
    article.write_text(text.replace(marker, marker + include, 1), encoding="utf-8")
    rebuild_equals_cold(project)
    note = project / "theme" / "templates" / "optional_note.html"
    note.write_text('<p class="optional-note">Added later</p>', encoding="utf-8")
    rebuild_equals_cold(project)
    page = project / "output" / f"{ARTICLE_SLUG}.html"
    assert "Added later" in page.read_text(encoding="utf-8")


def test_a_setting_read_by_the_checks_is_seen(project: Path):
    empty_tags = 'TAG_REGEX_SUBSTITUTIONS=[["[A-Za-z0-9 -]+", ""]]'
    stderr = failing_build(project, empty_tags)
    assert "gives an empty address; use letters or digits" in stderr


def test_after_a_failed_build_every_page_is_rendered_again(project: Path):
    article = project / "theme" / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    marker = "{% block content %}"
    article.write_text(text.replace(marker, marker + "{{ no_such_macro() }}", 1), "utf-8")
    assert (project / "cache" / "page_cache.json").exists()
    log = failing_build(project, returncode=1)
    assert "no_such_macro" in log
    assert not (project / "cache" / "page_cache.json").exists()
    article.write_text(text, encoding="utf-8")
    log = rebuild_equals_cold(project)
    assert skipped_pages(log) == 0
