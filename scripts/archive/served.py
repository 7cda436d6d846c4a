"""The built site as a web server (GitHub Pages) serves it: every file at its
address under the site URL, with its content type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Fixed here rather than read from the system's MIME table, which differs
# between machines and would change the archive's bytes.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".epub": "application/epub+zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
DEFAULT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class ServedFile:
    path: Path
    url: str
    content_type: str


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_TYPE)


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
            served.append(ServedFile(path, base + relative[: -len("index.html")], kind))
        served.append(ServedFile(path, base + relative, kind))
    return served
