"""python -m newsarchive.verify [--copy FOLDER | --url ADDRESS] [--json]

Without --copy or --url it checks dist/ (see newsarchive.verify)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .http_fetch import Fetcher
from .report import UNCHECKED, CannotCheck, Problem, Report


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsarchive.verify",
        description="Check a copy of the archive: dist/ (the default), an unpacked offline "
        "copy (--copy) or the published site (--url).",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--copy", type=Path, metavar="FOLDER", help="an unpacked offline copy")
    which.add_argument(
        "--url", metavar="ADDRESS", help="the published site, e.g. https://USER.github.io/REPO"
    )
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="default: dist")
    parser.add_argument(
        "--site", type=Path, default=Path("output"),
        help="the built site whose manifest is read when dist/ holds no bag (default: output)",
    )  # fmt: skip
    parser.add_argument(
        "--project", type=Path, default=Path("."),
        help="the project: its provenance/ is checked, and --url rebuilds its commit "
        "(default: .)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--jobs", type=int, default=4, help="requests at a time, with --url (default: 4)"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0,
        help="seconds to wait for each answer, with --url (default: 10)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.timeout <= 0:
        parser.error("--jobs must be 1 or more and --timeout more than 0")
    return args


def run(args: argparse.Namespace) -> Report:
    # Each check imports only what it needs: the WACZ validator alone takes
    # seconds to import, and an offline copy needs none of it.
    if args.copy is not None:
        from .offline_copy import check_copy

        return check_copy(args.copy)
    if args.url is not None:
        from .live_site import check_site

        return check_site(args.url, args.project, Fetcher(args.jobs, args.timeout))
    from .dist_check import check_dist

    return check_dist(args.dist, args.site, args.project)


def subject(args: argparse.Namespace) -> str:
    if args.copy is not None:
        return f"{args.copy.as_posix()}/"
    return args.url if args.url is not None else f"{args.dist.as_posix()}/"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        report = run(args)
    except CannotCheck as error:
        if args.json:
            report = Report(subject(args), [Problem(subject(args), str(error), unchecked=True)])
            print(report.as_json())
        else:
            print(f"error: {error}", file=sys.stderr)
        return UNCHECKED
    print(report.as_json() if args.json else report.text().rstrip("\n"))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
