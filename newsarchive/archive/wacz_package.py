"""Package a WARC as a WACZ with the wacz library, then give the package the
source's date: `wacz create` stamps the zip entries and datapackage.json with
the current time, which would make every run differ."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wacz.main import main as wacz_main

from newsarchive.checksums import sha256_bytes
from newsarchive.dates import iso_z
from newsarchive.fixed_zip import read_members, write_zip

DATAPACKAGE = "datapackage.json"
DATAPACKAGE_DIGEST = "datapackage-digest.json"


@dataclass(frozen=True)
class Page:
    url: str
    title: str


class WaczError(RuntimeError):
    pass


def pages_jsonl(pages: list[Page], date: str) -> str:
    """The pages to list, each with a fixed id (else wacz invents one)."""
    header = {"format": "json-pages-1.0", "id": "pages", "title": "Pages"}
    lines = [json.dumps(header)]
    for page in pages:
        page_id = uuid.uuid5(uuid.NAMESPACE_URL, page.url).hex
        lines.append(json.dumps({"id": page_id, "url": page.url, "title": page.title, "ts": date}))
    return "\n".join(lines) + "\n"


def run_wacz(arguments: list[str]) -> str:
    """`wacz ...` in this process; returns what it printed, raises on failure."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = wacz_main(arguments)
    if status != 0:
        raise WaczError(f"wacz {arguments[0]} failed:\n{printed.getvalue()}")
    return printed.getvalue()


def with_created_date(
    members: list[tuple[str, bytes, int]], created: str
) -> list[tuple[str, bytes, int]]:
    """Set datapackage.json's "created" and recompute datapackage-digest.json
    the way wacz writes them (JSON with indent 2, sha256 of the package)."""
    contents = {name: data for name, data, _ in members}
    package = json.loads(contents[DATAPACKAGE])
    package["created"] = created
    contents[DATAPACKAGE] = json.dumps(package, indent=2).encode("utf-8")
    digest = json.loads(contents[DATAPACKAGE_DIGEST])
    digest["hash"] = "sha256:" + sha256_bytes(contents[DATAPACKAGE])
    contents[DATAPACKAGE_DIGEST] = json.dumps(digest, indent=2).encode("utf-8")
    return [(name, contents[name], compress_type) for name, _, compress_type in members]


def make_wacz(
    destination: Path,
    warcs: list[Path],
    pages: list[Page],
    main_page: str,
    title: str,
    description: str,
    moment: datetime,
    work: Path,
) -> None:
    """Write destination.wacz from the WARC files; work is an empty scratch folder."""
    pages_file = work / "pages.jsonl"
    pages_file.write_text(pages_jsonl(pages, iso_z(moment)), encoding="utf-8")
    created = work / "created.wacz"
    run_wacz(
        [
            "create",
            "--output", str(created),
            "--pages", str(pages_file),
            "--url", main_page,
            "--date", iso_z(moment),
            "--title", title,
            "--desc", description,
            *map(str, warcs),
        ]
    )  # fmt: skip
    write_zip(destination, with_created_date(read_members(created), iso_z(moment)), moment)
