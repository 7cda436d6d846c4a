"""SHA256SUMS in the format `sha256sum -c` reads."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sha256sums(folder: Path, names: list[str]) -> Path:
    """One line per file, "<hex>  <name>", names relative to folder, sorted."""
    lines = [f"{sha256_file(folder / name)}  {name}\n" for name in sorted(names)]
    destination = folder / "SHA256SUMS"
    destination.write_text("".join(lines), encoding="utf-8")
    return destination
