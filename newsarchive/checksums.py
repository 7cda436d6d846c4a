"""SHA256SUMS in the format `sha256sum -c` reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS = "SHA256SUMS"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sha256sums(folder: Path) -> Path:
    """SHA256SUMS for every other file in the folder (hidden ones aside), one
    line each, "<hex>  <name>", sorted by name."""
    names = sorted(
        path.name
        for path in folder.iterdir()
        if path.is_file() and path.name != SUMS and not path.name.startswith(".")
    )
    lines = [f"{sha256_file(folder / name)}  {name}\n" for name in names]
    destination = folder / SUMS
    destination.write_text("".join(lines), encoding="utf-8")
    return destination
