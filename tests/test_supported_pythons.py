"""The Pythons and pips the README promises: the venv sync works with the
oldest pip supported, the supported versions are stated alike everywhere, and
every published file is byte-identical whichever supported Python built it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.devtools.pythons import (
    other_supported_python,
    running_version,
    supported_versions,
    version_of,
)
from newsarchive.devtools.site_builder import TEST_SITEURL, make_environment, make_project
from newsarchive.devtools.system_tools import ROOT, require

# The oldest pip the venv sync supports: the one Debian 12's python3 puts in
# a new venv. Hashed, as every other install.
OLDEST_PIP = (
    "pip==23.0.1 --hash=sha256:236bcb61156d76c4b8a05821b988c7b8c35bf0da28a4b614e8d6ab5212c25c6f"
)


def make_target(folder: Path, target: str, *variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(folder), target, *variables],
        env=make_environment(folder),
        capture_output=True,
        text=True,
        timeout=1800,
    )


def pip_of(venv: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", *arguments],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_the_venv_sync_works_with_the_oldest_supported_pip(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (tmp_path / "pip.txt").write_text(OLDEST_PIP + "\n", encoding="utf-8")
    pinned = pip_of(venv, "install", "--quiet", "--require-hashes", "-r", str(tmp_path / "pip.txt"))
    assert pinned.returncode == 0, pinned.stderr
    assert pip_of(venv, "--version").stdout.startswith("pip 23.0.1 ")

    # The Makefile's own sync, for the build and test jobs, into that venv.
    synced = make_target(ROOT, str(venv / ".dev-installed"), f"VENV={venv}")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert pip_of(venv, "--version").stdout.startswith("pip 23.0.1 ")
    checked = pip_of(venv, "check")
    assert checked.returncode == 0, checked.stdout
    for module in ("pelican", "pytest_cov", "coverage", "warcio", "newsarchive"):
        imported = subprocess.run([str(venv / "bin" / "python"), "-c", f"import {module}"])
        assert imported.returncode == 0, module

    # A lock that misses a dependency (pelican's blinker) stops the sync.
    locks = shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    build_lock = locks / "build.txt"
    text = build_lock.read_text(encoding="utf-8")
    without = re.sub(r"blinker==\S+ \\\n(?:    .*\n)+?(?=\S)", "", text)
    assert "blinker" not in without and without.count("==") == text.count("==") - 1
    build_lock.write_text(without, encoding="utf-8")
    incomplete = make_target(ROOT, str(venv / ".build-installed"), f"VENV={venv}", f"LOCKS={locks}")
    print(f"\n[sync with an incomplete lock]\n{incomplete.stderr.strip()}")
    assert incomplete.returncode != 0
    assert "pelican 4.12.0 requires blinker, which is not installed." in incomplete.stderr
    assert f"error: the locks in {locks}/ miss a dependency; run make lock" in incomplete.stderr


def test_the_supported_versions_are_stated_alike_everywhere():
    versions = supported_versions()
    assert versions[0] == "3.11" and len(versions) >= 2, versions
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PYTHON_VERSIONS := (.*)$", makefile, re.M)[1].split() == versions
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = f"Python {', '.join(versions[:-1])} and {versions[-1]}"
    assert stated in readme
    # The workflow tests on the oldest and the newest, each with the other
    # installed beside it for the cross-Python check.
    workflow = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    matrix = re.findall(r'^ +- python: "(.*)"\n +other: "(.*)"$', workflow, re.M)
    assert matrix == [(versions[0], versions[-1]), (versions[-1], versions[0])]
    assert (
        "python-version: |\n            ${{ matrix.other }}\n            ${{ matrix.python }}\n"
        in workflow
    )


def test_a_python_outside_the_supported_versions_is_refused_in_one_line(tmp_path):
    # The running Python, against a list of versions that leaves it out.
    venv = tmp_path / "venv"
    result = make_target(
        ROOT,
        str(venv / ".build-installed"),
        f"VENV={venv}",
        f"PYTHON={sys.executable}",
        "PYTHON_VERSIONS=3.98 3.99",
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"error: {sys.executable} is Python {running_version()}; this project supports "
        f"3.98 3.99: run PYTHON=python3.99 make {venv}/.build-installed"
    )
    assert not venv.exists()


def published_files(project: Path) -> dict[str, bytes]:
    files = {}
    for folder in ("output", "dist"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(project))] = path.read_bytes()
    return files


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Each file that only one side has, or whose bytes differ, in one line."""
    lines = [f"{name}: only in the first" for name in sorted(first.keys() - second.keys())]
    lines += [f"{name}: only in the second" for name in sorted(second.keys() - first.keys())]
    for name in sorted(first.keys() & second.keys()):
        a, b = first[name], second[name]
        if a != b:
            offset = len(os.path.commonprefix([a, b]))
            lines.append(f"{name}: {len(a)} and {len(b)} bytes, first differing at byte {offset}")
    return lines


