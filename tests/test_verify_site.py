"""`make verify SITE=address`: the served site against this commit rebuilt,
with the project's Pages-like server (newsarchive.serve) under a subpath;
and the whole of `make verify` as a person runs it."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest

from newsarchive.devtools.site_builder import build, make, make_environment, make_project
from newsarchive.devtools.system_tools import ROOT
from newsarchive.devtools.verify_runner import Verified, verify
from newsarchive.serve import PagesServer, make_handler, running, serve
from newsarchive.verify.http_fetch import Fetcher, retry_after

PREFIX = "/some-repo/"


@dataclass
class Busy:
    """Whether the server answers the first request for each address with
    429 Too Many Requests, as a busy host does, and the addresses asked for."""

    refusing: bool = False
    asked: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuses(self, path: str) -> bool:
        with self.lock:
            first = path not in self.asked
            self.asked.add(path)
        return self.refusing and first


@contextmanager
def pages_server(root: Path, busy: Busy) -> Iterator[str]:
    """newsarchive.serve's server, busy when told to."""

    class Handler(make_handler(root.resolve(), PREFIX, quiet=True)):
        def do_GET(self) -> None:
            if not busy.refuses(self.path):
                return super().do_GET()
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()

    with running(PagesServer(("127.0.0.1", 0), Handler), PREFIX) as base:
        yield base


@dataclass
class Live:
    project: Path
    pristine: Path  # the site as built for the address
    served: Path  # what the server serves: a copy of pristine, to tamper with
    base: str
    busy: Busy


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[Live]:
    """A project in git, built for the address of a server that serves it
    under /some-repo/, as `make publish` would for GitHub Pages."""
    folder = tmp_path_factory.mktemp("live")
    project = make_project(folder / "project")
    served = folder / "served"
    served.mkdir()
    busy = Busy()
    with pages_server(served, busy) as base:
        built = build(project, siteurl=base.rstrip("/"))
        assert built.returncode == 0, built.log
        yield Live(project, built.output, served, base, busy)


@pytest.fixture
def live(live_server) -> Iterator[Live]:
    """The server's folder reset to the site as built, and the server not busy."""
    shutil.rmtree(live_server.served)
    shutil.copytree(live_server.pristine, live_server.served)
    yield live_server
    live_server.busy.refusing = False


def verify_site(live: Live, *options: str) -> Verified:
    return verify("--url", live.base.rstrip("/"), "--project", str(live.project), *options)


def test_the_served_site_checks_out(live):
    files = [p for p in live.pristine.rglob("*") if p.is_file() and not p.name.startswith(".")]
    result = verify_site(live)
    assert result.code == 0, result.stdout + result.stderr
    assert result.problems == []
    # Every file, the home page also at its folder's address, and a missing address.
    assert result.stdout.splitlines()[-1] == (
        f"verify {live.base}: all {len(files) + 2} addresses check out"
    )
    assert "verify: rebuilt commit " in result.stderr


def test_the_server_sends_gzip_when_offered_and_verify_reads_it(live):
    request = urllib.request.Request(live.base, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.read()) == (live.pristine / "index.html").read_bytes()
    with urllib.request.urlopen(live.base + "theme/favicon.svg", timeout=10) as response:
        assert response.headers["Content-Encoding"] is None  # not offered, not sent


def test_a_changed_page_is_named(live):
    page = live.served / "tag" / "syria.html"
    built = page.read_bytes()
    changed = built.replace(b"Syria", b"Syrie", 1)
    page.write_bytes(changed)
    at = next(i for i, (a, b) in enumerate(zip(built, changed, strict=True)) if a != b)
    result = verify_site(live)
    assert result.code == 1
    assert result.problems == [
        f"{live.base}tag/syria.html: differs: served {len(changed)} bytes, built {len(built)}, "
        f"first difference at byte {at}"
    ]


def test_a_missing_page_is_named(live):
    page = live.served / "tags.html"
    size = page.stat().st_size
    page.unlink()
    result = verify_site(live)
    assert result.code == 1
    assert result.problems == [f"{live.base}tags.html: missing: status 404 (built: {size} bytes)"]


