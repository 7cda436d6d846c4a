"""`make publish`, `make dist`, `make archive` and `make github` build for
one published address: SITEURL, else the address the site in output/ was
published for, else the GitHub origin remote; with none, they stop.

The targets run in throwaway copies of the project, with this checkout's
virtualenv.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.git_sandbox import isolated_git_env
from tests.site_builder import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
from site_address import pages_address  # noqa: E402

MAKE_PARTS = ("Makefile", "requirements.txt")
SITEURL = "https://news.example.org/aleppo"
PUBLISHING_TARGETS = ("publish", "epub", "dist", "archive", "github")
BOOK = "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.epub"


def make_project(folder: Path, remote: str | None = None) -> Path:
    """A copy of the project in a git repository of its own."""
    project = copy_project(folder)
    for part in MAKE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    env = isolated_git_env(folder.parent, GIT_COMMITTER_DATE="2020-02-02T02:02:02+00:00")
    commands = [["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "Sources"]]
    if remote:
        commands.append(["remote", "add", "origin", remote])
    for command in commands:
        subprocess.run(["git", *command], cwd=project, env=env, check=True)
    return project


def make(project: Path, target: str, siteurl: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "SOURCE_DATE_EPOCH")}
    env.update(isolated_git_env(project.parent))
    if siteurl:
        env["SITEURL"] = siteurl
    return subprocess.run(
        ["make", "--no-print-directory", target, f"VENV={ROOT / '.venv'}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def contents(path: Path | bytes, name: str = "") -> Iterator[tuple[str, bytes]]:
    """A file's bytes, and those of every member of a zip or gzip inside it."""
    name = name or path.name
    data = path.read_bytes() if isinstance(path, Path) else path
    yield name, data
    if data[:2] == b"\x1f\x8b":
        yield from contents(gzip.decompress(data), f"{name}!gunzip")
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from contents(archive.read(member), f"{name}!{member}")


def naming(dist: Path, text: str) -> list[str]:
    found = []
    for path in sorted(dist.iterdir()):
        found += [name for name, data in contents(path) if text.encode() in data]
    return found


def assert_checksums_cover_dist(dist: Path) -> None:
    assert (dist / BOOK).read_bytes() == (dist.parent / "output" / BOOK).read_bytes()
    listed = {line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()}
    assert listed == {path.name for path in dist.iterdir()} - {"SHA256SUMS"}
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("https://github.com/Example-User/news-archive.git", "https://example-user.github.io/news-archive"),
        ("git@github.com:example-user/news-archive.git", "https://example-user.github.io/news-archive"),
        ("ssh://git@github.com/example-user/news-archive", "https://example-user.github.io/news-archive"),
        ("https://github.com/Example-User/example-user.github.io", "https://example-user.github.io"),
        ("https://gitlab.com/example-user/news-archive.git", None),
        ("/srv/git/news-archive.git", None),
    ],
)  # fmt: skip
def test_pages_address_of_a_remote(remote, address):
    assert pages_address(remote) == address


def test_without_an_address_every_publishing_target_stops(tmp_path):
    project = make_project(tmp_path / "project")
    for target in PUBLISHING_TARGETS:
        result = make(project, target)
        assert result.returncode != 0, target
        (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert "SITEURL" in line, target
    assert not (project / "output").exists()
    assert not (project / "dist").exists()
    local = make(project, "html")
    assert local.returncode == 0, local.stdout + local.stderr


def test_with_only_a_github_remote_dist_is_built_for_its_pages_address(tmp_path):
    remote = "git@github.com:Example-User/news-archive.git"
    project = make_project(tmp_path / "project", remote)
    result = make(project, "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    address = "https://example-user.github.io/news-archive"
    dist = project / "dist"
    assert naming(dist, "localhost") == []
    assert naming(dist, f"{address}/index.html")
    assert_checksums_cover_dist(dist)
    assert f"publishing for {address} (from the GitHub origin remote {remote})" in result.stdout


@pytest.mark.parametrize(
    "targets",
    [["epub"], ["dist"], ["archive"], ["dist", "archive"], ["archive", "dist"]],
    ids="+".join,
)
def test_with_siteurl_nothing_in_dist_names_localhost(tmp_path, targets):
    project = make_project(tmp_path / "project")
    printed = ""
    for target in targets:
        result = make(project, target, SITEURL)
        assert result.returncode == 0, result.stdout + result.stderr
        printed += result.stdout
    dist = project / "dist"
    assert naming(dist, "localhost") == []
    assert {name.split("!")[0] for name in naming(dist, f"{SITEURL}/")} >= {BOOK}
    assert_checksums_cover_dist(dist)
    assert printed.count(f"publishing for {SITEURL} (from SITEURL)") == len(targets)


def test_dist_after_archive_keeps_the_address_and_archive_reruns_are_identical(tmp_path):
    project = make_project(tmp_path / "project", "https://github.com/someone/elsewhere.git")
    assert make(project, "archive", SITEURL).returncode == 0
    first = {path.name: path.read_bytes() for path in (project / "dist").iterdir()}
    again = make(project, "archive", SITEURL)
    assert again.returncode == 0
    assert {path.name: path.read_bytes() for path in (project / "dist").iterdir()} == first
    result = make(project, "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    dist = project / "dist"
    assert naming(dist, "localhost") == naming(dist, "someone.github.io") == []
    assert f"publishing for {SITEURL} (the address output/ was published for" in result.stdout
    assert_checksums_cover_dist(dist)
