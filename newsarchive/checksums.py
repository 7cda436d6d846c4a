"""SHA-256 digests, the archive's one way of taking them (of bytes in memory
or of a file, read in blocks), and SHA256SUMS in the format `sha256sum -c`
reads: written for dist/ and for the folder inside the offline zip, and read
back by newsarchive.verify."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SUMS = "SHA256SUMS"
# GNU sha256sum: "<hex>  <name>" (or "<hex> *<name>" for binary mode); a line
# starting with a backslash has its name escaped (\\, \n and \r).
SUM_LINE = re.compile(r"(?P<escaped>\\?)(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>.+)")
ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}


class SumsError(ValueError):
    """A line of a SHA256SUMS file that `sha256sum -c` would not read."""


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of bytes already read, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as lowercase hex, without holding them all."""
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sums_line(digest: str, name: str) -> str:
    escaped = "".join(ESCAPES.get(character, character) for character in name)
    marker = "\\" if escaped != name else ""
    return f"{marker}{digest}  {escaped}\n"


def sums_text(digests: dict[str, str]) -> str:
    """SHA256SUMS for name -> hex digest, one line each, sorted by name."""
    return "".join(sums_line(digests[name], name) for name in sorted(digests))


def unescape(name: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m[1], m[1]), name)


def read_sums(text: str) -> dict[str, str]:
    """name -> lowercase hex digest; SumsError names the first line it cannot read."""
    listed = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = SUM_LINE.fullmatch(line)
        if not match:
            raise SumsError(f"line {number} is not '<sha256>  <name>': {line[:80]!r}")
        name = unescape(match["name"]) if match["escaped"] else match["name"]
        if name in listed:
            raise SumsError(f"line {number} lists {name} a second time")
        listed[name] = match["digest"].lower()
    return listed


def listable(folder: Path) -> list[str]:
    """The names SHA256SUMS lists in a folder: every other file, hidden ones aside."""
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.is_file() and path.name != SUMS and not path.name.startswith(".")
    )


def write_sha256sums(folder: Path) -> Path:
    """SHA256SUMS for every other file in the folder (hidden ones aside), one
    line each, "<hex>  <name>", sorted by name."""
    digests = {name: sha256_file(folder / name) for name in listable(folder)}
    destination = folder / SUMS
    destination.write_text(sums_text(digests), encoding="utf-8")
    return destination
