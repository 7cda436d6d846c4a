"""`make add`: one command from a source to a draft article, three ways in.

    make add SOURCE=article.txt ORIGINAL_URL=https://... TITLE="..." \\
        DATE=2014-07-08T09:30:00-04:00 PUBLISHER="..." CATEGORY=World
    make add HTML=saved-page.html ORIGINAL_URL=https://...
    make add ORIGINAL_URL=https://...

SOURCE is a plain-text source in provenance/'s format; HTML a saved page;
ORIGINAL_URL alone fetches the page. A page's text is written as such a
source and goes through the same writer (newsarchive.add.article), and the
page itself is kept beside it. A field given on the command line wins over
one found in the page. Any problem is one line, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pelican.settings import read_settings

from newsarchive.source_text import SourceFormatError, SourceText, parse_source_text

from .article import Added, AddError, Capture, add_article

# Where a field not given and not found in a page comes from.
DERIVED = {
    "slug": "from the title", "summary": "the first paragraph", "status": "a new article's",
    "photo_alt": "line 1 of the source", "photo_caption": "line 2 of the source",
    "photo_credit": "line 2 of the source",
}  # fmt: skip
# make's variable for each header field it may give.
FIELDS = {
    "TITLE": "title", "DATE": "date", "PUBLISHER": "publisher", "CATEGORY": "category",
    "TAGS": "tags", "LANG": "lang", "SLUG": "slug", "SUMMARY": "summary",
    "PHOTO_CREDIT": "photo_credit", "STATUS": "status", "ORIGINAL_URL": "original_url",
}  # fmt: skip


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise AddError(f"{path}: cannot read the {what}: {error.strerror}") from None


def from_source(path: Path) -> tuple[SourceText, bytes]:
    data = read_file(path, "source")
    try:
        return parse_source_text(data.decode("utf-8")), data
    except UnicodeDecodeError as error:
        raise AddError(f"{path}: is not UTF-8 text (byte at offset {error.start})") from None
    except SourceFormatError as error:
        raise AddError(f"{path}: {error}") from None


def from_page(html: bytes, url: str | None, given: dict[str, str], shown: str):
    """The source text of a page, its fields and where each was found."""
    from .page import NoArticle, read_page  # trafilatura loads in a second

    try:
        found = read_page(html, url)
    except NoArticle as error:
        raise AddError(f"{shown}: {error}") from None
    values = dict(found.values)
    caption = values.pop("photo_caption", "")
    credit = given.get("photo_credit") or values.pop("photo_credit", "")
    # Line 2 of the source is the caption, then its credit; either may be all of it.
    line = caption if caption.endswith(credit) else " ".join(filter(None, (caption, credit)))
    source = SourceText(values.pop("photo_alt", ""), line, tuple(found.paragraphs))
    return source, values | given | {"photo_credit": credit}, found.where


def report(
    added: Added, project: Path, where: dict[str, str], given: dict[str, str], settings: dict
) -> None:
    shown = added.article.relative_to(project)
    print(f"added {shown} ({added.fields['status']}), from {added.source.relative_to(project)}")
    for key, value in added.fields.items():
        if key.endswith("sha256"):
            continue
        origin = "given" if key in given else where.get(key) or DERIVED.get(key, "derived")
        print(f"  {key + ':':<15} {value}  [{origin}]")
    if added.capture:
        digest = added.fields["capture_sha256"]
        print(f"kept the page as {added.capture.relative_to(project)} (SHA-256 {digest})")
    if added.fields["status"] == "draft":
        page = draft_page(added.fields, settings)
        print(
            f"It is a draft: read it with `make html` (output/{page}), "
            f"then publish it by changing `Status: draft` to `Status: published` in {shown}."
        )


def draft_page(fields: dict[str, str], settings: dict) -> str:
    """Where `make html` writes the draft (Pelican's DRAFT_SAVE_AS settings)."""
    lang = fields.get("lang", settings["DEFAULT_LANG"])
    if lang != settings["DEFAULT_LANG"]:
        return settings["DRAFT_LANG_SAVE_AS"].format(slug=fields["slug"], lang=lang)
    return settings["DRAFT_SAVE_AS"].format(slug=fields["slug"])


def run(args: argparse.Namespace) -> int:
    project = args.project
    given = {
        key: value for name, key in FIELDS.items() if (value := getattr(args, name)) is not None
    }
    if args.SOURCE and args.HTML:
        raise AddError("give SOURCE or HTML, not both")
    if not (args.SOURCE or args.HTML or given.get("original_url")):
        raise AddError("give SOURCE=text file, HTML=saved page or ORIGINAL_URL=address")
    settings = read_settings(str(project / "pelicanconf.py"))
    where: dict[str, str] = {}
    capture = source_bytes = None
    if args.SOURCE:
        source, source_bytes = from_source(Path(args.SOURCE))
        fields, shown = given, args.SOURCE
        print(f"read {len(source.paragraphs)} paragraph(s) from {shown}")
    else:
        if args.HTML:
            html = read_file(Path(args.HTML), "saved page")
            url, shown, capture = given.get("original_url"), args.HTML, Capture(html, ".html")
        else:
            from .fetch import FetchError, fetch

            try:
                fetched = fetch(given["original_url"])
            except FetchError as error:
                raise AddError(str(error)) from None
            for hop in fetched.hops[1:]:
                print(f"redirected to {hop}")
            html, url, shown = fetched.body, fetched.url, fetched.url
            capture = Capture(fetched.warc, ".warc.gz")
        source, fields, where = from_page(html, url, given, shown)
        print(f"found {len(source.paragraphs)} paragraph(s) in {shown}")
    added = add_article(project, source, fields, settings, source_bytes, capture, shown)
    report(added, project, where, given, settings)
    return 0


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )  # fmt: skip
    parser.add_argument("--project", type=Path, default=Path("."), help="the project folder")
    for name in ("SOURCE", "HTML", *FIELDS):
        parser.add_argument(f"--{name.lower().replace('_', '-')}", f"--{name}", dest=name)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except AddError as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was added", file=sys.stderr)
        return 2
