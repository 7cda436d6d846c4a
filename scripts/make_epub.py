"""Copy the EPUB books of a built site into one folder and rewrite its
SHA256SUMS: `make epub`, and part of `make dist` and `make archive`.

    python scripts/make_epub.py --site output --output dist

The books are written by the site build (plugins/epub_copy), so the site can
link to them; this puts them beside the other files to hand out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from archive.checksums import sha256_file, write_sha256sums


def copy_books(site: Path, output: Path) -> list[Path]:
    books = sorted(site.glob("*.epub"))
    if not books:
        raise SystemExit(f"error: {site}/ holds no EPUB; build the site first (EPUB_SAVE_AS)")
    output.mkdir(parents=True, exist_ok=True)
    copied = []
    for book in books:
        copied.append(Path(shutil.copyfile(book, output / book.name)))
        print(f"wrote {copied[-1]} (sha256 {sha256_file(copied[-1])})")
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    copy_books(args.site, args.output)
    sums = write_sha256sums(args.output)
    print(f"wrote {sums}; check with: cd {args.output} && sha256sum -c {sums.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