def test_a_site_that_does_not_serve_its_404_page_is_named(live):
    page = live.served / "404.html"
    size = page.stat().st_size
    page.unlink()
    result = verify_site(live)
    (missing,) = [line for line in result.problems if "no-such-page" in line]
    assert result.code == 1
    assert result.problems[0] == f"{live.base}404.html: missing: status 404 (built: {size} bytes)"
    assert missing.endswith(
        f": a missing address did not get the site's 404.html (9 bytes served, {size} built)"
    )


def test_a_busy_host_is_waited_for(live):
    live.busy.refusing = True
    live.busy.asked.clear()
    result = verify_site(live)
    assert result.code == 0, result.stdout
    # Each address was refused once: the home page, every file, the missing address.
    refused = len(live.busy.asked)
    assert refused > 20
    assert f"note: the site asked to slow down {refused} time(s)" in result.stdout


def test_retry_after_is_read_in_seconds_or_as_a_date():
    assert retry_after("120") == 120.0
    assert retry_after("0") == 0.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # long past
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_a_site_that_never_answers_could_not_be_checked(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never answers
        address = f"http://127.0.0.1:{silent.getsockname()[1]}/some-repo"
        result = verify("--url", address, "--timeout", "0.2", "--project", str(tmp_path))
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: cannot reach {address}/: no answer: timed out\n"


def test_an_unreachable_site_could_not_be_checked_json(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    address = f"http://127.0.0.1:{port}/some-repo"
    result = verify("--url", address, "--json", "--project", str(tmp_path))
    assert result.code == 2
    assert '"kind": "unchecked"' in result.stdout
    assert "Connection refused" in result.stdout


GIVE = "give the site's address, such as https://USER.github.io/REPO"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("user.github.io/repo", f"is not an http or https address with a host: {GIVE}"),
        ("ftp://example.org/repo", f"is not an http or https address with a host: {GIVE}"),
        ("file:///srv/site", f"is not an http or https address with a host: {GIVE}"),
        ("https:///repo", f"is not an http or https address with a host: {GIVE}"),
        ("http://[::1", f"is not a well-formed address: {GIVE}"),
        ("http://[::1/repo", f"is not a well-formed address: {GIVE}"),
        ("http://user:secret@example.org/repo", f"holds a user name or password: {GIVE}"),
        ("https://user.github..io/repo", f"names no valid host: {GIVE}"),
        (f"https://{'a' * 64}.github.io/repo", f"names no valid host: {GIVE}"),
        ("http://127.0.0.1:99999/repo", f"names no port from 1 to 65535: {GIVE}"),
        ("http://127.0.0.1:abc/repo", f"names no port from 1 to 65535: {GIVE}"),
        ("http://127.0.0.1:0/repo", f"names no port from 1 to 65535: {GIVE}"),
        ("https://example.org/repo?page=2", f"has a query or a fragment: {GIVE}"),
        ("https://example.org/repo#top", f"has a query or a fragment: {GIVE}"),
    ],
)
def test_an_address_this_check_cannot_ask_for_is_refused_in_one_line(address, why, tmp_path):
    result = verify("--url", address, "--project", str(tmp_path))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"error: {address} {why}\n"


@pytest.mark.parametrize("address", ["https://example.org/أرشيف", "https://example.org/my repo"])
def test_an_address_with_spaces_or_beyond_ascii_is_asked_for_encoded(address, tmp_path):
    result = verify("--url", address, "--project", str(tmp_path))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {address!r} holds spaces or characters outside ASCII: give it "
        "percent-encoded, as browsers send it\n"
    )


def test_a_refused_address_is_unchecked_in_the_json_report(tmp_path):
    result = verify("--url", "example.org/repo", "--json", "--project", str(tmp_path))
    assert result.code == 2
    assert json.loads(result.stdout)["problems"] == [
        {
            "path": "example.org/repo",
            "problem": f"example.org/repo is not an http or https address with a host: {GIVE}",
            "kind": "unchecked",
        }
    ]


