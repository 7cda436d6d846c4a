"""A WACZ checked as py-wacz's `wacz validate` checks it, and for what that
lets pass (webrecorder/py-wacz#46) against WACZ 1.1.1: pages/pages.jsonl
present with `url` and `ts` on every page, a CDXJ index that holds every
page, datapackage.json listing every file with its hash and size,
datapackage-digest.json matching it, and already compressed entries
stored, not compressed again."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsarchive.archive.wacz_package import DATAPACKAGE, DATAPACKAGE_DIGEST, WaczError, run_wacz
from newsarchive.checksums import sha256_bytes

from .report import Problem
from .zips import member_digest

PAGES = "pages/pages.jsonl"
INDEX_SUFFIXES = (".cdx", ".cdxj", ".cdx.gz", ".cdxj.gz")
# What `wacz validate` prints besides its reasons.
UNINFORMATIVE = ("Version detected", "Validation failed")


@dataclass
class WaczContents:
    pages: list[str] = field(default_factory=list)  # page URLs in pages.jsonl
    indexed: set[str] = field(default_factory=set)  # URLs the CDXJ index holds


def validate_with_py_wacz(path: Path) -> list[str]:
    """What `wacz validate` says is wrong, in its words."""
    try:
        run_wacz(["validate", "-f", str(path)])
        return []
    except WaczError as error:
        said = [line.strip() for line in str(error).splitlines()[1:] if line.strip()]
        reasons = [line for line in said if not line.startswith(UNINFORMATIVE)]
        return reasons or said[-1:]
    except Exception as error:  # a crash of the validator on a broken package
        return [f"stopped with {type(error).__name__}: {error}"]


def page_lines(data: bytes) -> tuple[list[str], list[str]]:
    """The page URLs of pages.jsonl, and what is wrong with its lines."""
    urls, wrong = [], []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            page = json.loads(line)
        except ValueError:
            wrong.append(f"{PAGES} line {number} is not JSON")
            continue
        if not isinstance(page, dict):
            wrong.append(f"{PAGES} line {number} is not a JSON object")
            continue
        if number == 1 and "format" in page:
            continue  # the header line
        missing = [key for key in ("url", "ts") if not isinstance(page.get(key), str)]
        if missing:
            wrong.append(f"{PAGES} line {number} has no {' and no '.join(missing)}")
            continue
        try:
            datetime.fromisoformat(page["ts"])
        except ValueError:
            wrong.append(f"{PAGES} line {number}: ts {page['ts']!r} is not an RFC 3339 date")
        urls.append(page["url"])
    return urls, wrong


def indexed_urls(archive: zipfile.ZipFile, names: list[str]) -> tuple[set[str], list[str]]:
    urls, wrong = set(), []
    for name in names:
        data = archive.read(name)
        try:
            text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as error:
            wrong.append(f"{name} cannot be read: {error}")
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                _key, _timestamp, block = line.split(" ", 2)
                urls.add(json.loads(block)["url"])
            except (ValueError, KeyError, TypeError):
                wrong.append(f"{name} line {number} is not a CDXJ line with a url")
    return urls, wrong


def package_problems(archive: zipfile.ZipFile) -> list[str]:
    """datapackage.json lists every other file with its hash and size, and
    datapackage-digest.json holds the hash of datapackage.json."""
    names = set(archive.namelist())
    if DATAPACKAGE not in names:
        return [f"no {DATAPACKAGE}"]
    package_bytes = archive.read(DATAPACKAGE)
    wrong = []
    try:
        package = json.loads(package_bytes)
        resources = {item["path"]: item for item in package["resources"]}
    except (ValueError, KeyError, TypeError) as error:
        return [f"{DATAPACKAGE} cannot be read: {error}"]
    if package.get("profile") != "data-package" or not package.get("wacz_version"):
        wrong.append(f"{DATAPACKAGE} lacks profile 'data-package' or wacz_version")
    for path, item in sorted(resources.items()):
        if path not in names:
            wrong.append(f"{DATAPACKAGE} lists {path}, which the package does not hold")
            continue
        algorithm, _, expected = str(item.get("hash", "")).partition(":")
        known = algorithm in hashlib.algorithms_available
        if not known or member_digest(archive, path, algorithm) != expected:
            wrong.append(f"{path} does not have the hash {DATAPACKAGE} lists")
        size = archive.getinfo(path).file_size
        if item.get("bytes") != size:
            wrong.append(f"{path} is {size} bytes, {DATAPACKAGE} lists {item.get('bytes')}")
    unlisted = names - set(resources) - {DATAPACKAGE, DATAPACKAGE_DIGEST}
    wrong += [f"{name} is not listed in {DATAPACKAGE}" for name in sorted(unlisted)]
    if DATAPACKAGE_DIGEST not in names:
        return [*wrong, f"no {DATAPACKAGE_DIGEST}"]
    try:
        digest = json.loads(archive.read(DATAPACKAGE_DIGEST))
        path, stated = digest["path"], digest["hash"]
    except (ValueError, KeyError, TypeError) as error:
        return [*wrong, f"{DATAPACKAGE_DIGEST} cannot be read: {error}"]
    if path != DATAPACKAGE or stated != "sha256:" + sha256_bytes(package_bytes):
        wrong.append(f"{DATAPACKAGE_DIGEST} does not match {DATAPACKAGE}")
    return wrong


def storage_problems(archive: zipfile.ZipFile) -> list[str]:
    """WACZ 1.1.1, "Zip Compression": what is already compressed (the WARCs
    in archive/, the gzipped indexes) is stored, so a reader can seek in it."""
    return [
        f"{info.filename} is compressed in the zip; WACZ 1.1.1 asks for it stored"
        for info in archive.infolist()
        if info.compress_type != zipfile.ZIP_STORED
        and (info.filename.startswith("archive/") or info.filename.endswith(".gz"))
    ]


def wacz_problems(path: Path, shown: str) -> tuple[list[Problem], WaczContents]:
    """Problems of a WACZ that opens as a zip, and the pages and index it holds."""
    contents = WaczContents()
    wrong = [f"wacz validate: {said}" for said in validate_with_py_wacz(path)]
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        warcs = [n for n in names if n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))]
        if not warcs:
            wrong.append("no WARC file in archive/")
        indexes = [n for n in names if n.startswith("indexes/") and n.endswith(INDEX_SUFFIXES)]
        if indexes:
            contents.indexed, found = indexed_urls(archive, indexes)
            wrong += found
        else:
            wrong.append("no CDXJ index in indexes/")
        if PAGES in names:
            contents.pages, found = page_lines(archive.read(PAGES))
            wrong += found
        else:
            wrong.append(f"no {PAGES}")
        if indexes:
            wrong += [
                f"page {url} is not in the CDXJ index"
                for url in contents.pages
                if url not in contents.indexed
            ]
        wrong += package_problems(archive)
        wrong += storage_problems(archive)
    return [Problem(shown, what) for what in wrong], contents
