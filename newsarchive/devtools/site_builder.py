"""Build the real project, or a changed copy of it, into temporary folders,
in this process, as `make publish` does (newsarchive.build); and the facts
of the one real article that the tests check the output against."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import chdir, contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bs4 import BeautifulSoup

from newsarchive import build as site_build
from newsarchive.checksums import sha256_file
from newsarchive.devtools.git_sandbox import isolated_git_env
from newsarchive.devtools.system_tools import ROOT
from newsarchive.header import read_header

SOURCE_TEXT = ROOT / "provenance" / "000_10f95968676637c0.txt"
ARTICLE_FILE = ROOT / "content" / "syrian-opposition-braces-second-battle-aleppo.md"
ARTICLE_HEADER = read_header(ARTICLE_FILE.read_text(encoding="utf-8"))[0]
ARTICLE_SLUG = ARTICLE_HEADER["slug"]
ORIGINAL_URL = ARTICLE_HEADER["original_url"]
HEADLINE = ARTICLE_HEADER["title"]
PUBLISHER = ARTICLE_HEADER["publisher"]
# The article's date in UTC: builds of project copies have no git history,
# so the source date rule ends at the (newest) article's date.
ARTICLE_MOMENT = datetime.fromisoformat(ARTICLE_HEADER["date"]).astimezone(UTC)
# Computed from the text itself, not read from the article's header.
SOURCE_SHA256 = sha256_file(SOURCE_TEXT)
TEST_SITEURL = "https://archive.example/aleppo"
# Everything a build reads; the code is the installed package.
PROJECT_PARTS = (
    "content", "provenance", "theme", "pelicanconf.py", "publishconf.py", ".gitignore",
)  # fmt: skip
# What `make` reads besides: the Makefile and the locks its install steps
# depend on. The virtualenv is this checkout's.
MAKE_PARTS = ("Makefile", "requirements", "scripts")
# Read by a build when the project has it: the full feed archive documents.
OPTIONAL_PARTS = ("feed-archives.txt",)


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


def copy_parts(parts: tuple[str, ...], destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    present = tuple(part for part in OPTIONAL_PARTS if (ROOT / part).exists())
    for part in parts + present:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    return destination


def copy_project(destination: Path) -> Path:
    """A private copy of everything a build reads, to change without risk."""
    return copy_parts(PROJECT_PARTS, destination)


def set_environment(values: dict[str, str | None]) -> None:
    """Set each variable, or remove it where the value is None."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """os.environ with these values set (None removes one), then as it was."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        set_environment(values)
        yield
    finally:
        set_environment(saved)


def build(
    project: Path,
    settings: str = "publishconf.py",
    output: Path | None = None,
    siteurl: str | None = TEST_SITEURL,
    source_date_epoch: str | None = None,
) -> Build:
    """Build the project in this process, from its folder, as `make publish`
    (or, with pelicanconf.py, `make html`) would, capturing what it prints."""
    output = output or project / "output"
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        chdir(project),
        environment(SITEURL=siteurl, SOURCE_DATE_EPOCH=source_date_epoch),
        redirect_stdout(stdout),
        redirect_stderr(stderr),
    ):
        returncode = site_build.build(project / settings, output, command="make publish")
    return Build(returncode, stdout.getvalue(), stderr.getvalue(), output)


def source_parts() -> tuple[str, str, list[str]]:
    """The source's alt text, caption line and paragraphs."""
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    paragraphs = [line for line in lines[2:] if line.strip()]
    return lines[0], lines[1], paragraphs


def soup_of(page: Path) -> BeautifulSoup:
    """A built HTML page, parsed as a browser parses it (html5lib)."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")


def output_files(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def make_project(
    folder: Path, remote: str | None = None, commit_date: str = "2020-02-02T02:02:02+00:00"
) -> Path:
    """A copy of the project that `make` runs in, in a git repository of its
    own (committed at a fixed date, ISO 8601), with an `origin` remote if given."""
    project = copy_parts(PROJECT_PARTS + MAKE_PARTS, folder)
    env = isolated_git_env(
        folder.parent, GIT_AUTHOR_DATE=commit_date, GIT_COMMITTER_DATE=commit_date
    )
    commands = [["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "Sources"]]
    if remote:
        commands.append(["remote", "add", "origin", remote])
    for command in commands:
        subprocess.run(["git", *command], cwd=project, env=env, check=True)
    return project


def make_environment(project: Path, siteurl: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a person at the keyboard: no SITEURL or
    SOURCE_DATE_EPOCH unless given, git isolated from the user's settings."""
    # A terminal has no make of its own running either (`make test` sets these).
    unset = {"SITEURL", "SOURCE_DATE_EPOCH", "MAKELEVEL", "MAKEFLAGS", "MFLAGS"}
    env = {**isolated_git_env(project.parent), **extra}
    env = {name: value for name, value in env.items() if name not in unset}
    if siteurl:
        env["SITEURL"] = siteurl
    return env


def build_process(
    project: Path,
    settings: str,
    siteurl: str | None = None,
    *,
    arguments: Sequence[str] = (),
    code: str | None = None,
    **extra: str,
) -> subprocess.Popen:
    """`python -m newsarchive.build --settings SETTINGS ARGUMENTS` in a process
    of its own, from the project's folder, as `make html` or `make publish`
    runs it: in a person's environment (make_environment) with these extra
    variables. With code, `python -c CODE` runs instead of the module."""
    program = ["-c", code] if code is not None else ["-m", "newsarchive.build"]
    return subprocess.Popen(
        [sys.executable, *program, "--settings", settings, *arguments],
        cwd=project,
        env=make_environment(project, siteurl, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def make_command(target: str, *variables: str) -> list[str]:
    return ["make", "--no-print-directory", target, f"VENV={ROOT / '.venv'}", *variables]


def make(
    project: Path, target: str, siteurl: str | None = None, *variables: str
) -> subprocess.CompletedProcess:
    """Run `make TARGET` in the project copy, as a person would."""
    return subprocess.run(
        make_command(target, *variables),
        cwd=project,
        env=make_environment(project, siteurl),
        capture_output=True,
        text=True,
    )