class SlowFirstAnswer(Fetcher):
    """A host that answers every address at once but the first, which takes
    half a second: what fetch_all asks for meanwhile is what it would hold."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.asked = 0
        self.counting = threading.Lock()

    def request(self, url: str) -> tuple[int, bytes, str, Message]:
        with self.counting:
            self.asked += 1
        if url.endswith("/0"):
            time.sleep(0.5)
        return 200, url.encode() * 1000, url, Message()


def test_fetch_all_holds_a_few_answers_at_once_not_every_one_behind_a_slow_one():
    fetcher = SlowFirstAnswer(workers=4)
    urls = [f"http://127.0.0.1/{number}" for number in range(200)]
    got, most_ahead = [], 0
    for handed, fetched in enumerate(fetcher.fetch_all(urls), start=1):
        got.append(fetched.url)
        most_ahead = max(most_ahead, fetcher.asked - handed)
    assert got == urls  # every address, in order
    # Beyond the answer in hand: at most twice the four workers, asked or held.
    assert most_ahead <= 8, most_ahead
    assert most_ahead >= 4  # and the workers are kept busy


# make verify, as a person runs it --------------------------------------------


def make_error(result: subprocess.CompletedProcess) -> str:
    """What make's last line says of the failed recipe: "Error N", N its status."""
    return re.search(r"\] (Error \d+)$", result.stderr.rstrip("\n").splitlines()[-1])[1]


def test_make_verify_checks_dist_an_unpacked_copy_and_the_served_site(tmp_path):
    project = make_project(tmp_path / "project")
    siteurl = "https://example.github.io/news-archive"
    for target in ("dist", "archive"):
        made = make(project, target, siteurl)
        assert made.returncode == 0, made.stdout + made.stderr
    checked = make(project, "verify")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "verify dist/: all " in checked.stdout

    # A folder named with spaces, quotes and dollars reaches the check as typed.
    unpacked = tmp_path / """it's a "copy" of $HOME, $$ and $(date)"""
    with zipfile.ZipFile(project / "dist" / "aleppo-dispatch-archive-offline.zip") as archive:
        archive.extractall(unpacked)
    copy = make(project, "verify", None, f"COPY={unpacked}")
    assert copy.returncode == 0, copy.stdout + copy.stderr
    folder = unpacked / "aleppo-dispatch-archive-offline"
    listed = len((folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert (
        copy.stdout.splitlines()[-1] == f"verify {folder.as_posix()}/: all {listed} files check out"
    )

    (project / "dist" / "extra.txt").write_text("extra\n", encoding="utf-8")
    differs = make(project, "verify", None, "VERIFY_ARGS=--json")
    assert '"path": "dist/extra.txt"' in differs.stdout
    # GNU make exits 2 whenever a recipe fails; its last line names the check's status.
    assert (differs.returncode, make_error(differs)) == (2, "Error 1")
    module = [sys.executable, "-m", "newsarchive.verify"]
    environment = make_environment(project)
    differs_module = subprocess.run(module, cwd=project, env=environment, capture_output=True)
    assert differs_module.returncode == 1

    served = tmp_path / "served"
    served.mkdir()
    with serve(served, PREFIX) as base:
        published = make(project, "publish", base.rstrip("/"))
        assert published.returncode == 0, published.stdout + published.stderr
        shutil.copytree(project / "output", served, dirs_exist_ok=True)
        site = make(project, "verify", None, f"SITE={base}")
    assert site.returncode == 0, site.stdout + site.stderr
    assert f"verify {base}: all " in site.stdout

    no_scheme = make(project, "verify", None, "SITE=example.github.io/news-archive")
    assert (no_scheme.returncode, make_error(no_scheme)) == (2, "Error 2")
    assert "Traceback" not in no_scheme.stderr
    assert (
        "error: example.github.io/news-archive is not an http or https address with a host: "
        f"{GIVE}\n" in no_scheme.stderr
    )

    shutil.rmtree(project / "dist")
    missing = make(project, "verify")
    assert (missing.returncode, make_error(missing)) == (2, "Error 2")
    assert "error: dist/ does not exist: run make dist archive first" in missing.stderr
    missing_module = subprocess.run(module, cwd=project, env=environment, capture_output=True)
    assert missing_module.returncode == 2

    # README.md's table of exit statuses says what was seen above.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "| `make verify` | 0 | 2, make's last line ending `Error 1` | 2, make's last line "
        "ending `Error 2` |\n| `.venv/bin/python -m newsarchive.verify` | 0 | 1 | 2 |\n"
    ) in readme
