"""The one date a build stamps on what it makes (the EPUB's modified date,
zip entries, WARC records, the bag), taken from the source so that the same
commit always gives the same bytes. The build works it out once and records
it in its manifest; everything after the build reads it from there."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from newsarchive.git_query import git_output


class DateError(ValueError):
    pass


def from_epoch(seconds: str) -> datetime:
    if not seconds.isdigit():
        raise DateError(f"SOURCE_DATE_EPOCH={seconds!r} is not a number of seconds")
    return datetime.fromtimestamp(int(seconds), UTC)


def last_commit_epoch(folder: Path) -> str | None:
    value = git_output(folder, "log", "-1", "--format=%ct")
    return value if value and value.isdigit() else None


def source_date(folder: Path, newest_article: datetime | None) -> tuple[datetime, str]:
    """SOURCE_DATE_EPOCH if set, else the last commit of the repository that
    holds folder, else the newest article's date; in UTC, to the second, with
    where it came from."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return from_epoch(epoch), "SOURCE_DATE_EPOCH"
    commit = last_commit_epoch(folder)
    if commit:
        return from_epoch(commit), "last git commit"
    if newest_article is None:
        raise DateError(
            f"no SOURCE_DATE_EPOCH, no git history in {folder}/ and no article to take a "
            "date from; set SOURCE_DATE_EPOCH"
        )
    return newest_article.astimezone(UTC).replace(microsecond=0), "newest article's date"


def iso_z(moment: datetime) -> str:
    """2014-07-08T04:00:00Z, the form WARC-Date and WACZ use."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso_z(text: str) -> datetime:
    return datetime.fromisoformat(text)
