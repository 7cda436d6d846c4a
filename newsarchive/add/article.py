"""The one writer of `make add`: a source text, its article's header fields
and, when the article came from a page, the page as captured; it writes the
source and the capture into provenance/ and the article into content/, or,
when anything is wrong, nothing at all.

The header is complete, the body is each source paragraph escaped
(newsarchive.markdown_escape), and before anything is written the build's
own checks run on what would be: the source is read back as the build reads
it (newsarchive.source_text), the header is checked against the schema
(newsarchive.article_schema) and the article proven against its source
(newsarchive.source_proof). What the next build would refuse is refused here.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from newsarchive.checksums import sha256_bytes, sha256_file
from newsarchive.header import read_header
from newsarchive.markdown_escape import escape_paragraph
from newsarchive.plugins.content_schema import article_files as generator_files
from newsarchive.plugins.content_schema import find_problems
from newsarchive.source_proof import Claim, first_difference
from newsarchive.source_text import (
    PROVENANCE,
    SourceFormatError,
    SourceText,
    format_source_text,
    parse_source_text,
)
from newsarchive.whitespace import header_value

# Header fields in the order they are written.
ORDER = (
    "title", "date", "category", "tags", "slug", "lang", "status", "summary", "publisher",
    "original_url", "photo_alt", "photo_caption", "photo_credit", "source_sha256",
    "capture_sha256",
)  # fmt: skip
SLUG_LENGTH = 80


class AddError(Exception):
    """One line saying why nothing was added."""


@dataclass(frozen=True)
class Capture:
    data: bytes
    suffix: str  # ".html" for a saved page, ".warc.gz" for a fetch


@dataclass(frozen=True)
class Added:
    article: Path
    source: Path
    capture: Path | None
    fields: dict[str, str]


def label(key: str) -> str:
    return key[:1].upper() + key[1:]


def slug_of(title: str) -> str:
    """The title as an address: ASCII letters, digits and hyphens, cut at a hyphen."""
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug.strip("-")


def split_caption(line: str, credit: str | None) -> tuple[str, str | None]:
    """Line 2 of a source as its caption and credit, the credit ending it
    (or, when it is all of the line, a credit without a caption)."""
    if not credit:
        return line, None
    if not line.endswith(credit):
        raise AddError(f"PHOTO_CREDIT {credit!r} does not end line 2 of the source: {line!r}")
    return header_value(line[: -len(credit)]), credit


def header_fields(source: SourceText, given: dict[str, str]) -> dict[str, str]:
    """Every field: as given, else derived from the source."""
    fields = {key: header_value(value) for key, value in given.items() if header_value(value)}
    if "title" not in fields:
        raise AddError("Title: is required; give TITLE=...")
    # Not required by the schema, but an added article always says where it is from.
    for key in ("publisher", "original_url"):
        if key not in fields:
            raise AddError(f"{label(key)}: is missing; give {key.upper()}=...")
    fields.setdefault("slug", slug_of(fields["title"]))
    if not fields["slug"]:
        raise AddError(f"Slug: cannot be derived from the title {fields['title']!r}; give SLUG=...")
    fields.setdefault("summary", header_value(source.paragraphs[0]))
    fields.setdefault("status", "draft")
    if source.alt:
        fields["photo_alt"] = source.alt
    caption, credit = split_caption(source.caption, fields.pop("photo_credit", None))
    if caption:
        fields["photo_caption"] = caption
    if credit:
        fields["photo_credit"] = credit
    return fields


def markdown_of(fields: dict[str, str], source: SourceText) -> str:
    header = "\n".join(f"{label(key)}: {value}" for key, value in fields.items())
    body = "\n\n".join(escape_paragraph(paragraph) for paragraph in source.paragraphs)
    return f"{header}\n\n{body}\n"


def article_files(settings: dict) -> list[Path]:
    """The Markdown files Pelican's article generator reads, in every folder
    of content/, with its excludes and ignores (Generator.get_files)."""
    content = settings["PATH"]
    # Only the listing is wanted: no plugin has anything to add to it.
    with signals.generator_init.muted():
        generator = Generator({}, settings, content, settings["THEME"], settings["OUTPUT_PATH"])
    listed = generator_files(generator)
    return sorted(p for p in listed if p.suffix.lstrip(".") in MarkdownReader.file_extensions)


def already_there(
    project: Path, fields: dict, digests: dict[str, str], settings: dict
) -> str | None:
    """Why the archive already holds this article or its source, or None."""
    for path in sorted((project / PROVENANCE).glob("*")):
        if path.is_file() and sha256_file(path) in digests.values():
            return f"the archive already holds this source: {path.relative_to(project)}"
    for path in article_files(settings):
        header, _ = read_header(path.read_text(encoding="utf-8", errors="replace"))
        shown = os.path.relpath(path, project)
        if header.get("slug") == fields["slug"]:
            return f"Slug: {fields['slug']!r} is already used by {shown}; give SLUG=..."
        if header.get("source_sha256") == digests["source_sha256"]:
            return f"the archive already holds this source: {shown}"
        if fields.get("original_url") and header.get("original_url") == fields["original_url"]:
            return f"the archive already holds {fields['original_url']}: {shown}"
    return None


def read_back(source_bytes: bytes, source: SourceText, origin: str) -> SourceText:
    """The source as the build will read it from provenance/, which must be
    the text the article is written from."""
    try:
        text = source_bytes.decode("utf-8")
        read = parse_source_text(text)
    except (UnicodeDecodeError, SourceFormatError) as error:
        raise AddError(f"{origin}the source would not read back: {error}") from None
    if read != source:
        raise AddError(f"{origin}the source would not read back as the text it was made of")
    return read


def build_problem(markdown: str, source: SourceText, settings: dict) -> str | None:
    """The first problem the build would find in the article: its header
    against the schema, then its page against its source."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "new.md")
        path.write_text(markdown, encoding="utf-8")
        for problem in find_problems([path], settings):
            hint = f"; give {problem.field.upper()}=..." if problem.message == "is missing" else ""
            return f"{problem.field}: {problem.message}{hint}" if problem.field else problem.message
        html, metadata = MarkdownReader(settings).read(str(path))
    parts = ("photo_alt", "photo_caption", "photo_credit")
    claim = Claim("", "", "", *(metadata.get(key, "") for key in parts), lambda: html)
    if difference := first_difference(claim, source):
        return f"the article would not match its source: {difference}"
    return None


