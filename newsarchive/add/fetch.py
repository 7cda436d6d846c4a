"""Fetch a news page for `make add ORIGINAL_URL=...`, as web archives capture
one: every request and response, redirects included, kept as WARC records
(warcio) with their headers, the body's exact bytes and the date.

It speaks http and https only, names the project in its User-Agent, gives up
after a timeout, refuses an address it cannot read, a body over the size
limit, a response that is not HTML, a 4xx or 5xx and a redirect loop, each in
one line.
"""

from __future__ import annotations

import http.client
import io
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive import USER_AGENT
from newsarchive.archive.warc import WARC_VERSION
from newsarchive.iri import iri_to_uri

TIMEOUT_SECONDS = 30
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 10
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """One line saying why the page could not be fetched."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the page was found, after any redirects
    body: bytes
    warc: bytes  # the gzipped WARC records of every request and response
    hops: list[str]  # each address asked, in order


def get(url: str, timeout: float) -> tuple[StatusAndHeaders, StatusAndHeaders, bytes]:
    """One GET: the request as sent, the response's status and headers, its body."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # a port out of range or not a number, a broken [IPv6]
        raise FetchError(f"{url}: is not an address that can be fetched: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https addresses can be fetched")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    extra = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = kind(parts.hostname, port, timeout=timeout, **extra)
    target = parts.path or "/"
    target += f"?{parts.query}" if parts.query else ""
    headers = [
        ("Host", parts.netloc),
        ("User-Agent", USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml"),
        ("Accept-Encoding", "identity"),
        ("Connection", "close"),
    ]
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > MAX_BYTES:
            raise FetchError(f"{url}: the page is {int(declared):,} bytes, over {MAX_BYTES:,}")
        body = response.read(MAX_BYTES + 1)
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{url}: could not fetch: {error or type(error).__name__}") from None
    finally:
        connection.close()
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: the page is over {MAX_BYTES:,} bytes")
    request = StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
    # The body is kept as the page's bytes, so a chunked transfer is recorded
    # as what it carried, with its length.
    kept = [(k, v) for k, v in response.getheaders() if k.lower() != "transfer-encoding"]
    if not any(k.lower() == "content-length" for k, _ in kept):
        kept.append(("Content-Length", str(len(body))))
    version = "HTTP/1.0" if response.version == 10 else "HTTP/1.1"
    status = StatusAndHeaders(f"{response.status} {response.reason}", kept, protocol=version)
    return request, status, body


def record(writer: WARCWriter, url: str, request, response, body: bytes) -> None:
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = {"WARC-Date": date}
    writer.write_request_response_pair(
        writer.create_warc_record(url, "request", http_headers=request, warc_headers_dict=dated),
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=response, warc_headers_dict=dated,
        ),
    )  # fmt: skip


def fetch(url: str) -> Fetched:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION)
    hops: list[str] = []
    url = iri_to_uri(url)
    while True:
        if url in hops:
            raise FetchError(f"{hops[0]}: redirects in a loop, back to {url}")
        if len(hops) > MAX_REDIRECTS:
            raise FetchError(f"{hops[0]}: more than {MAX_REDIRECTS} redirects")
        hops.append(url)
        request, response, body = get(url, TIMEOUT_SECONDS)
        record(writer, url, request, response, body)
        status = int(response.get_statuscode())
        location = response.get_header("Location")
        if status in REDIRECTS and location:
            try:
                url = urljoin(url, iri_to_uri(location))
            except ValueError as error:  # a Location with a broken [IPv6] host
                raise FetchError(
                    f"{url}: redirects to {location}, not an address that can be fetched: {error}"
                ) from None
            continue
        if status >= 400:
            raise FetchError(f"{url}: the server answered {response.statusline}")
        if status != 200:
            raise FetchError(f"{url}: the server answered {response.statusline}, not a page")
        kind = (response.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            raise FetchError(f"{url}: the response is {kind or 'of no type'}, not an HTML page")
        return Fetched(url, body, buffer.getvalue(), hops)
