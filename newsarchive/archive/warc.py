"""Write the served site as WARC request and response records, with warcio."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .served import ServedFile

WARC_VERSION = "1.1"


def record_id(*parts: str) -> str:
    """The same record gets the same id in every run."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ' '.join(parts))}>"


def warcinfo_record(writer: WARCWriter, filename: str, date: str, fields: dict[str, str]):
    payload = "".join(f"{name}: {value}\r\n" for name, value in fields.items()).encode("utf-8")
    return writer.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Record-ID": record_id("warcinfo", filename, date),
            "WARC-Date": date,
            "WARC-Filename": filename,
        },
    )


def response_record(writer: WARCWriter, served: ServedFile, date: str):
    body = served.path.read_bytes()
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", served.content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        served.url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id("response", served.url, date),
            "WARC-Date": date,
        },
    )


def request_record(writer: WARCWriter, served: ServedFile, date: str):
    address = urlsplit(served.url)
    http_headers = StatusAndHeaders(
        f"GET {address.path or '/'} HTTP/1.1",
        [("Host", address.netloc)],
        is_http_request=True,
    )
    return writer.create_warc_record(
        served.url,
        "request",
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request", served.url, date),
            "WARC-Date": date,
        },
    )


def write_warc(
    destination: Path, files: Iterable[ServedFile], date: str, info: dict[str, str]
) -> int:
    """A gzipped WARC: one warcinfo record, then a response and its request
    for every served file. Returns the number of files recorded."""
    count = 0
    with destination.open("wb") as output:
        writer = WARCWriter(output, gzip=True, warc_version=WARC_VERSION)
        writer.write_record(warcinfo_record(writer, destination.name, date, info))
        for served in files:
            writer.write_request_response_pair(
                request_record(writer, served, date), response_record(writer, served, date)
            )
            count += 1
    return count


def write_saved_page(destination: Path, url: str, page: Path, date: str) -> None:
    """A page saved from a browser, as a WARC resource record at its address:
    its exact bytes, without the HTTP exchange nobody recorded."""
    body = page.read_bytes()
    headers = {"WARC-Record-ID": record_id("resource", url, date), "WARC-Date": date}
    with destination.open("wb") as output:
        writer = WARCWriter(output, gzip=True, warc_version=WARC_VERSION)
        writer.write_record(
            writer.create_warc_record(
                url,
                "resource",
                payload=BytesIO(body),
                length=len(body),
                warc_content_type="text/html",
                warc_headers_dict=headers,
            )
        )
