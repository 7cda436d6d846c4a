"""`make dist`: a reproducible zip of the site that works unpacked anywhere."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from newsarchive.devtools.offline import SERVER_ONLY_PAGES, assert_works_offline, open_offline
from newsarchive.devtools.site_builder import ARTICLE_MOMENT, build, copy_project, make_project
from newsarchive.offline_zip import make_zip as make_offline_zip

NAME = "aleppo-dispatch-archive-offline"
EPOCH = 1000000000  # 2001-09-09T01:46:40Z
# Builds of project copies have no git history: the date is the article's.
ARTICLE_TIME = ARTICLE_MOMENT.timetuple()[:6]


def make_zip(site: Path, dist: Path) -> Path:
    """`make dist`'s step after the build, in this process."""
    with redirect_stdout(io.StringIO()):
        return make_offline_zip(site, dist)


def build_copy(folder: Path, epoch: int | None = EPOCH) -> Path:
    built = build(copy_project(folder), source_date_epoch=None if epoch is None else str(epoch))
    assert built.returncode == 0, built.log
    return built.output


def test_two_builds_zip_to_identical_bytes(tmp_path):
    first = build_copy(tmp_path / "first")
    time.sleep(1.1)  # a later build: every file gets a different modification time
    second = build_copy(tmp_path / "second")
    # Permissions on disk do not leak into the zip either.
    (second / "index.html").chmod(0o600)
    (second / "tag").chmod(0o700)

    one = make_zip(first, tmp_path / "dist-one").read_bytes()
    two = make_zip(second, tmp_path / "dist-two").read_bytes()
    again = make_zip(first, tmp_path / "dist-again").read_bytes()
    print(f"\n[dist] {len(one)} bytes, identical across 2 builds and 3 zips")
    assert one == two == again


def test_zip_layout_is_fixed(site, tmp_path):
    archive = zipfile.ZipFile(make_zip(site, tmp_path / "dist"))
    entries = archive.infolist()
    names = [info.filename for info in entries]
    assert names == sorted(names)
    assert all(name.startswith(f"{NAME}/") for name in names)
    assert not any(info.is_dir() for info in entries)
    assert archive.testzip() is None
    for info in entries:
        assert info.date_time == ARTICLE_TIME
        assert info.create_system == 3
        assert info.external_attr >> 16 == 0o100644, info.filename
    inside = {name.removeprefix(f"{NAME}/") for name in names}
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert {"index.html", "README.txt"} <= inside
    assert pages - SERVER_ONLY_PAGES <= inside
    # What only a web host reads stays out.
    assert "404.html" not in inside


def test_the_date_is_the_builds_source_date(tmp_path):
    def first_time(epoch: int | None) -> tuple[int, ...]:
        site = build_copy(tmp_path / f"site-{epoch}", epoch)
        with zipfile.ZipFile(make_zip(site, tmp_path / f"dist-{epoch}")) as archive:
            return archive.infolist()[0].date_time

    # No SOURCE_DATE_EPOCH and no git history: the article's date.
    assert first_time(None) == ARTICLE_TIME
    # Before 1980 a zip cannot say; the earliest date it can is used.
    assert first_time(0) == (1980, 1, 1, 0, 0, 0)
    assert first_time(EPOCH) == time.gmtime(EPOCH)[:6]


def test_the_date_follows_the_projects_last_commit(tmp_path):
    project = make_project(tmp_path / "project", commit_date="2020-02-02T02:02:02+00:00")
    built = build(project)
    assert built.returncode == 0, built.log
    with zipfile.ZipFile(make_zip(built.output, tmp_path / "dist")) as opened:
        assert opened.infolist()[0].date_time == (2020, 2, 2, 2, 2, 2)


def test_zip_refuses_symbolic_links(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    (copy / "theme" / "link.svg").symlink_to(copy / "theme" / "favicon.svg")
    with pytest.raises(SystemExit, match="link.svg"):
        make_zip(copy, tmp_path / "dist")
    assert not (tmp_path / "dist" / f"{NAME}.zip").exists()


def test_unzipped_anywhere_the_site_works_offline(site, tmp_path, browser):
    archive = make_zip(site, tmp_path / "dist")
    # An unlikely place: spaces, accents, several levels deep.
    elsewhere = tmp_path / "Téléchargements du lecteur" / "a" / "b"
    elsewhere.mkdir(parents=True)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(elsewhere)
    offline = open_offline(browser, elsewhere / NAME)
    print("\n" + offline.summary("file://, unzipped"))
    assert_works_offline(offline)
