"""Serve a built site on localhost the way GitHub Pages does: under an
optional subpath, with the site's 404.html for any missing path."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit
from urllib.request import ProxyHandler, build_opener

TYPES = {".xml": "application/xml", ".svg": "image/svg+xml", ".txt": "text/plain"}


def content_type(path: Path) -> str:
    kind = (
        TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("xml") else kind


def make_handler(root: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
    class PagesHandler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def resolve(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return None
            relative = path[len(prefix) :]
            candidate = (root / relative).resolve()
            if root not in candidate.parents and candidate != root:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None

        def do_GET(self) -> None:
            found = self.resolve()
            status = 200
            if found is None:
                status, found = 404, root / "404.html"
            body = found.read_bytes() if found.is_file() else b"Not Found"
            self.send_response(status)
            self.send_header("Content-Type", content_type(found))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return PagesHandler


@contextmanager
def serve(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve root under prefix ("/" or "/repo/"); yields the base URL."""
    if not prefix.endswith("/"):
        prefix += "/"
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root.resolve(), prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET url without any proxy; returns status, Content-Type and body."""
    opener = build_opener(ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
