"""Check every article file against the metadata schema (newsarchive.article_schema) before
Pelican reads any, and stop the build with one line per problem. Pelican
alone drops an article with a bad date and exits 0, names a page ``.html``
for an empty title, and completes a partial date with today's.

The files are those Pelican's article generator lists (``get_files``, so its
excludes and ignores apply); one that is not Markdown is a problem too, since
Pelican would skip it without a word.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from newsarchive.article_schema import (
    FIELDS,
    REQUIRED,
    TERMS,
    address_problems,
    missing_partners,
    value_problems,
)
from newsarchive.header import read_header

MARKDOWN_SUFFIXES = {f".{extension}" for extension in MarkdownReader.file_extensions}


class ContentError(Exception):
    """Stops the build, after each problem was printed on its own line."""

    exitcode = 2


@dataclass(frozen=True)
class ContentProblem:
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.message}"


def field_label(key: str) -> str:
    return key[:1].upper() + key[1:]


def header_problems(shown: str, metadata: dict[str, str], settings: dict) -> list[ContentProblem]:
    problems = [
        ContentProblem(shown, field_label(key), "is missing")
        for key in REQUIRED
        if key not in metadata
    ]
    problems += [ContentProblem(shown, field_label(k), m) for k, m in missing_partners(metadata)]
    for key, value in metadata.items():
        if key not in FIELDS:
            guess = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
            hint = f"; did you mean {field_label(guess[0])!r}?" if guess else ""
            problems.append(ContentProblem(shown, field_label(key), f"is not a known field{hint}"))
            continue
        problems += [
            ContentProblem(shown, field_label(key), message)
            for message in value_problems(key, value, settings)
        ]
    return problems


def check_file(path: Path, shown: str, settings: dict) -> tuple[list[ContentProblem], dict]:
    """The file's own problems and its metadata (empty when unreadable)."""
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        message = (
            "is not a Markdown (.md) file; articles are Markdown: rename it to .md, move it "
            "out of content/, or add a pattern for it to IGNORE_FILES in pelicanconf.py"
        )
        return [ContentProblem(shown, "", message)], {}
    data = path.read_bytes()
    if not data.strip():
        return [ContentProblem(shown, "", "the file is empty")], {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte 0x{data[error.start]:02X} at offset {error.start})"
        return [ContentProblem(shown, "", message)], {}
    metadata, body = read_header(text)
    if not metadata:
        return [ContentProblem(shown, "", "has no metadata header")], {}
    problems = header_problems(shown, metadata, settings)
    if not body:
        problems.append(ContentProblem(shown, "", "has a header but no article text"))
    return problems, metadata


def shown_path(path: Path, here: Path) -> str:
    """The path as the person running the build would type it."""
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def shared_slugs(files_by_slug: dict[str, list[str]]) -> list[ContentProblem]:
    problems = []
    for slug, shown_files in files_by_slug.items():
        for shown in shown_files if len(shown_files) > 1 else ():
            others = ", ".join(other for other in shown_files if other != shown)
            problems.append(ContentProblem(shown, "Slug", f"{slug!r} is also used by {others}"))
    return problems


def term_problems(
    files_by_term: dict[tuple[str, str], list[str]], settings: dict
) -> list[ContentProblem]:
    problems = []
    for (key, name), shown_files in files_by_term.items():
        messages = address_problems(TERMS[key].wrapper, name, settings)
        problems += [
            ContentProblem(shown, field_label(key), message)
            for shown in shown_files
            for message in messages
        ]
    return problems


def find_problems(files: Iterable[Path], settings: dict | None = None) -> list[ContentProblem]:
    """Every problem of each file, then every slug two files share and every
    category or tag name that gives no address."""
    settings = settings or DEFAULT_CONFIG
    here = Path.cwd().resolve()
    problems: list[ContentProblem] = []
    files_by_slug: dict[str, list[str]] = {}
    files_by_term: dict[tuple[str, str], list[str]] = {}
    for path in sorted(Path(file).absolute() for file in files):
        shown = shown_path(path, here)
        file_problems, metadata = check_file(path, shown, settings)
        problems += file_problems
        if metadata.get("slug"):
            files_by_slug.setdefault(metadata["slug"], []).append(shown)
        for key, term in TERMS.items():
            for name in term.names(metadata.get(key, "")):
                if name:
                    files_by_term.setdefault((key, name), []).append(shown)
    return problems + shared_slugs(files_by_slug) + term_problems(files_by_term, settings)


def article_files(generator) -> list[Path]:
    """Every file the article generator would look at, whatever its kind."""
    settings = generator.settings
    relative = generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"], extensions=False
    )
    return [Path(generator.path, name) for name in relative]


def check_articles(generator) -> None:
    problems = find_problems(article_files(generator), generator.settings)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr, flush=True)
    if problems:
        raise ContentError(f"{len(problems)} problem(s) in content; nothing was written")


def register() -> None:
    # Sent once per build, after the generator is set up and before it reads
    # any file; under --autoreload, again on every rebuild.
    signals.article_generator_init.connect(check_articles)
