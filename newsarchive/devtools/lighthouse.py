"""Lighthouse (npm), run against Debian's chromium."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from newsarchive.devtools.browser import QUIET_FLAGS
from newsarchive.devtools.system_tools import CHROMIUM, NODE_BIN, require_chromium, require_npm_tool

LIGHTHOUSE = NODE_BIN / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse waits for the page to be quiet after it loads, which timing
# metrics need. Our pages run no script: for the other categories, the
# waits only cost seconds.
NO_WAITS = Path(__file__).with_name("lighthouse_no_waits.json")


def lighthouse_report(
    url: str, preset: str = "mobile", categories: tuple[str, ...] = CATEGORIES
) -> dict:
    """Lighthouse's full JSON report for url, with the mobile or desktop
    preset, in the given categories (performance is the slowest to run)."""
    require_chromium()
    require_npm_tool(LIGHTHOUSE, "lighthouse")
    flags = " ".join(["--headless=new", "--no-sandbox", *QUIET_FLAGS])
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(categories)}", f"--chrome-flags={flags}",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    elif "performance" not in categories:
        command.append(f"--config-path={NO_WAITS}")
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
        timeout=180,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse exited {result.returncode}: {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def scores(report: dict) -> dict[str, int]:
    return {key: round(value["score"] * 100) for key, value in report["categories"].items()}


def failed_audits(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']].get('title')}"
        for ref in refs
        if ref["weight"] > 0 and (audits[ref["id"]].get("score") or 0) < 1
    ]
