"""Build the real project, or a modified copy of it, into temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEXT = ROOT / "provenance" / "000_10f95968676637c0.txt"
ARTICLE_FILE = ROOT / "content" / "syrian-opposition-braces-second-battle-aleppo.md"
ARTICLE_SLUG = "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support"
TEST_SITEURL = "https://archive.example/aleppo"
PROJECT_PARTS = (
    "content", "provenance", "theme", "plugins", "scripts", "pelicanconf.py", "publishconf.py",
)  # fmt: skip


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


def copy_project(destination: Path) -> Path:
    """A private copy of everything a build reads, to change without risk."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)
    return destination


def build(
    project: Path,
    settings: str = "publishconf.py",
    output: Path | None = None,
    siteurl: str = TEST_SITEURL,
) -> Build:
    output = output or project / "output"
    env = dict(os.environ, SITEURL=siteurl, COLUMNS="200")
    result = subprocess.run(
        [sys.executable, "scripts/build_site.py", "--settings", settings, "--output", str(output)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    return Build(result.returncode, result.stdout, result.stderr, output)


def source_parts() -> tuple[str, str, list[str]]:
    """The source's alt text, caption line and paragraphs."""
    lines = SOURCE_TEXT.read_text(encoding="utf-8").split("\n")
    paragraphs = [line for line in lines[2:] if line.strip()]
    return lines[0], lines[1], paragraphs


def output_files(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
