"""The built site as a web server (GitHub Pages) serves it: every file at its
address under the site URL, with its content type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsarchive.content_types import content_type
from newsarchive.iri import iri_to_uri


@dataclass(frozen=True)
class ServedFile:
    path: Path
    url: str
    content_type: str


def served_files(site: Path, site_url: str) -> list[ServedFile]:
    """Each file at its own address, and each index.html also at its folder's
    address; files whose name starts with a dot are not served."""
    base = site_url.rstrip("/") + "/"
    served = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        kind = content_type(path)
        if path.name == "index.html":
            served.append(ServedFile(path, base + iri_to_uri(relative[: -len("index.html")]), kind))
        served.append(ServedFile(path, base + iri_to_uri(relative), kind))
    return served
