"""Serve a built site on localhost the way GitHub Pages does: under an
optional subpath, each file with its content type (newsarchive.content_types),
a folder's index.html at the folder's address, the site's 404.html with
status 404 for any missing path, and text gzipped for a client that offers
to take gzip.

    python -m newsarchive.serve --output output --port 8000

`make serve` runs this; `make devserver` (newsarchive.devserver) and the
tests use the same server.
"""

from __future__ import annotations

import argparse
import errno
import gzip
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsarchive.content_types import content_type

NOT_FOUND_PAGE = "404.html"
# What GitHub Pages compresses: text, not images or zips, which already are.
COMPRESSED_TYPES = ("text/", "application/xml", "application/json", "image/svg+xml")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header offers gzip (and not with q=0)."""
    for offer in accept_encoding.split(","):
        name, _, weight = offer.partition(";")
        if name.strip().lower() == "gzip":
            weight = weight.strip().lower().removeprefix("q=")
            try:
                return not weight or float(weight) > 0
            except ValueError:
                return False
    return False


def make_handler(root: Path, prefix: str, quiet: bool) -> type[BaseHTTPRequestHandler]:
    class PagesHandler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            if not quiet:
                super().log_message(format, *args)

        def resolve(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return None
            candidate = (root / path[len(prefix) :]).resolve()
            if root not in candidate.parents and candidate != root:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None

        def do_GET(self) -> None:
            found = self.resolve()
            status = 200
            if found is None:
                status, found = 404, root / NOT_FOUND_PAGE
            body = found.read_bytes() if found.is_file() else b"Not Found"
            kind = content_type(found) if found.is_file() else "text/plain; charset=utf-8"
            offered = accepts_gzip(self.headers.get("Accept-Encoding", ""))
            gzipped = offered and kind.startswith(COMPRESSED_TYPES)
            if gzipped:
                body = gzip.compress(body, mtime=0)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return PagesHandler


class PagesServer(ThreadingHTTPServer):
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        """A browser that goes on to the next page drops the requests it no
        longer needs (an icon, say): that is no error of the server's."""
        if isinstance(sys.exception(), ConnectionError):
            return
        super().handle_error(request, client_address)


class PortInUse(Exception):
    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.port = port

    def advice(self, command: str) -> str:
        return (
            f"port {self.port} is in use, perhaps by another server; stop it, or choose "
            f"another port: PORT={self.port + 1} {command}"
        )


def make_server(root: Path, port: int = 0, prefix: str = "/", quiet: bool = True):
    if not prefix.endswith("/"):
        prefix += "/"
    handler = make_handler(root.resolve(), prefix, quiet)
    try:
        return PagesServer(("127.0.0.1", port), handler), prefix
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise PortInUse(port) from None


@contextmanager
def running(server: HTTPServer, prefix: str = "/") -> Iterator[str]:
    """Run a server on 127.0.0.1 in a thread; yields its base URL, and shuts
    it down and closes it after."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(root: Path, prefix: str = "/", port: int = 0, quiet: bool = True) -> Iterator[str]:
    """Serve root under prefix ("/" or "/repo/") in a thread; yields the base URL."""
    server, prefix = make_server(root, port, prefix, quiet)
    with running(server, prefix) as base:
        yield base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        print(f"error: {args.output}/index.html is missing: run make html first", file=sys.stderr)
        return 2
    try:
        server, _ = make_server(args.output, args.port, quiet=False)
    except PortInUse as error:
        print(f"error: {error.advice('make serve')}", file=sys.stderr)
        return 2
    print(f"serving {args.output}/ on http://localhost:{args.port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
