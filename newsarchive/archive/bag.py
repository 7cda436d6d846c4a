"""A BagIt bag of the built site and the files it was made from, made with
the Library of Congress bagit library and shipped as one zip with fixed
bytes. The payload holds data/site/ (the site as built) and data/source/
(each article's plain-text source and its Markdown file)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import bagit

from newsarchive.fixed_zip import write_zip

CHECKSUMS = ["sha256"]
# The payload's two folders, under data/ once bagged.
SITE, SOURCES = "site", "source"


def payload_path(folder: str, name: str) -> str:
    """Where a bagged file is, relative to the bag."""
    return f"data/{folder}/{name}"


def sort_tag_manifests(bag_dir: Path) -> None:
    """bagit lists tag files in directory order, which differs between file
    systems; no manifest covers a tag manifest, so sorting it is safe."""
    for manifest in sorted(bag_dir.glob("tagmanifest-*.txt")):
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split()[1])), "utf-8")


def make_bag(
    site: Path, sources: list[Path], bag_dir: Path, info: dict[str, str | list[str]]
) -> bagit.Bag:
    """Copy the site and the sources into bag_dir and bag them there; info
    goes to bag-info.txt (give it a Bagging-Date, or bagit writes today's)."""
    shutil.copytree(site, bag_dir / SITE)
    (bag_dir / SOURCES).mkdir()
    for source in sources:
        if (bag_dir / SOURCES / source.name).exists():
            raise SystemExit(f"error: two source files are named {source.name}")
        shutil.copyfile(source, bag_dir / SOURCES / source.name)
    bag = bagit.make_bag(str(bag_dir), bag_info=dict(info), checksums=CHECKSUMS)
    sort_tag_manifests(bag_dir)
    return bag


def zip_bag(bag_dir: Path, destination: Path, moment: datetime) -> None:
    """One zip holding the bag in a folder named like the zip, entries sorted."""
    folder = destination.name.removesuffix(".zip")
    files = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    members = (
        (
            f"{folder}/{path.relative_to(bag_dir).as_posix()}",
            path.read_bytes(),
            zipfile.ZIP_DEFLATED,
        )
        for path in files
    )
    write_zip(destination, members, moment)
