"""The one date every archive file carries, taken from the source so that
rebuilding the same commit gives the same bytes."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def from_epoch(seconds: str) -> datetime:
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


def source_date(project: Path, article_date: str) -> tuple[datetime, str]:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else the
    article's date; in UTC, to the second, with where it came from."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return from_epoch(epoch), "SOURCE_DATE_EPOCH"
    commit = last_commit_epoch(project)
    if commit:
        return from_epoch(commit), "last git commit"
    published = datetime.fromisoformat(article_date).astimezone(UTC)
    return published.replace(microsecond=0), "article date"


def iso_z(moment: datetime) -> str:
    """2014-07-08T04:00:00Z, the form WARC-Date and WACZ use."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
