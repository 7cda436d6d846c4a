"""Each source file the manifest records for an article (its plain-text
source, by Source_sha256, and the page it was taken from, by Capture_sha256)
still has the digest recorded: in the bag, which
carries the sources, and in the project's provenance/ folder when one is
given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsarchive.checksums import sha256_bytes
from newsarchive.manifest import ArticleRecord, BuildManifest

from .report import Problem


def recorded_sources(article: ArticleRecord) -> list[tuple[str, str]]:
    """(path relative to the project, SHA-256) of every source file the
    manifest records for the article."""
    recorded = [
        (article.source_text, article.source_sha256),
        (article.capture, article.capture_sha256),
    ]
    return [(path, digest) for path, digest in recorded if path and digest]


@dataclass(frozen=True)
class SourceCopies:
    """Where a copy keeps the source files: read gives the bytes of a
    recorded path in it (None when it is not there), shown its name."""

    read: Callable[[str], bytes | None]
    shown: Callable[[str], str]


def source_problems(manifest: BuildManifest, copies: SourceCopies) -> tuple[list[Problem], int]:
    """The problems of the source files in one copy, and the files checked."""
    read, shown = copies.read, copies.shown
    problems, checked = [], 0
    for article in manifest.articles:
        if article.source_sha256 and not article.source_text:
            problems.append(
                Problem(
                    article.markdown_file,
                    f"records Source_sha256 {article.source_sha256}, but the build found no "
                    "source text with it",
                )
            )
        for path, digest in recorded_sources(article):
            data = read(path)
            checked += 1
            if data is None:
                problems.append(Problem(shown(path), f"missing (source of {article.slug})"))
            elif (found := sha256_bytes(data)) != digest:
                problems.append(
                    Problem(
                        shown(path),
                        f"SHA-256 is {found}, the manifest records {digest} for {article.slug}",
                    )
                )
    return problems, checked
