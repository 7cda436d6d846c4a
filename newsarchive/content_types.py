"""The Content-Type each kind of file is served with, as GitHub Pages serves
them: one table for the web archive's records and for the local servers.
Fixed here rather than read from the system's MIME table, which differs
between machines and would change the archive's bytes."""

from __future__ import annotations

from pathlib import Path

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".epub": "application/epub+zip",
    # The citation files. GitHub Pages types files by the mime-db list, which
    # has RIS but no BibTeX: a .bib is served as an unknown file, to download.
    ".ris": "application/x-research-info-systems",
    ".bib": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}
DEFAULT_TYPE = "application/octet-stream"


def content_type(path: Path | str) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), DEFAULT_TYPE)
