"""The Python versions the project supports (pyproject.toml's requires-python),
and where to find an interpreter of another supported version than the running
one: on PATH, in pyenv's versions folder, or among the Pythons uv knows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from newsarchive.devtools.system_tools import ROOT


def requires_python() -> SpecifierSet:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return SpecifierSet(pyproject["project"]["requires-python"])


def supported_versions() -> list[str]:
    """Each Python 3 minor version ("3.11") that requires-python admits."""
    specifier = requires_python()
    return [f"3.{minor}" for minor in range(40) if specifier.contains(Version(f"3.{minor}.0"))]


def running_version() -> str:
    return "{}.{}".format(*sys.version_info[:2])


def version_of(python: str | Path) -> str | None:
    """The minor version an interpreter reports, or None when it does not run
    (a pyenv shim for a version that is installed but not selected fails)."""
    try:
        result = subprocess.run(
            [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def path_candidates(version: str) -> list[Path]:
    return [Path(found)] if (found := shutil.which(f"python{version}")) else []


def pyenv_candidates(version: str) -> list[Path]:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    installed = sorted(
        (root / "versions").glob(f"{version}.*/bin/python{version}"),
        key=lambda path: Version(path.parent.parent.name.split("-")[0]),
        reverse=True,
    )
    return installed


def uv_candidates(version: str) -> list[Path]:
    """The interpreters of that version that uv lists as installed (its own
    managed Pythons and those it finds on the system); none without uv."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not uv:
        return []
    result = subprocess.run(
        [uv, "python", "list", "--only-installed", "--output-format", "json", version],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        return []
    return [Path(entry["path"]) for entry in json.loads(result.stdout) if entry.get("path")]


def find_python(version: str) -> Path | None:
    """An interpreter of this minor version that runs, or None."""

    # Each place is asked only when the ones before it had none: uv's listing is slow.
    for place in (path_candidates, pyenv_candidates, uv_candidates):
        for candidate in place(version):
            if version_of(candidate) == version:
                return candidate
    return None


def other_supported_python() -> tuple[str, Path] | None:
    """An interpreter of another supported version than the running one: the
    furthest version from it that is found, as the likeliest to differ."""
    running = Version(running_version())

    def distance(version: str) -> int:
        return abs(Version(version).minor - running.minor)

    for version in sorted(supported_versions(), key=distance, reverse=True):
        if distance(version) and (python := find_python(version)):
            return version, python
    return None
