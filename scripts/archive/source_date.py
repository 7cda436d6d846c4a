"""The one date every file of `make dist` and `make archive` carries, taken
from the source so that rebuilding the same commit gives the same bytes."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def from_epoch(seconds: str) -> datetime:
    if not seconds.isdigit():
        raise SystemExit(f"error: SOURCE_DATE_EPOCH={seconds!r} is not a number of seconds")
    return datetime.fromtimestamp(int(seconds), UTC)


def last_commit_epoch(project: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(project), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def environment_date() -> datetime | None:
    """SOURCE_DATE_EPOCH, when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return from_epoch(epoch) if epoch else None


def declared_date(project: Path) -> tuple[datetime, str] | None:
    """SOURCE_DATE_EPOCH if set, else the project's last commit, with where
    it came from; None without either."""
    if moment := environment_date():
        return moment, "SOURCE_DATE_EPOCH"
    commit = last_commit_epoch(project)
    if commit:
        return from_epoch(commit), "last git commit"
    return None


def source_date(project: Path, article_date: str | None) -> tuple[datetime, str]:
    """SOURCE_DATE_EPOCH if set, else the project's last commit, else the
    date the first article was published (ISO 8601); in UTC, to the second,
    with where it came from."""
    declared = declared_date(project)
    if declared:
        return declared
    if not article_date:
        raise SystemExit(
            f"error: no SOURCE_DATE_EPOCH, no git history in {project}/ and no article "
            "to take a date from; set SOURCE_DATE_EPOCH"
        )
    published = datetime.fromisoformat(article_date).astimezone(UTC)
    return published.replace(microsecond=0), "article date"


def iso_z(moment: datetime) -> str:
    """2014-07-08T04:00:00Z, the form WARC-Date and WACZ use."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
