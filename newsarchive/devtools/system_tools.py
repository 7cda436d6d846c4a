"""The real tools the tests and docs tools drive, where they are, and what to
do when one is missing: a test fails under CI (CI=true) and is skipped
elsewhere, with the command that installs it; a docs tool stops with it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import newsarchive

ROOT = Path(newsarchive.__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
NODE_BIN = ROOT / "node_modules" / ".bin"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(tool_path: str | Path | None, what: str, hint: str) -> None:
    if tool_path and os.path.exists(tool_path):
        return
    message = f"{what} is not installed; run: {hint}"
    if "PYTEST_CURRENT_TEST" not in os.environ:
        raise SystemExit(f"error: {message}")
    import pytest

    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> None:
    require(CHROMIUM, "chromium", "sudo apt-get install -y chromium")


def require_java() -> str:
    java = shutil.which("java")
    require(java, "java", "sudo apt-get install -y default-jre-headless")
    return java


def require_pandoc() -> str:
    pandoc = shutil.which("pandoc")
    require(pandoc, "pandoc", "sudo apt-get install -y pandoc")
    return pandoc


def require_node() -> str:
    node = shutil.which("node")
    require(node, "node", "sudo apt-get install -y nodejs npm")
    return node


def require_npm_tool(path: Path, what: str) -> Path:
    require(path, what, "npm ci")
    return path
