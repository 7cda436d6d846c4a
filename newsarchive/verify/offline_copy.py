"""`make verify COPY=folder`: an unpacked offline copy checked against the
SHA256SUMS it carries (newsarchive.offline_zip writes it into the zip's
folder): every file it lists is there and matches, and nothing else is.
It reads only the folder: no network, no build."""

from __future__ import annotations

from pathlib import Path

from newsarchive.checksums import SUMS, sha256_file
from newsarchive.offline_zip import NAME

from .report import CannotCheck, Report
from .sums import sums_problems


def copy_folder(given: Path) -> Path:
    """The copy's own folder: the one given, or the copy unpacked into it."""
    if (given / SUMS).is_file() or not (given / NAME / SUMS).is_file():
        return given
    return given / NAME


def check_copy(given: Path) -> Report:
    if not given.is_dir():
        raise CannotCheck(f"{given.as_posix()}/ is not a folder: give the unpacked offline copy")
    folder = copy_folder(given)
    if not (folder / SUMS).is_file():
        raise CannotCheck(
            f"{folder.as_posix()}/{SUMS} is missing: this is not an offline copy made with its "
            "checksums (make dist writes them into the zip's folder)"
        )
    report = Report(f"{folder.as_posix()}/")

    def shown(name: str) -> str:
        return f"{folder.as_posix()}/{name}"

    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            report.differ(shown(name), "is a symbolic link; the copy holds only plain files")
        elif path.is_file() and name != SUMS:
            files[name] = lambda path=path: sha256_file(path)
    report.extend(sums_problems((folder / SUMS).read_bytes(), files, shown))
    report.checked = len(files)
    return report
