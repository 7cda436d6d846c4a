"""Zip the built site for reading offline: unpack anywhere, open index.html.

    python scripts/make_offline_zip.py --site output --output dist

writes dist/aleppo-dispatch-archive-offline.zip holding one folder,
aleppo-dispatch-archive-offline/, with the site and a README.txt. Hidden
files (.nojekyll), CNAME and 404.html stay out: only a web host reads them.

The same site always gives the same bytes: entries are sorted, and every
entry has fixed permissions and one timestamp, taken from SOURCE_DATE_EPOCH,
else from the last commit, else 1980-01-01 (the earliest a zip can hold).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import zipfile
from pathlib import Path

from archive.source_date import last_commit_epoch

NAME = "aleppo-dispatch-archive-offline"
ZIP_EARLIEST = 315532800  # 1980-01-01T00:00:00Z
ZIP_LATEST = 4354819198  # 2107-12-31T23:59:58Z
# For a web host only: the custom domain, and the page answering a missing
# address (its links lead to the site on the web, by design).
HOSTING_FILES = {"CNAME", "404.html"}
FILE_MODE = 0o100644
FOLDER_MODE = 0o040755
UNIX = 3
README = """Aleppo Dispatch Archive, offline copy

Open index.html in this folder with any web browser. Every page, link and
style is inside this folder, so no network connection is needed. Keep the
folder whole: a page moved out of it loses its links.
"""


def source_date_epoch(site: Path) -> int:
    """Seconds since 1970 for every entry, within what a zip can store."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not value.isdigit():
        raise SystemExit(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds")
    epoch = int(value) if value else int(last_commit_epoch(site) or 0) or ZIP_EARLIEST
    return min(max(epoch, ZIP_EARLIEST), ZIP_LATEST)


def site_files(site: Path) -> list[Path]:
    """The files to ship, relative to site; refuses links and special files."""
    files = []
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise SystemExit(f"{path}: only plain files and folders can be zipped")
        hidden = any(part.startswith(".") for part in relative.parts)
        if path.is_file() and not hidden and relative.as_posix() not in HOSTING_FILES:
            files.append(relative)
    return files


def entry(name: str, mode: int, date_time: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = UNIX
    info.external_attr = mode << 16
    if name.endswith("/"):
        info.external_attr |= 0x10  # the MS-DOS directory flag
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def make_zip(site: Path, output: Path, epoch: int) -> Path:
    files = site_files(site)
    if Path("index.html") not in files:
        raise SystemExit(f"{site}/index.html is missing: build the site first")
    contents = {f"{NAME}/{path.as_posix()}": (site / path).read_bytes() for path in files}
    contents[f"{NAME}/README.txt"] = README.encode("utf-8")
    folders = {f"{NAME}/"} | {
        f"{NAME}/{parent.as_posix()}/" for path in files for parent in path.parents if parent.parts
    }
    date_time = time.gmtime(epoch)[:6]
    output.mkdir(parents=True, exist_ok=True)
    target = output / f"{NAME}.zip"
    partial = output / f".{NAME}.zip.partial"
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(folders | set(contents)):
            if name in folders:
                archive.writestr(entry(name, FOLDER_MODE, date_time), b"")
            else:
                archive.writestr(entry(name, FILE_MODE, date_time), contents[name], compresslevel=9)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}/ does not exist: build the site first", file=sys.stderr)
        return 1
    target = make_zip(args.site, args.output, source_date_epoch(args.site))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"wrote {target} (sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
