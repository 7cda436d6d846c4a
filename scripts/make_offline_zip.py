"""Zip the built site for reading offline: unpack anywhere, open index.html.

    python scripts/make_offline_zip.py --site output --output dist

writes dist/aleppo-dispatch-archive-offline.zip holding one folder,
aleppo-dispatch-archive-offline/, with the site and a README.txt, and
rewrites dist/SHA256SUMS for every file in dist/. 404.html and hidden files
stay out of the zip: only a web host reads them.

The same site always gives the same bytes (scripts/archive/fixed_zip.py):
entries are sorted, with fixed permissions and one timestamp, the date the
archive uses too (scripts/archive/source_date.py).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from archive.checksums import sha256_file, write_sha256sums
from archive.fixed_zip import write_zip
from archive.source_date import iso_z, source_date
from archive.standalone import find_copies

PROJECT = Path(__file__).resolve().parent.parent
NAME = "aleppo-dispatch-archive-offline"
# The page a web host answers a missing address with (its links lead to the
# site on the web, by design).
HOSTING_FILES = {"404.html"}
README = """Aleppo Dispatch Archive, offline copy

Open index.html in this folder with any web browser. Every page, link and
style is inside this folder, so no network connection is needed. Keep the
folder whole: a page moved out of it loses its links.
"""


def site_files(site: Path) -> list[Path]:
    """The files to ship, relative to site; refuses links and special files."""
    files = []
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise SystemExit(f"error: {path}: only plain files and folders can be zipped")
        hidden = any(part.startswith(".") for part in relative.parts)
        if path.is_file() and not hidden and relative.as_posix() not in HOSTING_FILES:
            files.append(relative)
    return files


def make_zip(site: Path, output: Path) -> Path:
    files = site_files(site)
    if Path("index.html") not in files:
        raise SystemExit(f"error: {site}/index.html is missing: build the site first")
    copies = find_copies(site)
    moment, basis = source_date(PROJECT, copies[0].date_published if copies else None)
    print(f"every date is {iso_z(moment)}, from the {basis}")
    contents = {f"{NAME}/{path.as_posix()}": (site / path).read_bytes() for path in files}
    contents[f"{NAME}/README.txt"] = README.encode("utf-8")
    members = ((name, contents[name], zipfile.ZIP_DEFLATED) for name in sorted(contents))
    output.mkdir(parents=True, exist_ok=True)
    target = output / f"{NAME}.zip"
    write_zip(target, members, moment)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"error: {args.site}/ does not exist: build the site first", file=sys.stderr)
        return 1
    target = make_zip(args.site, args.output)
    print(f"wrote {target} (sha256 {sha256_file(target)})")
    sums = write_sha256sums(args.output)
    print(f"wrote {sums}; check with: cd {args.output} && sha256sum -c {sums.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
