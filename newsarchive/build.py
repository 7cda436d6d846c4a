"""Build the site with Pelican into a staging folder, and put it in place
only when the build succeeded: a failed or killed build never costs the last
good output, and two builds at once take turns.

    python -m newsarchive.build --settings pelicanconf.py --output output
    python -m newsarchive.build --settings publishconf.py --output output

Builds in one folder hold a lock on it from start to swap: a second build
says it is waiting, then runs, so output/ is never a mix of two builds. The swap takes
two renames: output/ to .output.previous/, then .output.building/ to output/.
A build killed between the two leaves no output/; the next build starts by
renaming .output.previous/ back.

Every Pelican warning fails the build. A content problem, a missing address,
unreadable settings or a template that does not compile is reported in one
line each, without a traceback; an unexpected crash keeps its traceback.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import TemplateSyntaxError
from pelican import Pelican
from pelican.log import init as init_pelican_logging
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

from newsarchive.address import NoAddress
from newsarchive.dates import DateError
from newsarchive.feed_archive import FeedError
from newsarchive.plugins.content_schema import ContentError


class SettingsError(Exception):
    """The settings file is missing, or Pelican refused what it sets."""


# What a build that stops for a known reason says about it; anything else
# is a crash and shows its traceback.
EXPECTED = (
    ContentError,
    NoAddress,
    DateError,
    FeedError,
    SettingsError,
    TemplateSyntaxError,
    FileOverwriteFailedError,
)


EXAMPLE_ADDRESS = "https://USER.github.io/REPO"


class PelicanWarned(Exception):
    """Pelican logged a warning or an error while building."""


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold the lock of the folder output/ is in, taking turns with any other
    build there. The folder itself is locked, so no lock file is left behind."""
    folder = os.open(output.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build in {output.parent}/ to finish ...", flush=True)
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)


class WarningCounter(logging.StreamHandler):
    """Prints each warning or error on one line and counts them."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.setLevel(logging.WARNING)
        self.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        super().emit(record)


@contextmanager
def warnings_fatal() -> Iterator[None]:
    """Every warning or error logged while building fails the build, once it
    has run: the staging folder is then thrown away. Pelican drops a warning
    it has logged before in the process unless told otherwise, so a second
    build here (make devserver) still sees the first one's warnings."""
    init_pelican_logging(handler=None, logs_dedup_min_level=logging.INFO)
    counter = WarningCounter()
    root = logging.getLogger()
    root.addHandler(counter)
    try:
        yield
    finally:
        root.removeHandler(counter)
    if counter.count:
        raise PelicanWarned(
            f"Pelican warned {counter.count} time(s) (above); every warning fails the build"
        )


def recover(output: Path, retired: Path) -> None:
    """Finish what an interrupted build left: the last good site is output/
    if it exists, else .output.previous/."""
    if retired.exists() and not output.exists():
        retired.rename(output)
        print(f"restored {output.name}/ from {retired.name}/, left by an interrupted build")
    shutil.rmtree(retired, ignore_errors=True)


def load_settings(settings_file: Path, override: dict) -> dict:
    if not settings_file.is_file():
        raise SettingsError(f"{settings_file}: no such settings file")
    try:
        return read_settings(str(settings_file), override=override)
    except (OSError, ValueError) as error:
        # Pelican's own checks of the settings (a missing content folder,
        # theme or plugin) raise these.
        raise SettingsError(f"{settings_file}: {error}") from None


def one_line(error: BaseException, staging: Path) -> str:
    """How a build that stopped for a known reason says why."""
    if isinstance(error, FileOverwriteFailedError):
        # Pelican names the file in the staging folder, which is gone by now.
        clash = re.search(r'"(.+?)"', str(error))
        path = Path(clash.group(1)) if clash else None
        if path is not None and path.is_relative_to(staging):
            return (
                f"two pages of the site would be written to {path.relative_to(staging)}; "
                "give one of them another slug"
            )
    if isinstance(error, TemplateSyntaxError):
        where = Path(error.filename or error.name or "template")
        shown = where.relative_to(Path.cwd()) if where.is_relative_to(Path.cwd()) else where
        return f"{shown}:{error.lineno}: {error.message}"
    return str(error)


def run_pelican(settings_file: Path, staging: Path, content: Path | None) -> None:
    """Build into staging."""
    override = {"OUTPUT_PATH": str(staging)}
    if content is not None:
        if not content.is_dir():
            raise SettingsError(f"{content}/: no such content folder")
        override["PATH"] = str(content.absolute())
    settings = load_settings(settings_file, override)
    if settings.get("SITEURL_FROM"):
        print(f"publishing for {settings['SITEURL']} ({settings['SITEURL_FROM']})", flush=True)
    with warnings_fatal():
        Pelican(settings).run()


def build(
    settings_file: Path,
    output: Path,
    content: Path | None = None,
    command: str = "python -m newsarchive.build",
) -> int:
    output = output.absolute()
    staging = output.with_name(f".{output.name}.building")
    retired = output.with_name(f".{output.name}.previous")
    if not output.parent.is_dir():
        print(f"error: {output.parent}/ does not exist; create it first", file=sys.stderr)
        return 2
    with build_lock(output):
        recover(output, retired)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            run_pelican(settings_file, staging, content)
        except (*EXPECTED, PelicanWarned) as error:
            shutil.rmtree(staging, ignore_errors=True)
            kept = "kept as it was" if output.exists() else "not created"
            hint = f"; run for example: SITEURL={EXAMPLE_ADDRESS} {command}"
            said = one_line(error, staging) + (hint if isinstance(error, NoAddress) else "")
            print(f"error: {said}", file=sys.stderr)
            print(f"{output.name}/ {kept}", file=sys.stderr)
            return 2
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if output.exists():
            output.rename(retired)
        staging.rename(output)
        shutil.rmtree(retired, ignore_errors=True)
    print(f"built {output.name}/ with {settings_file.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path, help="content folder (default: the settings' PATH)")
    parser.add_argument(
        "--command", default="python -m newsarchive.build", help="the command to name in errors"
    )
    args = parser.parse_args(argv)
    return build(args.settings, args.output, args.content, args.command)


if __name__ == "__main__":
    sys.exit(main())
