"""Copy the EPUB books of a built site, and each article's citation files
(SLUG.bib, SLUG.ris), into the folder handed out (dist/), and rewrite its
SHA256SUMS: `make epub`, and part of `make dist` and `make archive`.

    python -m newsarchive.books --site output --output dist

The site build writes the books (newsarchive.plugins.epub_copy) and the
citation files (newsarchive.plugins.citations), so that the pages can link to
them; this puts them beside the other files to hand out. Which there are,
and which articles have none and why, is read from the build's manifest.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from newsarchive.checksums import sha256_file, write_sha256sums
from newsarchive.manifest import BuildManifest, ManifestError, read_manifest


def report_skipped(manifest: BuildManifest, what: str, say=print) -> None:
    """Name each article that got no copy of this kind, and why."""
    for article in manifest.not_copied():
        say(f"no {what} for {article.markdown_file}: {article.no_copy_reason}")


def copy_books(site: Path, output: Path) -> list[Path]:
    manifest = read_manifest(site)
    report_skipped(manifest, "book")
    books = [article.epub for article in manifest.articles if article.epub]
    if not books:
        raise ManifestError(f"{site}/ holds no EPUB book: no article records its Source_sha256")
    citations = [name for a in manifest.articles for name in (a.bib, a.ris) if name]
    output.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in books + citations:
        copied.append(Path(shutil.copyfile(site / name, output / Path(name).name)))
        print(f"wrote {copied[-1]} (sha256 {sha256_file(copied[-1])})")
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    try:
        copy_books(args.site, args.output)
    except (ManifestError, OSError) as error:
        # OSError: a file the manifest names is gone, or dist/ cannot be written.
        print(f"error: {error}", file=sys.stderr)
        return 2
    sums = write_sha256sums(args.output)
    print(f"wrote {sums}; check with: cd {args.output} && sha256sum -c {sums.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
