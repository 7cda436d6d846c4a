"""`make publish`, `make epub`, `make dist`, `make archive` and `make github`
build for one published address: SITEURL from the environment for one run,
else SITEURL in publishconf.py, else the GitHub origin remote; with none,
they stop and name the command to run again. Nothing carries over.

The targets run in throwaway copies of the project, with this checkout's
virtualenv.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsarchive.address import pages_address
from newsarchive.devtools.git_sandbox import grep_branch
from newsarchive.devtools.site_builder import ARTICLE_SLUG, make, make_project
from newsarchive.manifest import read_manifest

SITEURL = "https://news.example.org/aleppo"
PUBLISHING_TARGETS = ("publish", "epub", "dist", "archive", "github")
BOOK = "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.epub"


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
        assert line.endswith(f"SITEURL=https://USER.github.io/REPO make {target}"), line
        assert "Traceback" not in result.stdout + result.stderr, target
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
    # Every publishing target that writes dist/, each on its own or after another.
    [["epub"], ["archive", "dist"]],
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
    said = f"publishing for {SITEURL} (from SITEURL in the environment, for this run only)"
    assert printed.count(said) == len(targets)


def test_a_one_off_address_never_carries_over_to_the_next_deploy(tmp_path):
    remote = "https://github.com/someone/elsewhere.git"
    project = make_project(tmp_path / "project", remote)
    assert make(project, "archive", SITEURL).returncode == 0
    first = {path.name: path.read_bytes() for path in (project / "dist").iterdir()}
    again = make(project, "archive", SITEURL)
    assert again.returncode == 0
    assert {path.name: path.read_bytes() for path in (project / "dist").iterdir()} == first
    result = make(project, "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "publishing for https://someone.github.io/elsewhere (from the GitHub origin" in (
        result.stdout
    )
    assert "news.example.org" not in result.stdout

    # git grep exits 0 on a match, 1 on none, and 128 when there is no
    # gh-pages to search: the branch is there and holds the remote's address...
    there = grep_branch(project, "https://someone.github.io/elsewhere")
    assert there.returncode == 0, there.stderr
    assert f"gh-pages:{ARTICLE_SLUG}.html" in there.stdout.splitlines()
    # ...and not the one-off address.
    deployed = grep_branch(project, "news.example.org")
    assert deployed.returncode == 1, deployed.stdout + deployed.stderr
    assert deployed.stdout == ""


def test_publishconf_siteurl_is_used_unless_the_environment_overrides_it(tmp_path):
    project = make_project(tmp_path / "project", "https://github.com/someone/elsewhere.git")
    settings = project / "publishconf.py"
    text = settings.read_text(encoding="utf-8")
    assert text.count('\nSITEURL = ""\n') == 1
    settings.write_text(text.replace('\nSITEURL = ""\n', f'\nSITEURL = "{SITEURL}"\n'))
    result = make(project, "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"publishing for {SITEURL} (from SITEURL in publishconf.py)" in result.stdout
    dist = project / "dist"
    assert naming(dist, "someone.github.io") == []
    assert_checksums_cover_dist(dist)
    other_address = "https://other.example.net"
    # make() puts the address in the environment of `make`, as `SITEURL=... make`.
    other = make(project, "publish", other_address)
    assert other.returncode == 0, other.stdout + other.stderr
    assert f"publishing for {other_address} (from SITEURL in the environment" in other.stdout
    output = project / "output"
    assert read_manifest(output).site_url == other_address
    index = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html5lib")
    (canonical,) = index.select('link[rel="canonical"]')
    assert canonical["href"].startswith(f"{other_address}/"), canonical
    # The next run without one is back at the address publishconf.py names.
    back = make(project, "publish")
    assert back.returncode == 0, back.stdout + back.stderr
    assert f"publishing for {SITEURL} (from SITEURL in publishconf.py)" in back.stdout
    assert read_manifest(output).site_url == SITEURL
    index = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html5lib")
    (canonical,) = index.select('link[rel="canonical"]')
    assert canonical["href"].startswith(f"{SITEURL}/"), canonical
