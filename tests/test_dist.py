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
from tests.test_offline import SERVER_ONLY_PAGES, assert_works_offline, crawl_offline

SCRIPT = ROOT / "scripts" / "make_offline_zip.py"
NAME = "aleppo-dispatch-archive-offline"
EPOCH = 1404792000  # 2014-07-08T04:00:00Z, the article's date


def make_zip(site: Path, dist: Path, epoch: int | None = EPOCH) -> Path:
    """Run the `make dist` script; epoch None leaves SOURCE_DATE_EPOCH unset."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(site), "--output", str(dist)],
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
    assert names[0] == f"{NAME}/"
    assert all(name.startswith(f"{NAME}/") for name in names)
    assert archive.testzip() is None
    for info in entries:
        assert info.date_time == time.gmtime(EPOCH)[:6]
        assert info.create_system == 3
        mode = info.external_attr >> 16
        assert mode == (0o040755 if info.is_dir() else 0o100644), info.filename
    inside = {name.removeprefix(f"{NAME}/") for name in names if not name.endswith("/")}
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert {"index.html", "README.txt"} <= inside
    assert pages - SERVER_ONLY_PAGES <= inside
    # What only a web host reads stays out: .nojekyll, CNAME and 404.html.
    assert not any(Path(name).name.startswith(".") for name in inside)
    assert not {"CNAME", "404.html"} & inside


def test_timestamp_defaults_and_limits(site, tmp_path):
    def first_time(epoch: int | None) -> tuple[int, ...]:
        dist = tmp_path / f"dist-{epoch}"
        with zipfile.ZipFile(make_zip(site, dist, epoch)) as archive:
            return archive.infolist()[0].date_time

    # No SOURCE_DATE_EPOCH and no git history around the site: 1980-01-01.
    assert first_time(None) == (1980, 1, 1, 0, 0, 0)
    # Before 1980 a zip cannot say; the earliest date it can is used.
    assert first_time(0) == (1980, 1, 1, 0, 0, 0)
    assert first_time(EPOCH) == (2014, 7, 8, 4, 0, 0)


def test_timestamp_follows_the_last_commit(site, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(site, repo / "output")
    env = isolated_git_env(tmp_path, GIT_COMMITTER_DATE="2020-02-02T02:02:02+00:00")
    for command in (["init", "--quiet"], ["commit", "--quiet", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", *command], cwd=repo, env=env, check=True)
    with zipfile.ZipFile(make_zip(repo / "output", tmp_path / "dist", None)) as archive:
        assert archive.infolist()[0].date_time == (2020, 2, 2, 2, 2, 2)


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
    unpacked = elsewhere / NAME
    crawl = crawl_offline(unpacked)
    print("\n" + crawl.summary("file://, unzipped"))
    assert_works_offline(crawl)
