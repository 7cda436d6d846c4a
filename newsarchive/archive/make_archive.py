"""Write the archive files of a built site into one folder:

- each article as one self-contained HTML file (copied from the site),
- NAME.wacz, a web archive of the whole site as served at its address,
- NAME-bag.zip, a BagIt bag of the site and of each article's plain-text
  source and Markdown file,
- SHA256SUMS over every file in the folder.

    python -m newsarchive.archive --site output --output dist

What each article is, where it came from and the one date every file
carries are read from the build's manifest (newsarchive.manifest), so the
same commit gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from newsarchive.books import report_skipped
from newsarchive.checksums import write_sha256sums
from newsarchive.manifest import ArticleRecord, BuildManifest, ManifestError, read_manifest

from .bag import make_bag, zip_bag
from .served import served_files
from .wacz_package import Page, make_wacz
from .warc import WARC_VERSION, write_saved_page, write_warc


def say(message: str) -> None:
    print(f"archive: {message}", flush=True)


def base_name(site_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "site"


def origin(article: ArticleRecord) -> str:
    """Headline, publisher, date and address of an article's first publication."""
    text = f"{article.title}, first published"
    if article.publisher:
        text += f" by {article.publisher}"
    text += f" on {article.date[:10]}"
    if article.original_url:
        text += f" at {article.original_url}"
    return text


def describe(manifest: BuildManifest) -> str:
    articles = "; ".join(origin(article) for article in manifest.copied())
    return f"{manifest.site_name}, as served at {manifest.site_url}: {articles}."


def warcinfo(manifest: BuildManifest) -> dict[str, str]:
    return {
        "software": f"{manifest.generator} (site); warcio {version('warcio')} (records)",
        "format": f"WARC File Format {WARC_VERSION}",
        "isPartOf": manifest.site_name,
        "description": describe(manifest)
        + " Recorded from the built files, each at its address; dates are the "
        + f"source's ({manifest.source_date_from}), not a crawl's.",
    }


def bag_info(manifest: BuildManifest) -> dict:
    articles = manifest.copied()
    return {
        "Source-Organization": manifest.site_name,
        "External-Identifier": f"{manifest.site_url}/",
        "External-Description": describe(manifest)
        + " data/site/ holds the site as built; data/source/ the plain-text source of each "
        + "article (its SHA-256 is Source-Text-SHA256), the Markdown file built from it and, "
        + "for an article taken from a web page, the page as captured (Capture-SHA256).",
        "Bagging-Date": manifest.moment.date().isoformat(),
        "Source-Date": manifest.source_date,
        "Source-Date-From": manifest.source_date_from,
        "Generator": manifest.generator,
        # One line per article that has the value.
        "Original-URL": [a.original_url for a in articles if a.original_url],
        "Original-Publisher": [a.publisher for a in articles if a.publisher],
        "Original-Date-Published": [a.date for a in articles],
        "Canonical-URL": [a.canonical_url for a in articles],
        "Source-Text-SHA256": [a.source_sha256 for a in articles if a.source_sha256],
        "Capture-SHA256": [a.capture_sha256 for a in articles if a.capture],
    }


def wacz_pages(manifest: BuildManifest) -> list[Page]:
    """The pages the WACZ lists: the home page and each article with copies."""
    pages = [Page(f"{manifest.site_url}/", manifest.site_name)]
    return pages + [Page(article.canonical_url, article.title) for article in manifest.copied()]


def captures(manifest: BuildManifest, project: Path, work: Path) -> list[Path]:
    """The WARC of each page an article was taken from: a fetch's own records,
    or a saved page as a resource record at its original address."""
    warcs = []
    for article in manifest.copied():
        if not article.capture:
            continue
        kept = project / article.capture
        if kept.name.endswith(".warc.gz"):
            warcs.append(kept)
        else:
            warcs.append(work / f"{kept.name}.warc.gz")
            write_saved_page(warcs[-1], article.original_url, kept, manifest.source_date)
    return warcs


def write_wacz(site: Path, manifest: BuildManifest, destination: Path, project: Path) -> None:
    articles = manifest.copied()
    with tempfile.TemporaryDirectory(prefix="wacz-") as scratch:
        work = Path(scratch)
        warc = work / destination.name.replace(".wacz", ".warc.gz")
        files = served_files(site, manifest.site_url)
        count = write_warc(warc, files, manifest.source_date, warcinfo(manifest))
        say(f"recorded {count} addresses as WARC {WARC_VERSION} request/response pairs")
        main_page = articles[0].canonical_url
        title, description = manifest.site_name, describe(manifest)
        pages = wacz_pages(manifest)
        warcs = [warc, *captures(manifest, project, work)]
        make_wacz(destination, warcs, pages, main_page, title, description, manifest.moment, work)


def article_sources(article: ArticleRecord, project: Path) -> list[Path]:
    """[plain-text source, Markdown file, captured page if any] of an article,
    as the build found them."""
    if not article.source_text:
        raise ManifestError(
            f"{article.markdown_file}: no file in provenance/ has its Source_sha256 "
            f"{article.source_sha256}; the archive needs the source text"
        )
    paths = [project / article.source_text, project / article.markdown_file]
    return paths + ([project / article.capture] if article.capture else [])


def write_bag(site: Path, manifest: BuildManifest, destination: Path, project: Path) -> None:
    sources = [path for a in manifest.copied() for path in article_sources(a, project)]
    with tempfile.TemporaryDirectory(prefix="bag-") as scratch:
        bag_dir = Path(scratch) / "bag"
        make_bag(site, sources, bag_dir, bag_info(manifest))
        zip_bag(bag_dir, destination, manifest.moment)


def make_archive(site: Path, output: Path, project: Path) -> list[Path]:
    manifest = read_manifest(site)
    report_skipped(manifest, "one-file copy", say)
    articles = manifest.copied()
    if not articles:
        raise ManifestError(f"{site}/ holds no one-file article copy; set STANDALONE_SAVE_AS")
    name = base_name(manifest.site_name)
    say(f"{len(articles)} one-file article copy(ies) in {site}/, site {manifest.site_url}")
    say(f"every date is {manifest.source_date}, from the {manifest.source_date_from}")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        written.append(output / Path(article.standalone).name)
        shutil.copyfile(site / article.standalone, written[-1])
        say(f"wrote {written[-1]}")
    written.append(output / f"{name}.wacz")
    write_wacz(site, manifest, written[-1], project)
    say(f"wrote {written[-1]}")
    written.append(output / f"{name}-bag.zip")
    write_bag(site, manifest, written[-1], project)
    say(f"wrote {written[-1]}")
    sums = write_sha256sums(output)
    say(f"wrote {sums}; check with: cd {output} && sha256sum -c {sums.name}")
    return [*written, sums]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--output", type=Path, default=Path("dist"))
    parser.add_argument(
        "--project", type=Path, default=Path("."), help="folder the manifest's source paths are in"
    )
    args = parser.parse_args(argv)
    try:
        make_archive(args.site, args.output, args.project)
    except (ManifestError, OSError) as error:
        # OSError: a file the manifest names is gone, or dist/ cannot be written.
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
