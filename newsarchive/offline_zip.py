"""Zip the built site for reading offline: unpack anywhere, open index.html.

    python -m newsarchive.offline_zip --site output --output dist

writes dist/aleppo-dispatch-archive-offline.zip holding one folder,
aleppo-dispatch-archive-offline/, with the site, a README.txt and a
SHA256SUMS of every other file in the folder (so an unpacked copy can be
checked: `sha256sum -c SHA256SUMS`, or `make verify COPY=folder`), and
rewrites dist/SHA256SUMS for every file in dist/. 404.html and hidden files
stay out of the zip: only a web host reads them.

The same site always gives the same bytes (newsarchive.fixed_zip): entries
are sorted, with fixed permissions and one timestamp, the build's source
date, read from its manifest (newsarchive.manifest).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from newsarchive.books import report_skipped
from newsarchive.checksums import SUMS, sha256_bytes, sha256_file, sums_text, write_sha256sums
from newsarchive.dates import iso_z
from newsarchive.fixed_zip import write_zip
from newsarchive.manifest import ManifestError, read_manifest

NAME = "aleppo-dispatch-archive-offline"
# The page a web host answers a missing address with (its links lead to the
# site on the web, by design).
HOSTING_FILES = {"404.html"}
README = """Aleppo Dispatch Archive, offline copy

Open index.html in this folder with any web browser. Every page, link and
style is inside this folder, so no network connection is needed. Keep the
folder whole: a page moved out of it loses its links.

SHA256SUMS lists the SHA-256 of every other file in this folder. To check
that the copy is whole and unchanged, run in this folder:

    sha256sum -c SHA256SUMS

(on macOS: shasum -a 256 -c SHA256SUMS). A file that is not listed there
was not part of the copy.
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
    manifest = read_manifest(site)
    report_skipped(manifest, "one-file copy or book")
    moment = manifest.moment
    print(f"every date is {iso_z(moment)}, from the {manifest.source_date_from}")
    contents = {f"{NAME}/{path.as_posix()}": (site / path).read_bytes() for path in files}
    contents[f"{NAME}/README.txt"] = README.encode("utf-8")
    digests = {name.removeprefix(f"{NAME}/"): sha256_bytes(data) for name, data in contents.items()}
    contents[f"{NAME}/{SUMS}"] = sums_text(digests).encode("utf-8")
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
    try:
        target = make_zip(args.site, args.output)
    except (ManifestError, OSError) as error:
        # OSError: a file the manifest names is gone, or dist/ cannot be written.
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {target} (sha256 {sha256_file(target)})")
    sums = write_sha256sums(args.output)
    print(f"wrote {sums}; check with: cd {args.output} && sha256sum -c {sums.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
