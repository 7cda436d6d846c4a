"""The files an article was made from: the plain-text source in provenance/
whose SHA-256 the article records (Source_sha256), and the Markdown file in
content/ that records it."""

from __future__ import annotations

import sys
from pathlib import Path

from .checksums import sha256_file

PROJECT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(PROJECT))

from plugins.content_schema import read_header  # noqa: E402


def article_sources(digest: str, project: Path = PROJECT) -> list[Path]:
    """[source text, Markdown file] for an article's Source_sha256."""
    texts = [
        path
        for path in sorted((project / "provenance").iterdir())
        if path.is_file() and sha256_file(path) == digest
    ]
    markdown = [
        path
        for path in sorted((project / "content").rglob("*.md"))
        if read_header(path.read_text(encoding="utf-8"))[0].get("source_sha256") == digest
    ]
    if len(texts) != 1 or len(markdown) != 1:
        raise SystemExit(
            f"error: Source_sha256 {digest} names {len(texts)} file(s) in provenance/ and "
            f"{len(markdown)} in content/; the archive needs exactly one of each"
        )
    return [texts[0], markdown[0]]
