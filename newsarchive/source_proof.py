"""The proof that an article is its source's own words: the rule the build
applies to every article that records a Source_sha256 (published, hidden, and
drafts where they are written).

- A file in provenance/ has exactly that SHA-256, and so has one for the
  Capture_sha256 of the page it was taken from, when the article records one.
- The source (newsarchive.source_text) and what the article renders say the
  same: Photo_alt is line 1; Photo_caption and Photo_credit, joined by a
  space, are line 2; and each body paragraph, in order, is the source's
  paragraph. Texts are compared as a reader gets them: the page's entities
  decoded, each run of HTML whitespace one space (newsarchive.whitespace: a
  no-break space is a character of the text).

Every file of provenance/ is read once per build, and each article's HTML
rendered and parsed once, when its source is read: the proof grows linearly
with the archive and holds one source and one page at a time.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import zip_longest
from pathlib import Path

from newsarchive.checksums import sha256_bytes
from newsarchive.source_text import PROVENANCE, SourceFormatError, SourceText, parse_source_text
from newsarchive.whitespace import as_read

# Elements that end one paragraph of text and start another.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})  # fmt: skip
EXCERPT = 24  # characters of context on each side of the first difference


@dataclass(frozen=True)
class Claim:
    """What an article says it was made from, and what it renders."""

    shown: str  # the content file, as the person running the build types it
    source_sha256: str
    capture_sha256: str
    photo_alt: str
    photo_caption: str
    photo_credit: str
    html: Callable[[], str]  # renders the body: asked for once, when it is compared


@dataclass(frozen=True)
class ProvenFiles:
    """The files of provenance/ an article was proven against, relative to
    the project folder."""

    source_text: str
    capture: str | None


class Paragraphs(HTMLParser):
    """The text of each block of an HTML fragment, as a reader reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.pending: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS:
            self.end_block()
        elif tag == "br":
            self.pending.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.end_block()

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    def end_block(self) -> None:
        if text := as_read("".join(self.pending)):
            self.found.append(text)
        self.pending = []


def page_paragraphs(html: str) -> list[str]:
    parser = Paragraphs()
    parser.feed(html)
    parser.close()
    parser.end_block()
    return parser.found


def excerpts(source: str, page: str) -> str:
    """Both texts around their first difference."""
    at = len(os.path.commonprefix([source, page]))
    start = max(0, at - EXCERPT)

    def around(text: str) -> str:
        cut = text[start : at + EXCERPT]
        return f"{'…' if start else ''}{cut}{'…' if at + EXCERPT < len(text) else ''}"

    return f"source {around(source)!r}, page {around(page)!r}"


def first_difference(claim: Claim, source: SourceText) -> str | None:
    """Where the article first says other than its source, or None."""
    caption = " ".join(part for part in (claim.photo_caption, claim.photo_credit) if part)
    for field, line, mine, theirs in (
        ("Photo_alt", 1, claim.photo_alt, source.alt),
        ("Photo_caption and Photo_credit", 2, caption, source.caption),
    ):
        if as_read(mine) != as_read(theirs):
            return f"{field} differ from line {line}: {excerpts(as_read(theirs), as_read(mine))}"
    shown = page_paragraphs(claim.html())
    expected = [as_read(paragraph) for paragraph in source.paragraphs]
    for number, (theirs, mine) in enumerate(zip_longest(expected, shown), 1):
        if mine is None:
            return f"paragraph {number} is missing from the page: source {short(theirs)!r}"
        if theirs is None:
            return f"paragraph {number} is on the page but not in the source: page {short(mine)!r}"
        if theirs != mine:
            return f"paragraph {number} differs: {excerpts(theirs, mine)}"
    return None


def short(text: str) -> str:
    return text if len(text) <= 2 * EXCERPT else text[: 2 * EXCERPT] + "…"


def prove(claims: Iterable[Claim], project: Path) -> tuple[list[str], dict[str, ProvenFiles]]:
    """Each problem as one line naming its content file, and for each proven
    article (by its shown file) the files it was proven against."""
    claims = list(claims)
    folder = project / PROVENANCE
    by_source: dict[str, list[int]] = defaultdict(list)
    for number, claim in enumerate(claims):
        by_source[claim.source_sha256].append(number)
    recorded = set(by_source) | {claim.capture_sha256 for claim in claims if claim.capture_sha256}
    files: dict[str, str] = {}
    # What each claim's source says of it, filled in as each source is read.
    compared: dict[int, str | None] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if not path.is_file():
            continue
        data = path.read_bytes()
        digest = sha256_bytes(data)
        if digest in files or digest not in recorded:
            continue
        files[digest] = where = path.relative_to(project).as_posix()
        if digest in by_source:
            source = read_source(data)
            for number in by_source[digest]:
                compared[number] = source_problem(claims[number], where, source)
    problems, proven = [], {}
    for number, claim in enumerate(claims):
        if problem := missing_file(claim, files) or compared[number]:
            problems.append(f"{claim.shown}: {problem}")
        else:
            capture = files[claim.capture_sha256] if claim.capture_sha256 else None
            proven[claim.shown] = ProvenFiles(files[claim.source_sha256], capture)
    return problems, proven


def read_source(data: bytes) -> SourceText | str:
    """The source, or why it is none."""
    try:
        return parse_source_text(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"is not UTF-8 text (byte 0x{data[error.start]:02X} at offset {error.start})"
    except SourceFormatError as error:
        return str(error)


def missing_file(claim: Claim, files: dict[str, str]) -> str | None:
    digests = (("Source_sha256", claim.source_sha256), ("Capture_sha256", claim.capture_sha256))
    for field, digest in digests:
        if digest and digest not in files:
            return f"{field}: no file in {PROVENANCE}/ has the SHA-256 {digest}"
    return None


def source_problem(claim: Claim, where: str, source: SourceText | str) -> str | None:
    if isinstance(source, str):
        return f"Source_sha256: {where} {source}"
    if difference := first_difference(claim, source):
        return f"does not match {where}: {difference}"
    return None
