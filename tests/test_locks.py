"""The Python locks in requirements/: one per job, every line hashed, each in step
with its .in file, and all of them in agreement.

`make lock` writes each lock with `uv pip compile --generate-hashes` from its .in
file, on top of the locks of the jobs before it (the `-c` lines of the .in file).
These tests compare the files with each other, and the `# via` lines with the
metadata of the installed distributions, without resolving anything: a pin, package
or constraint changed in an .in file without `make lock` fails here. One test runs
pip to show that hash-checking mode refuses a file whose hash differs by one digit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from newsarchive.devtools.site_builder import make, make_project
from newsarchive.devtools.system_tools import ROOT

REQUIREMENTS = ROOT / "requirements"
# Each job, and the jobs whose locks it is compiled on top of.
JOBS = {
    "build": (),
    "archive": ("build",),
    "add": ("build", "archive"),
    "dev": ("build", "archive", "add"),
}
# The most `make html` may install into .venv, the project itself included.
BUILD_BUDGET = 25

PIN = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)"
    r"(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?"
)
HASH = re.compile(r"\s+--hash=sha256:(?P<digest>[0-9a-f]{64})\s*\\?")
VIA = re.compile(r"\s+# via(?: (?P<parent>\S.*))?")
VIA_MORE = re.compile(r"\s+#   (?P<parent>\S.*)")


@dataclass
class Pin:
    name: str
    version: str
    marker: str | None
    hashes: list[str]
    via: list[str]

    def applies(self) -> bool:
        """Whether pip installs this line on this machine."""
        return self.marker is None or Marker(self.marker).evaluate()


def read_lock(text: str) -> list[Pin]:
    """Every pinned line of a lock; any line of another shape is an error."""
    pins: list[Pin] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or (line.startswith("#") and not pins):
            continue  # the header
        if match := PIN.fullmatch(line):
            name = canonicalize_name(match["name"])
            pins.append(Pin(name, match["version"], match["marker"], [], []))
        elif pins and (match := HASH.fullmatch(line)):
            pins[-1].hashes.append(match["digest"])
        elif pins and (match := VIA.fullmatch(line)):
            pins[-1].via += [match["parent"]] if match["parent"] else []
        elif pins and (match := VIA_MORE.fullmatch(line)):
            pins[-1].via.append(match["parent"])
        else:
            raise AssertionError(f"line {number} is not a hashed pin: {line!r}")
    return pins


def read_in(text: str) -> tuple[list[Requirement], list[str]]:
    """An .in file's requirements and the locks it is constrained by (`-c`)."""
    requirements, constraints = [], []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-c "):
            constraints.append(line[3:].strip())
        elif line.startswith("-"):
            raise AssertionError(f"option the locks do not use: {line!r}")
        else:
            requirements.append(Requirement(line))
    return requirements, constraints


def text(name: str) -> str:
    return (REQUIREMENTS / name).read_text(encoding="utf-8")


def lock(job: str) -> list[Pin]:
    return read_lock(text(f"{job}.txt"))


def out_of_step(job: str, in_text: str, lock_text: str) -> list[str]:
    """Why the lock of `job` is not what `make lock` makes of this .in file."""
    source = f"-r {job}.in"
    requirements, constraints = read_in(in_text)
    pins = read_lock(lock_text)
    names = {pin.name for pin in pins}
    wanted = {canonicalize_name(req.name): req for req in requirements}
    problems = []

    expected = [f"{before}.txt" for before in JOBS[job]]
    if constraints != expected:
        problems.append(f"{job}.in is constrained by {constraints}, not {expected}")
    command = lock_text.splitlines()[1] if lock_text.count("\n") > 1 else ""
    for part in ("uv pip compile", "--universal", "--generate-hashes", f"{job}.in -o {job}.txt"):
        if part not in command:
            problems.append(f"{job}.txt was not made by make lock: {command!r} lacks {part!r}")

    for name, req in wanted.items():
        found = [pin for pin in pins if pin.name == name]
        if not found:
            problems.append(f"{req} is in {job}.in but not in {job}.txt")
        for pin in found:
            if not req.specifier.contains(pin.version, prereleases=True):
                problems.append(f"{job}.txt pins {name}=={pin.version}, {job}.in asks {req}")
            if source not in pin.via:
                problems.append(f"{job}.txt does not say {name} is there for {job}.in")

    reasons = {source} | {f"-c {constraint}" for constraint in constraints} | names
    for pin in pins:
        if source in pin.via and pin.name not in wanted:
            problems.append(f"{job}.txt keeps {pin.name} for {job}.in, which no longer names it")
        for parent in pin.via:
            if parent not in reasons:
                problems.append(f"{job}.txt has {pin.name} via {parent!r}, which it does not hold")

    # Every pin is needed by a requirement of the .in file, through the via lines.
    needed, queue = set(), [name for name in wanted if name in names]
    while queue:
        name = queue.pop()
        if name not in needed:
            needed.add(name)
            queue += [pin.name for pin in pins if name in pin.via]
    problems += [f"nothing in {job}.in needs {name}" for name in sorted(names - needed)]
    return problems


