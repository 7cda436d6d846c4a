"""`make dist`: a reproducible zip of the site that works unpacked anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.git_sandbox import isolated_git_env
from tests.site_builder import ROOT, build, copy_project
from tests.test_offline import SERVER_ONLY_PAGES, assert_works_offline, open_offline

SCRIPT = ROOT / "scripts" / "make_offline_zip.py"
NAME = "aleppo-dispatch-archive-offline"
EPOCH = 1000000000  # 2001-09-09T01:46:40Z
ARTICLE_TIME = (2014, 7, 8, 4, 0, 0)  # the article's date, 2014-07-08T00:00:00-04:00, in UTC


def make_zip(
    site: Path, dist: Path, epoch: int | None = EPOCH, script: Path = SCRIPT, git: bool = False
) -> Path:
    """Run the `make dist` script; epoch None leaves SOURCE_DATE_EPOCH unset,
    and git False hides the project's history from it."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    if not git:
        env["GIT_DIR"] = str(dist.parent / "no-git")
    result = subprocess.run(
        [sys.executable, str(script), "--site", str(site), "--output", str(dist)],
        capture_output=True,
        text=True,
        env=env,
        cwd=dist.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dist / f"{NAME}.zip"


def test_two_builds_zip_to_identical_bytes(tmp_path):
    first = build(copy_project(tmp_path / "first"))
    time.sleep(1.1)  # a later build: every file gets a different modification time
    second = build(copy_project(tmp_path / "second"))
    assert first.returncode == 0, first.log
    assert second.returncode == 0, second.log
    # Permissions on disk do not leak into the zip either.
    (second.output / "index.html").chmod(0o600)
    (second.output / "tag").chmod(0o700)

    one = make_zip(first.output, tmp_path / "dist-one").read_bytes()
    two = make_zip(second.output, tmp_path / "dist-two").read_bytes()
    again = make_zip(first.output, tmp_path / "dist-again").read_bytes()
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
        assert info.date_time == time.gmtime(EPOCH)[:6]
        assert info.create_system == 3
        assert info.external_attr >> 16 == 0o100644, info.filename
    inside = {name.removeprefix(f"{NAME}/") for name in names}
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert {"index.html", "README.txt"} <= inside
    assert pages - SERVER_ONLY_PAGES <= inside
    # What only a web host reads stays out.
    assert "404.html" not in inside


def test_the_date_follows_the_archives_rule(site, tmp_path):
    def first_time(epoch: int | None) -> tuple[int, ...]:
        dist = tmp_path / f"dist-{epoch}"
        with zipfile.ZipFile(make_zip(site, dist, epoch)) as archive:
            return archive.infolist()[0].date_time

    # No SOURCE_DATE_EPOCH and no git history: the article's date, as the archive.
    assert first_time(None) == ARTICLE_TIME
    # Before 1980 a zip cannot say; the earliest date it can is used.
    assert first_time(0) == (1980, 1, 1, 0, 0, 0)
    assert first_time(EPOCH) == time.gmtime(EPOCH)[:6]


def test_the_date_follows_the_projects_last_commit(site, tmp_path):
    project = copy_project(tmp_path / "project")
    env = isolated_git_env(tmp_path, GIT_COMMITTER_DATE="2020-02-02T02:02:02+00:00")
    for command in (["init", "--quiet"], ["commit", "--quiet", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)
    script = project / "scripts" / "make_offline_zip.py"
    archive = make_zip(site, tmp_path / "dist", None, script=script, git=True)
    with zipfile.ZipFile(archive) as opened:
        assert opened.infolist()[0].date_time == (2020, 2, 2, 2, 2, 2)


def test_zip_refuses_symbolic_links(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "site")
    (copy / "theme" / "link.svg").symlink_to(copy / "theme" / "favicon.svg")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(copy), "--output", str(tmp_path / "dist")],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "link.svg" in result.stderr
    assert not (tmp_path / "dist" / f"{NAME}.zip").exists()


@pytest.mark.browser
def test_unzipped_anywhere_the_site_works_offline(site, tmp_path):
    archive = make_zip(site, tmp_path / "dist")
    # An unlikely place: spaces, accents, several levels deep.
    elsewhere = tmp_path / "Téléchargements du lecteur" / "a" / "b"
    elsewhere.mkdir(parents=True)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(elsewhere)
    offline = open_offline(elsewhere / NAME)
    print("\n" + offline.summary("file://, unzipped"))
    assert_works_offline(offline)
