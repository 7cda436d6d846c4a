"""The site works from disk: open index.html, follow every link, no network.

The crawler follows every reference from index.html through the files on
disk: each must name a file of the site (a folder link such as "category/"
shows a listing, or nothing, when read from disk). Then Chromium, offline,
opens each page found (newsarchive.devtools.offline).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.devtools.offline import assert_works_offline, expected_pages, open_offline
from newsarchive.devtools.site_builder import build, copy_project
from newsarchive.devtools.site_crawl import crawl_disk


@pytest.fixture(scope="module", params=["publishconf.py", "pelicanconf.py"])
def output(request, site, tmp_path_factory) -> Path:
    """The site of `make publish` (and `make dist`) and of `make html`."""
    if request.param == "publishconf.py":
        return site
    project = copy_project(tmp_path_factory.mktemp("local"))
    built = build(project, settings="pelicanconf.py")
    assert built.returncode == 0, built.log
    return built.output


def test_every_page_is_reached_from_index_and_every_link_names_a_file(output):
    crawl = crawl_disk(output)
    assert crawl.problems == []
    assert crawl.pages == expected_pages(output)
    assert len(crawl.references) > len(crawl.pages)


def test_every_page_opens_styled_offline_and_nothing_leaves_the_disk(output, browser):
    offline = open_offline(browser, output)
    print("\n" + offline.summary(f"file://, {output}"))
    assert_works_offline(offline)


def test_a_folder_link_is_a_problem_from_disk(tmp_path):
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "index.html").write_text(
        '<!doctype html><a href="category/">x</a><a href="gone.html">y</a>', encoding="utf-8"
    )
    (copy / "category").mkdir()
    problems = crawl_disk(copy).problems
    assert len(problems) == 2
    assert "category/ answered 404" in problems[0] and "gone.html answered 404" in problems[1]