@pytest.mark.slow
def test_publish_dist_and_archive_are_byte_identical_on_two_supported_pythons(tmp_path):
    found = other_supported_python()
    if found is None:
        others = [v for v in supported_versions() if v != running_version()]
        require(
            None,
            f"a second supported Python ({' or '.join(others)}) on PATH, in pyenv or in uv",
            f"uv python install {others[-1]} (or pyenv install {others[-1]})",
        )
    version, python = found
    # The other Python's venv, synced by the Makefile from the same locks.
    venv = ROOT / ".venv" / f"python{version}"
    synced = make_target(ROOT, str(venv / ".archive-installed"), f"VENV={venv}", f"PYTHON={python}")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert version_of(venv / "bin" / "python") == version

    builds = {}
    for name, variables in (
        (running_version(), [f"VENV={ROOT / '.venv'}"]),
        (version, [f"VENV={venv}"]),
    ):
        project = make_project(tmp_path / name)
        result = subprocess.run(
            ["make", "--no-print-directory", "publish", "dist", "archive", *variables],
            cwd=project,
            env=make_environment(project, TEST_SITEURL),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        builds[name] = published_files(project)

    first, second = builds.values()
    print(f"\n[Python {running_version()} and {version}] {len(first)} files compared")
    assert any(name.startswith("dist/") and name.endswith(".wacz") for name in first)
    assert differences(first, second) == []

    # The comparison finds one changed byte, a missing file and an extra one.
    name = next(name for name in second if name.endswith(".epub"))
    planted = dict(second)
    planted[name] = planted[name][:100] + bytes([planted[name][100] ^ 1]) + planted[name][101:]
    planted.pop("output/index.html")
    planted["dist/extra.txt"] = b""
    assert differences(first, planted) == [
        "output/index.html: only in the first",
        "dist/extra.txt: only in the second",
        f"{name}: {len(first[name])} and {len(first[name])} bytes, first differing at byte 100",
    ]


BYTE_IDENTICAL_TEST = "test_publish_dist_and_archive_are_byte_identical_on_two_supported_pythons"


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 failed"), ("", "1 skipped")])
def test_without_a_second_python_the_check_fails_under_ci_and_is_skipped_elsewhere(
    tmp_path, ci, outcome
):
    # An empty PATH, pyenv folder and uv folder: only the running Python.
    environment = {
        "HOME": str(tmp_path),
        "PATH": str(tmp_path),
        "PYENV_ROOT": str(tmp_path),
        "UV_PYTHON_INSTALL_DIR": str(tmp_path),
        "CI": ci,
    }
    code = "from newsarchive.devtools.pythons import other_supported_python; "
    code += "print(other_supported_python())"
    found = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True)
    assert found.stdout == b"None\n", found
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "--run-slow", "-rs"]
        + [f"{Path(__file__)}::{BYTE_IDENTICAL_TEST}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome in result.stdout, result.stdout
    others = [version for version in supported_versions() if version != running_version()]
    assert (
        f"a second supported Python ({' or '.join(others)}) on PATH, in pyenv or in uv "
        f"is not installed; run: uv python install {others[-1]} (or pyenv install {others[-1]})"
    ) in result.stdout