def write_new(files: list[tuple[Path, bytes]]) -> None:
    """Create each file, never over an existing one; on any failure remove
    the ones this call created, so nothing is left half written."""
    created: list[Path] = []
    try:
        for path, data in files:
            with path.open("xb") as file:
                created.append(path)
                file.write(data)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise


def add_article(
    project: Path,
    source: SourceText,
    given: dict[str, str],
    settings: dict,
    source_bytes: bytes | None = None,
    capture: Capture | None = None,
    origin: str = "",
) -> Added:
    """Write the article; the source's own bytes are kept when it came as a
    file. origin names where a source made here came from, for its errors."""
    origin = f"{origin}: " if origin else ""
    if source_bytes is None:
        # Made here: it must read back as the text it was made of. A file
        # given as the source was already read with the build's rule.
        try:
            source_bytes = format_source_text(source).encode("utf-8")
        except SourceFormatError as error:
            raise AddError(f"{origin}{error}") from None
        source = read_back(source_bytes, source, origin)
    digests = {"source_sha256": sha256_bytes(source_bytes)}
    if capture:
        digests["capture_sha256"] = sha256_bytes(capture.data)
    fields = header_fields(source, given) | digests
    fields = {key: fields[key] for key in ORDER if key in fields}
    markdown = markdown_of(fields, source)
    if problem := build_problem(markdown, source, settings):
        raise AddError(problem)
    if reason := already_there(project, fields, digests, settings):
        raise AddError(reason)
    slug = fields["slug"]
    article = project / "content" / f"{slug}.md"
    kept = project / PROVENANCE / f"{slug}-{digests['source_sha256'][:16]}.txt"
    files = [(kept, source_bytes), (article, markdown.encode("utf-8"))]
    captured = None
    if capture:
        captured = project / PROVENANCE / f"{slug}-{digests['capture_sha256'][:16]}{capture.suffix}"
        files.insert(1, (captured, capture.data))
    try:
        write_new(files)
    except FileExistsError as error:
        raise AddError(f"{os.path.relpath(error.filename, project)} already exists") from None
    return Added(article, kept, captured, fields)
