"""The site is measured against GitHub Pages' limits before a deploy: a
warning from 80% of the 1 GB a site may take, and a stop, in one line,
before a deploy Pages would refuse (over 1 GB, or a file over 100 MiB)."""

from __future__ import annotations

import os
import subprocess

from newsarchive.devtools.site_builder import make, make_project
from newsarchive.pages_limits import FILE_LIMIT, SITE_LIMIT, SiteSize, main, measure, verdict

SITEURL = "https://news.example.org"
FIGURES = (
    "site: {total} in {files} files, largest {largest} ({size}); GitHub Pages takes 1 GB a "
    "site and 100 MiB a file"
)
TO_DO = 'README.md, "Past GitHub Pages\' limits", says what to do'


def test_the_site_is_measured_file_by_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "big.html").write_bytes(b"x" * 3000)
    (tmp_path / "index.html").write_bytes(b"x" * 1000)
    (tmp_path / ".build.json").write_bytes(b"x" * 10)
    assert measure(tmp_path) == SiteSize(4010, 3, "a/big.html", 3000)


def test_under_80_percent_it_says_the_figures_only():
    size = SiteSize(799_999_999, 60_000, "a.epub", 2_000_000)
    figures, warning, refused = verdict(size)
    assert figures == FIGURES.format(
        total="800.0 MB", files="60,000", largest="a.epub", size="2.0 MB"
    )
    assert (warning, refused) == (None, None)


def test_from_80_percent_it_warns():
    _, warning, refused = verdict(SiteSize(850_000_000, 60_000, "a.epub", 2_000_000))
    assert warning == f"the site is 85% of the 1 GB GitHub Pages publishes; {TO_DO}"
    assert refused is None


def test_over_a_limit_it_says_why_pages_would_refuse_it():
    _, warning, refused = verdict(SiteSize(SITE_LIMIT + 1, 70_000, "a.epub", 2_000_000))
    assert warning is None
    assert refused == f"the site is 1,000.0 MB, over the 1 GB GitHub Pages publishes; {TO_DO}"
    _, _, refused = verdict(SiteSize(200_000_000, 10, "book.epub", FILE_LIMIT + 1))
    assert refused == f"book.epub is 104.9 MB, over the 100 MiB GitHub takes in one file; {TO_DO}"
    assert verdict(SiteSize(200_000_000, 10, "book.epub", FILE_LIMIT))[2] is None


def test_the_command_exits_2_with_one_line_and_writes_the_job_summary(tmp_path, capsys):
    site = tmp_path / "output"
    site.mkdir()
    with (site / "huge.bin").open("wb") as file:
        file.truncate(FILE_LIMIT + 1)  # sparse: no disk is used
    summary = tmp_path / "summary.md"
    os.environ["GITHUB_STEP_SUMMARY"] = str(summary)
    try:
        assert main(["--site", str(site)]) == 2
    finally:
        del os.environ["GITHUB_STEP_SUMMARY"]
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [
        f"error: huge.bin is 104.9 MB, over the 100 MiB GitHub takes in one file; {TO_DO}"
    ]
    assert printed.out.startswith("site: 104.9 MB in 1 files, largest huge.bin")
    assert summary.read_text(encoding="utf-8").startswith(printed.out)
    assert main(["--site", str(tmp_path / "missing")]) == 2


def test_make_github_stops_before_a_deploy_pages_would_refuse(tmp_path):
    project = make_project(tmp_path / "project")
    # A file Pelican copies into the site as it is: the theme's static files.
    with (project / "theme" / "static" / "huge.bin").open("wb") as file:
        file.truncate(FILE_LIMIT + 1)
    result = make(project, "github", SITEURL)
    assert result.returncode != 0
    assert (
        f"error: theme/huge.bin is 104.9 MB, over the 100 MiB GitHub takes in one file; {TO_DO}"
        in result.stderr.splitlines()
    )
    branches = subprocess.run(
        ["git", "branch", "--list", "gh-pages"], cwd=project, capture_output=True, text=True
    )
    assert branches.stdout == "", "nothing was published"
    # A site hosted elsewhere builds all the same.
    assert make(project, "publish", SITEURL, "PAGES_LIMITS=off").returncode == 0
