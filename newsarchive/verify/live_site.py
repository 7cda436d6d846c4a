"""`make verify SITE=https://USER.github.io/REPO`: the site as served checked
against this commit rebuilt. The build is reproducible, so the checked-out
commit, built for that address in a temporary folder with its own code and
its commit's date, gives the very files the Pages workflow published. Each
is fetched from the site at its address (a folder's index.html also at the
folder's), and compared byte for byte; and an address that names no file
must get the site's 404.html with status 404, as GitHub Pages answers."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from newsarchive.archive.served import served_files
from newsarchive.git_query import git_output

from .http_fetch import TOO_MANY, Fetched, Fetcher
from .report import CannotCheck, Report

SETTINGS = "publishconf.py"
NOT_FOUND_PAGE = "404.html"
PROGRESS_FROM = 200  # addresses; below that the check takes a few seconds


def say(message: str) -> None:
    print(f"verify: {message}", file=sys.stderr, flush=True)


def export_commit(project: Path, destination: Path) -> str:
    """The files of the checked-out commit in destination; returns the commit."""
    commit = git_output(project, "rev-parse", "--verify", "HEAD")
    if not commit:
        raise CannotCheck(f"{project.as_posix()}/ is not a git checkout with a commit to rebuild")
    source = destination.with_suffix(".zip")
    if git_output(project, "archive", "--format=zip", f"--output={source}", commit) is None:
        raise CannotCheck(f"git archive could not export commit {commit}")
    with zipfile.ZipFile(source) as archive:
        archive.extractall(destination)
    return commit


def rebuild(project: Path, site_url: str, scratch: Path) -> tuple[Path, str]:
    """The commit built for site_url into scratch/; its output folder and commit."""
    exported = scratch / "project"
    commit = export_commit(project, exported)
    epoch = git_output(project, "log", "-1", "--format=%ct", commit)
    output = scratch / "output"
    # From the exported folder, `python -m` imports the commit's own package.
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive.build", "--settings", SETTINGS,
         "--output", str(output), "--command", f"make verify SITE={site_url}"],
        cwd=exported,
        env={**os.environ, "SITEURL": site_url, "SOURCE_DATE_EPOCH": epoch or ""},
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        reason = said[0] if said else f"exit status {result.returncode}"
        raise CannotCheck(f"the rebuild of commit {commit[:12]} failed: {reason}")
    return output, commit


def progress(total: int):
    """Says how far the fetching is, every tenth, on a site large enough to wait for."""
    step = max(total // 10, 1)

    def fetched(done: int) -> None:
        if total >= PROGRESS_FROM and (done % step == 0 or done == total):
            say(f"{done} of {total} fetched")

    return fetched


def first_difference(one: bytes, other: bytes) -> int:
    """The offset of the first byte that differs (the shorter's length if one
    begins the other)."""
    pairs = enumerate(zip(one, other, strict=False))
    return next((i for i, (a, b) in pairs if a != b), min(len(one), len(other)))


def unanswered(fetched: Fetched, report: Report) -> bool:
    """Reports an address that could not be checked; whether it was one."""
    if fetched.status is None:
        report.cannot_check(fetched.url, f"{fetched.error} ({fetched.tries} tries)")
    elif fetched.status in TOO_MANY:
        said = f"still status {fetched.status} after {fetched.tries} tries"
        report.cannot_check(fetched.url, said)
    return fetched.status is None or fetched.status in TOO_MANY


def compare(fetched: Fetched, built: bytes, report: Report) -> None:
    if unanswered(fetched, report):
        return
    if fetched.status != 200:
        report.differ(fetched.url, f"missing: status {fetched.status} (built: {len(built)} bytes)")
    elif fetched.error:
        report.differ(fetched.url, fetched.error)
    elif fetched.body != built:
        report.differ(
            fetched.url,
            f"differs: served {len(fetched.body)} bytes, built {len(built)}, "
            f"first difference at byte {first_difference(fetched.body, built)}",
        )


def check_not_found(fetcher: Fetcher, base: str, output: Path, commit: str, report: Report):
    """A missing address gets the site's 404 page with status 404."""
    page = output / NOT_FOUND_PAGE
    if not page.is_file():
        return
    missing = f"{base}no-such-page-{commit[:12]}/index.html"
    fetched = fetcher.fetch(missing)
    report.checked += 1
    if unanswered(fetched, report):
        return
    if fetched.status != 404:
        report.differ(missing, f"a missing address answered status {fetched.status}, not 404")
    elif fetched.body != page.read_bytes():
        report.differ(
            missing,
            f"a missing address did not get the site's {NOT_FOUND_PAGE} "
            f"({len(fetched.body)} bytes served, {page.stat().st_size} built)",
        )


def site_address(given: str) -> str:
    """The site's address without its trailing slash; CannotCheck, in one
    line, unless it is one this check can ask for: http or https, with a
    host name whose every label a name lookup takes (1 to 63 characters),
    no user name or password, a port from 1 to 65535 if any, no query or
    fragment, and in printable ASCII without spaces (as HTTP asks for it)."""
    wanted = "give the site's address, such as https://USER.github.io/REPO"
    try:
        parts = urlsplit(given)
    except ValueError:  # an unclosed "[" of an IPv6 host
        raise CannotCheck(f"{given} is not a well-formed address: {wanted}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CannotCheck(f"{given} is not an http or https address with a host: {wanted}")
    if parts.username is not None:
        raise CannotCheck(f"{given} holds a user name or password: {wanted}")
    try:
        parts.hostname.encode("idna")  # as the name lookup encodes it
    except UnicodeError:  # an empty label ("a..b") or one past 63 characters
        raise CannotCheck(f"{given} names no valid host: {wanted}") from None
    try:
        port = parts.port
    except ValueError:  # not a number, or past 65535
        port = 0
    if port == 0:
        raise CannotCheck(f"{given} names no port from 1 to 65535: {wanted}")
    if parts.query or parts.fragment:
        raise CannotCheck(f"{given} has a query or a fragment: {wanted}")
    if not (given.isascii() and given.isprintable()) or " " in given:
        raise CannotCheck(
            f"{given!r} holds spaces or characters outside ASCII: give it percent-encoded, "
            "as browsers send it"
        )
    return given.rstrip("/")


def check_site(site_url: str, project: Path, fetcher: Fetcher) -> Report:
    site_url = site_address(site_url)
    base = site_url + "/"
    report = Report(base, unit="addresses")
    home = fetcher.fetch(base)
    if home.status is None:
        raise CannotCheck(f"cannot reach {base}: {home.error}")
    if home.final_url.rstrip("/") != site_url:
        report.notes.append(f"{base} redirects to {home.final_url}: check that address instead")
    if git_output(project, "status", "--porcelain", "--untracked-files=no"):
        report.notes.append("uncommitted changes are not part of the rebuild: it is of HEAD")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="verify-site-") as scratch:
        output, commit = rebuild(project, site_url, Path(scratch))
        files = served_files(output, site_url)
        say(f"rebuilt commit {commit[:12]} for {base} in {time.monotonic() - started:.1f} s")
        say(f"fetching {len(files)} addresses, {fetcher.workers} at a time")
        answers = fetcher.fetch_all([served.url for served in files], progress(len(files)))
        for served, answer in zip(files, answers, strict=True):
            compare(answer, served.path.read_bytes(), report)
        report.checked = len(files)
        check_not_found(fetcher, base, output, commit, report)
    report.notes.append(f"compared with commit {commit[:12]} rebuilt for {site_url}")
    if fetcher.waited:
        report.notes.append(f"the site asked to slow down {fetcher.waited} time(s)")
    return report
