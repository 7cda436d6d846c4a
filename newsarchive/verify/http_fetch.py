"""Fetch many addresses from a web host politely: a few at a time, each with
a time limit, waiting when the host answers 429 Too Many Requests (or 503)
for as long as its Retry-After asks, else longer after each refusal, and
asking for gzip, as browsers do, since GitHub Pages sends it when offered."""

from __future__ import annotations

import gzip
import http.client
import itertools
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime

from newsarchive import USER_AGENT

TOO_MANY = {429, 503}  # "not now": the host asks the client to wait


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int | None  # None when no answer came
    body: bytes
    final_url: str  # after redirects
    error: str | None = None  # why no answer came
    tries: int = 1


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def decoded(body: bytes, encoding: str | None) -> bytes:
    if (encoding or "").strip().lower() == "gzip":
        return gzip.decompress(body)
    return body


class Fetcher:
    def __init__(
        self,
        workers: int = 4,
        timeout: float = 10.0,
        refusals: int = 6,
        failures: int = 3,
        longest_wait: float = 60.0,
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self.refusals = refusals  # tries when the host says 429 or 503
        self.failures = failures  # tries when no answer comes
        self.longest_wait = longest_wait
        self.resume_at = 0.0  # no request before this time (time.monotonic)
        self.lock = threading.Lock()
        self.waited = 0  # how many times the host said 429 or 503

    def wait_turn(self) -> None:
        with self.lock:
            pause = self.resume_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def back_off(self, seconds: float, asked: bool = False) -> None:
        """Every worker waits: the host asked the client, not one request."""
        with self.lock:
            self.waited += asked
            self.resume_at = max(self.resume_at, time.monotonic() + min(seconds, self.longest_wait))

    def request(self, url: str) -> tuple[int, bytes, str, Message]:
        headers = {"Accept-Encoding": "gzip", "User-Agent": USER_AGENT}
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read(), response.url, response.headers
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read(), error.url or url, error.headers

    def fetch(self, url: str) -> Fetched:
        refused = failed = 0
        while True:
            self.wait_turn()
            tries = refused + failed + 1
            try:
                status, body, final_url, headers = self.request(url)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                failed += 1
                if failed >= self.failures:
                    reason = getattr(error, "reason", error)
                    return Fetched(url, None, b"", url, f"no answer: {reason}", tries)
                self.back_off(0.5 * 2**failed)
                continue
            if status in TOO_MANY and refused + 1 < self.refusals:
                refused += 1
                wanted = retry_after(headers.get("Retry-After"))
                self.back_off(2.0**refused if wanted is None else wanted, asked=True)
                continue
            try:
                body = decoded(body, headers.get("Content-Encoding"))
            except (OSError, EOFError) as error:
                return Fetched(url, status, b"", final_url, f"bad gzip: {error}", tries)
            return Fetched(url, status, body, final_url, tries=tries)

    def fetch_all(
        self, urls: list[str], progress: Callable[[int], None] | None = None
    ) -> Iterator[Fetched]:
        """Fetched for each address, in order, as they come. It asks for at
        most twice as many addresses as it has workers beyond the one the
        caller holds, so a slow answer holds up a few bodies, not every
        other: a caller that compares and lets go of each keeps few in
        memory at once. progress is told how many are done."""
        addresses = iter(urls)
        with ThreadPoolExecutor(self.workers) as pool:
            first = itertools.islice(addresses, 2 * self.workers)
            asked = deque(pool.submit(self.fetch, url) for url in first)
            done = 0
            while asked:
                fetched = asked.popleft().result()
                following = next(addresses, None)
                if following is not None:
                    asked.append(pool.submit(self.fetch, following))
                yield fetched
                done += 1
                if progress:
                    progress(done)
