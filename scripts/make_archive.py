"""Write the archive files of a built site into one folder:

- each article as one self-contained HTML file (copied from the site),
- NAME.wacz, a web archive of the whole site as served at its address,
- NAME-bag.zip, a BagIt bag of the site and of each article's plain-text
  source and Markdown file,
- SHA256SUMS over every file in the folder.

    python scripts/make_archive.py --site output --output dist

Every date inside comes from the source (SOURCE_DATE_EPOCH, else the last
commit, else the article's date), so the same commit gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from archive.bag import make_bag, zip_bag
from archive.checksums import write_sha256sums
from archive.served import served_files
from archive.source_date import iso_z, source_date
from archive.sources import article_sources
from archive.standalone import StandaloneCopy, find_copies
from archive.wacz_package import Page, make_wacz
from archive.warc import WARC_VERSION, write_warc

PROJECT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"archive: {message}", flush=True)


def base_name(site_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "site"


def origin(copy: StandaloneCopy) -> str:
    """Headline, publisher, date and address of an article's first publication."""
    text = f"{copy.title}, first published"
    if copy.publisher:
        text += f" by {copy.publisher}"
    text += f" on {copy.date_published[:10]}"
    if copy.original_url:
        text += f" at {copy.original_url}"
    return text


def describe(copies: list[StandaloneCopy]) -> str:
    first = copies[0]
    articles = "; ".join(origin(copy) for copy in copies)
    return f"{first.site_name}, as served at {first.site_url}: {articles}."


def warcinfo(copies: list[StandaloneCopy], basis: str) -> dict[str, str]:
    first = copies[0]
    return {
        "software": f"{first.generator} (site); warcio {version('warcio')} (records)",
        "format": f"WARC File Format {WARC_VERSION}",
        "isPartOf": first.site_name,
        "description": describe(copies)
        + " Recorded from the built files, each at its address; dates are the "
        + f"source's ({basis}), not a crawl's.",
    }


def bag_info(copies: list[StandaloneCopy], moment: datetime, basis: str) -> dict:
    first = copies[0]
    return {
        "Source-Organization": first.site_name,
        "External-Identifier": first.site_url,
        "External-Description": describe(copies)
        + " data/site/ holds the site as built; data/source/ the plain-text source of each "
        + "article (its SHA-256 is Source-Text-SHA256) and the Markdown file built from it.",
        "Bagging-Date": moment.date().isoformat(),
        "Source-Date": iso_z(moment),
        "Source-Date-From": basis,
        "Generator": first.generator,
        # One line per article that has the value.
        "Original-URL": [c.original_url for c in copies if c.original_url],
        "Original-Publisher": [c.publisher for c in copies if c.publisher],
        "Original-Date-Published": [c.date_published for c in copies],
        "Canonical-URL": [c.canonical_url for c in copies],
        "Source-Text-SHA256": [c.source_sha256 for c in copies if c.source_sha256],
    }


def write_wacz(
    site: Path, copies: list[StandaloneCopy], destination: Path, moment: datetime, basis: str
) -> None:
    first = copies[0]
    with tempfile.TemporaryDirectory(prefix="wacz-") as scratch:
        work = Path(scratch)
        warc = work / destination.name.replace(".wacz", ".warc.gz")
        files = served_files(site, first.site_url)
        count = write_warc(warc, files, iso_z(moment), warcinfo(copies, basis))
        say(f"recorded {count} addresses as WARC {WARC_VERSION} request/response pairs")
        pages = [Page(first.site_url, first.site_name)]
        pages += [Page(copy.canonical_url, copy.title) for copy in copies]
        main_page = first.canonical_url
        make_wacz(
            destination, warc, pages, main_page, first.site_name, describe(copies), moment, work
        )


def write_bag(
    site: Path, copies: list[StandaloneCopy], destination: Path, moment: datetime, basis: str
) -> None:
    sources = [path for copy in copies for path in article_sources(copy.source_sha256)]
    with tempfile.TemporaryDirectory(prefix="bag-") as scratch:
        bag_dir = Path(scratch) / "bag"
        make_bag(site, sources, bag_dir, bag_info(copies, moment, basis))
        zip_bag(bag_dir, destination, moment)


def make_archive(site: Path, output: Path) -> list[Path]:
    copies = find_copies(site)
    if not copies:
        raise SystemExit(f"error: {site}/ holds no one-file article copy; set STANDALONE_SAVE_AS")
    first = copies[0]
    moment, basis = source_date(PROJECT, first.date_published)
    name = base_name(first.site_name)
    say(f"{len(copies)} one-file article copy(ies) in {site}/, site {first.site_url}")
    say(f"every date is {iso_z(moment)}, from the {basis}")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for copy in copies:
        written.append(output / copy.path.name)
        shutil.copyfile(copy.path, written[-1])
        say(f"wrote {written[-1]}")
    written.append(output / f"{name}.wacz")
    write_wacz(site, copies, written[-1], moment, basis)
    say(f"wrote {written[-1]}")
    written.append(output / f"{name}-bag.zip")
    write_bag(site, copies, written[-1], moment, basis)
    say(f"wrote {written[-1]}")
    sums = write_sha256sums(output)
    say(f"wrote {sums}; check with: cd {output} && sha256sum -c {sums.name}")
    return [*written, sums]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    make_archive(args.site, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
