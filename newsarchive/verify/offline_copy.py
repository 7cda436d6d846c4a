"""`make verify COPY=folder`: an unpacked offline copy checked against the
SHA256SUMS it carries (newsarchive.offline_zip writes it into the zip's
folder): every file it lists is there and matches, and nothing else is,
but for what systems and editors leave behind (newsarchive.leftovers: say,
the .DS_Store of a folder opened in Finder), which is left out with a note.
It reads only the folder: no network, no build."""

from __future__ import annotations

from pathlib import Path

from newsarchive.checksums import SUMS, sha256_file
from newsarchive.leftovers import is_leftover
from newsarchive.offline_zip import NAME

from .report import CannotCheck, Report
from .sums import listed_names, sums_problems


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

    sums = (folder / SUMS).read_bytes()
    listed = listed_names(sums)
    files, left_out = {}, []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            report.differ(shown(name), "is a symbolic link; the copy holds only plain files")
        elif not path.is_file() or name == SUMS:
            continue
        elif is_leftover(name) and name not in listed:
            left_out.append(name)
        else:
            files[name] = lambda path=path: sha256_file(path)
    report.extend(sums_problems(sums, files, shown))
    report.checked = len(files)
    if left_out:
        report.notes.append(leftovers_note(left_out))
    return report


def leftovers_note(names: list[str], most: int = 10) -> str:
    """Which leftovers were left out: the first few by name, then how many more."""
    named = ", ".join(names[:most]) + (f", and {len(names) - most} more" if names[most:] else "")
    return (
        f"left out {len(names)} file(s) that systems and editors leave behind, "
        f"as the build does in content/: {named}"
    )
