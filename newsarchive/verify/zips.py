"""A zip's own integrity: it opens, every entry's data passes its CRC-32,
no entry is encrypted (the archive encrypts none, and an encrypted entry's
data cannot be checked), and no entry name is absolute or climbs out of the
folder it is unpacked into ("..")."""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from pathlib import Path

from .report import Problem

BLOCK = 1 << 20
DRIVE = re.compile(r"[A-Za-z]:")
ENCRYPTED = 0x1  # bit 0 of an entry's general purpose flags (APPNOTE.TXT 4.4.4)


def unsafe_name(name: str) -> str | None:
    """Why unpacking this entry name would write outside the folder, or None."""
    if name.startswith(("/", "\\")) or DRIVE.match(name):
        return "absolute"
    if ".." in re.split(r"[/\\]", name):
        return "contains '..'"
    return None


def zip_problems(path: Path, shown: str) -> list[Problem]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return [Problem(shown, f"is not a readable zip: {error}")]
    problems = []
    seen = set()
    with archive:
        for info in archive.infolist():
            name = info.filename
            reason = unsafe_name(name)
            if reason:
                problems.append(Problem(shown, f"entry name {name!r} is {reason}"))
            if name in seen:
                problems.append(Problem(shown, f"entry {name!r} appears twice"))
            seen.add(name)
            if info.flag_bits & ENCRYPTED:
                problems.append(Problem(shown, f"entry {name!r} is encrypted: cannot be checked"))
                continue
            try:
                with archive.open(info) as data:
                    while data.read(BLOCK):
                        pass
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
                problems.append(Problem(shown, f"entry {name!r} cannot be read: {e}"))
    return problems


def member_digest(archive: zipfile.ZipFile, name: str, algorithm: str = "sha256") -> str:
    """The hex digest of an entry's data, read a block at a time."""
    digest = hashlib.new(algorithm)
    with archive.open(name) as data:
        for block in iter(lambda: data.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
