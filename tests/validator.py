"""The Nu Html Checker (npm vnu-jar), run with the machine's Java."""

from __future__ import annotations

import json
import shutil
import subprocess
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