def unhashed(lock_text: str) -> list[str]:
    """The pins of a lock that carry no hash, or do not say why they are there."""
    pins = read_lock(lock_text)
    problems = [
        f"{pin.name}=={pin.version} has no --hash=sha256:" for pin in pins if not pin.hashes
    ]
    problems += [f"{pin.name} does not say why it is there (# via)" for pin in pins if not pin.via]
    # Nothing was skipped: as many pins as lines that start one.
    starts = [line for line in lock_text.splitlines() if line[:1].isalnum()]
    if not pins or len(starts) != len(pins):
        problems.append(f"{len(pins)} pins read from {len(starts)} requirement lines")
    return problems


@pytest.mark.parametrize("job", JOBS)
def test_every_locked_line_is_pinned_and_hashed(job):
    assert unhashed(text(f"{job}.txt")) == []


@pytest.mark.parametrize("job", JOBS)
def test_lock_is_in_step_with_its_in_file(job):
    assert out_of_step(job, text(f"{job}.in"), text(f"{job}.txt")) == []


@pytest.mark.parametrize(
    ("job", "edit", "complaint"),
    [
        ("build", lambda s: s + "requests==2.32.3\n", "requests==2.32.3 is in build.in but not"),
        (
            "build",
            lambda s: s.replace("pelican==4.12.0", "pelican==4.11.0"),
            "pins pelican==4.12.0",
        ),
        ("build", lambda s: s.replace("ghp-import==2.1.0\n", ""), "keeps ghp-import for build.in"),
        ("build", lambda s: s.replace("ghp-import==2.1.0\n", ""), "nothing in build.in needs ghp"),
        ("archive", lambda s: s.replace("-c build.txt\n", ""), "archive.in is constrained by []"),
        ("dev", lambda s: s.replace("\nuv\n", "\n"), "keeps uv for dev.in"),
    ],
)
def test_an_in_file_edited_without_relocking_is_caught(job, edit, complaint):
    edited = edit(text(f"{job}.in"))
    assert edited != text(f"{job}.in")
    problems = out_of_step(job, edited, text(f"{job}.txt"))
    assert any(complaint in problem for problem in problems), problems


def undeclared(pins: list[Pin]) -> list[str]:
    """The `# via` lines that the metadata of the installed distributions (make test
    installs every lock) does not bear out: "X via P" needs P to depend on X."""
    versions = {pin.name: pin.version for pin in pins if pin.applies()}
    problems = []
    for pin in pins:
        for parent in pin.via:
            if parent.startswith("-") or parent not in versions:
                continue
            try:
                installed = metadata.distribution(parent)
            except metadata.PackageNotFoundError:
                problems.append(f"{parent} is not installed: make test installs every lock")
                continue
            if Version(installed.version) != Version(versions[parent]):
                problems.append(f"{parent} {installed.version} is installed, not the locked one")
            declared = {canonicalize_name(Requirement(r).name) for r in installed.requires or []}
            if pin.name not in declared:
                problems.append(f"{parent} does not depend on {pin.name}")
    return problems


@pytest.mark.parametrize("job", JOBS)
def test_every_via_is_a_declared_dependency(job):
    assert undeclared(lock(job)) == []


