"""Measure a built site against GitHub Pages' limits before it is deployed.

    python -m newsarchive.pages_limits --site output

GitHub Pages publishes a site of at most 1 GB, and a file of more than 100 MiB
can be neither pushed to a branch (``make github``) nor served. This prints
the site's total size, its file count and its largest file; warns from 80% of
the site limit; and exits 2, with one line, when a deploy would be refused.
In GitHub Actions it also adds the figures to the job's summary.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# "Published GitHub Pages sites may be no larger than 1 GB" (GitHub Pages
# limits); a file over 100 MiB is refused by a push (About large files on
# GitHub).
SITE_LIMIT = 1_000_000_000
FILE_LIMIT = 100 * 1024 * 1024
WARN_SHARE = 0.8
WHAT_TO_DO = 'README.md, "Past GitHub Pages\' limits", says what to do'


@dataclass(frozen=True)
class SiteSize:
    total: int
    files: int
    largest: str
    largest_size: int


def measure(site: Path) -> SiteSize:
    total = files = largest_size = 0
    largest = ""
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            size = path.lstat().st_size
            total += size
            files += 1
            if size > largest_size:
                largest, largest_size = path.relative_to(site).as_posix(), size
    return SiteSize(total, files, largest, largest_size)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def limit(size: int) -> str:
    """A limit in the unit it is set in: 1 GB, 100 MiB."""
    for unit, factor in (("GB", 10**9), ("MiB", 2**20), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor and size % factor == 0:
            return f"{size // factor:,} {unit}"
    return f"{size:,} bytes"


def verdict(
    size: SiteSize, site_limit: int = SITE_LIMIT, file_limit: int = FILE_LIMIT
) -> tuple[str, str | None, str | None]:
    """The figures, a warning or None, and why Pages would refuse it or None."""
    figures = (
        f"site: {megabytes(size.total)} in {size.files:,} files, largest {size.largest} "
        f"({megabytes(size.largest_size)}); GitHub Pages takes {limit(site_limit)} a site "
        f"and {limit(file_limit)} a file"
    )
    if size.largest_size > file_limit:
        return (
            figures,
            None,
            (
                f"{size.largest} is {megabytes(size.largest_size)}, over the "
                f"{limit(file_limit)} GitHub takes in one file; {WHAT_TO_DO}"
            ),
        )
    if size.total > site_limit:
        return (
            figures,
            None,
            (
                f"the site is {megabytes(size.total)}, over the {limit(site_limit)} GitHub "
                f"Pages publishes; {WHAT_TO_DO}"
            ),
        )
    if size.total >= WARN_SHARE * site_limit:
        share = size.total / site_limit
        return (
            figures,
            (
                f"the site is {share:.0%} of the {limit(site_limit)} GitHub Pages publishes; "
                f"{WHAT_TO_DO}"
            ),
            None,
        )
    return figures, None, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"error: {args.site}/ does not exist; build it first", file=sys.stderr)
        return 2
    figures, warning, refused = verdict(measure(args.site))
    print(figures)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(f"{figures}\n\n{warning or refused or ''}\n")
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
