"""Zip files whose bytes depend only on their contents: entries in the order
given, one timestamp, fixed permissions, no extra fields. The zip appears
under its name only once it is complete."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o100644
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
UNIX = 3  # so that unzip reads the permissions below


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, ZIP_EPOCH)


def entry(name: str, moment: datetime, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, zip_time(moment))
    info.compress_type = compress_type
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    return info


def write_zip(
    destination: Path, members: Iterable[tuple[str, bytes, int]], moment: datetime
) -> None:
    """members: (name in the zip, data, zipfile.ZIP_STORED or ZIP_DEFLATED)."""
    partial = destination.with_name(f".{destination.name}.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data, compress_type in members:
            archive.writestr(entry(name, moment, compress_type), data, compresslevel=9)
    partial.replace(destination)


def read_members(source: Path) -> list[tuple[str, bytes, int]]:
    """Every file of a zip, in its order, with its compression."""
    with zipfile.ZipFile(source) as archive:
        return [
            (info.filename, archive.read(info), info.compress_type)
            for info in archive.infolist()
            if not info.is_dir()
        ]