def test_a_lock_edited_by_hand_is_caught():
    build = text("build.txt")
    pin = "ghp-import==2.1.0 \\\n"
    assert pin in build
    without_hashes = build.replace(
        pin, "ghp-import==2.1.0\n    # via -r build.in\nsix==1.17.0 \\\n"
    )
    assert "ghp-import==2.1.0 has no --hash=sha256:" in unhashed(without_hashes)
    for line in ("-e .", "requests>=2", "six==1.17.0 --hash=md5:" + "0" * 32):
        with pytest.raises(AssertionError, match="not a hashed pin"):
            read_lock(build + line + "\n")
    six = "six==1.17.0 \\\n    --hash=sha256:" + "0" * 64 + "\n    # via {}\n"
    assert "pelican does not depend on six" in undeclared(read_lock(build + six.format("pelican")))
    for via, complaint in (
        ("-r build.in", "build.txt keeps six for build.in, which no longer names it"),
        ("wacz", "build.txt has six via 'wacz', which it does not hold"),
    ):
        assert complaint in out_of_step("build", text("build.in"), build + six.format(via))


def test_locks_agree_on_every_shared_package():
    """A package in two locks has the same version and hashes in both, so that
    installing them together (make test) changes nothing the build installed."""
    pins = {job: lock(job) for job in JOBS}
    for job, befores in JOBS.items():
        for before in befores:
            pinned = {(pin.name, pin.version): pin.hashes for pin in pins[before]}
            versions = {pin.name for pin in pins[before]}
            for pin in pins[job]:
                if pin.name in versions:
                    assert (pin.name, pin.version) in pinned, (job, before, pin)
                    assert sorted(pin.hashes) == sorted(pinned[pin.name, pin.version])
                    assert f"-c {before}.txt" in pin.via, (job, pin.name)


def test_build_lock_holds_the_project_build_requirements():
    """The editable install runs without build isolation, so the build lock must
    hold what pyproject.toml's [build-system] requires (PEP 517's default if none)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = pyproject.get("build-system", {}).get("requires", ["setuptools>=40.8.0"])
    pins = {pin.name: pin.version for pin in lock("build")}
    for requirement in map(Requirement, requires):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements/build.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), requirement


def test_make_html_installs_at_most_the_budget():
    installed = [pin.name for pin in lock("build") if pin.applies()]
    print(f"\n[build lock] {len(installed)} + the project: {', '.join(installed)}")
    assert len(installed) + 1 <= BUILD_BUDGET


def pip_install(tmp_path: Path, name: str, line: str) -> subprocess.CompletedProcess:
    """Installs one requirement line with pip, in hash-checking mode, from wheels only,
    into a folder of its own; the report says which file it installed."""
    requirements = tmp_path / f"{name}.txt"
    requirements.write_text(line + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "install"]
    command += ["--require-hashes", "--no-deps", "--only-binary", ":all:"]
    command += ["--target", str(tmp_path / name), "--report", str(tmp_path / f"{name}.json")]
    return subprocess.run(
        [*command, "-r", str(requirements)], capture_output=True, text=True, timeout=300
    )


def test_one_changed_hash_digit_makes_the_install_fail(tmp_path):
    pin = next(pin for pin in lock("build") if pin.name == "ghp-import")
    hashes = " ".join(f"--hash=sha256:{digest}" for digest in pin.hashes)
    line = f"{pin.name}=={pin.version} {hashes}"

    good = pip_install(tmp_path, "as-locked", line)
    assert good.returncode == 0, good.stderr
    report = json.loads((tmp_path / "as-locked.json").read_text(encoding="utf-8"))
    (installed,) = report["install"]
    digest = installed["download_info"]["archive_info"]["hashes"]["sha256"]
    assert digest in pin.hashes
    assert (tmp_path / "as-locked" / "ghp_import.py").is_file()

    # One hex digit of the hash of the very file pip installed.
    changed = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    bad = pip_install(tmp_path, "one-digit-off", line.replace(digest, changed))
    print(f"\n[pip] with one digit changed:\n{bad.stderr.strip()}")
    assert bad.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE" in bad.stderr
    assert f"Expected sha256 {changed}" in bad.stderr
    assert f"Got        {digest}" in bad.stderr
    assert not (tmp_path / "one-digit-off" / "ghp_import.py").exists()


@pytest.mark.slow
def test_make_lock_run_again_writes_the_same_locks(tmp_path):
    """`make lock`, end to end in a copy of the project: the locks it writes
    are the ones committed (uv keeps every pin that still fits)."""
    project = make_project(tmp_path / "project")
    result = make(project, "lock")
    assert result.returncode == 0, result.stdout + result.stderr
    for job in JOBS:
        name = f"requirements/{job}.txt"
        assert (project / name).read_text() == (ROOT / name).read_text(), name
