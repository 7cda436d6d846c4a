"""`make add`, its three ways in: a plain-text source, a saved page (the pages
in tests/pages/, written for these tests) and an address, fetched from a
server on 127.0.0.1. Each new article passes the build's source proof; each
error is one line, exits 2 and writes nothing."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from contextlib import chdir, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from warcio.archiveiterator import ArchiveIterator

from newsarchive import USER_AGENT
from newsarchive.add import article as article_module
from newsarchive.add import fetch
from newsarchive.add.command import main as add_main
from newsarchive.archive.make_archive import make_archive
from newsarchive.devtools.site_builder import (
    ROOT,
    build,
    copy_project,
    make,
    make_project,
    output_files,
)
from newsarchive.header import read_header
from newsarchive.serve import running
from newsarchive.source_proof import page_paragraphs
from newsarchive.source_text import parse_source_text
from newsarchive.verify.http_fetch import Fetcher
from newsarchive.whitespace import as_read

PAGES = ROOT / "tests" / "pages"
WATER = "jsonld-newsarticle.html"
WATER_SLUG = "water-returns-to-eastern-aleppo-after-weeks-of-repairs"
BOILERPLATE = ("Subscribe", "Related", "First!", "Comments", "Most read", "Share this", "Home")
REQUIRED = [
    "--TITLE", "A test: war, in 2014", "--DATE", "2014-07-08T09:30:00-04:00",
    "--PUBLISHER", "Test Wire", "--CATEGORY", "World", "--ORIGINAL_URL", "https://example.org/a",
]  # fmt: skip
TRIGGERS = [
    "2014. A year, said the *minister*, of _war_ and `code`.",
    "# Not a heading\n> not a quote\n- not a list\n+ nor this\n---\n===\n***",
    "    four spaces, <b>a tag</b> and <!-- a comment --> & &amp; &copy; [a](link) [^1] {: .x}",
    "A term\n: not a definition\n~~~\n| a | b |\n|---|---|",
    "Trailing double spaces  \nand a backslash\\",
    "سوريا *حلب* ٢٠١٤، 中文 `字`, e\u0301, 🇸🇾 👍🏽",
    # Only HTML's whitespace is trimmed: an ideographic space and a no-break space are text.
    "\u3000段落は全角スペースで始まる、10\u00a0km\u00a0",
]


def add(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with chdir(project), redirect_stdout(out), redirect_stderr(err):
        code = add_main([*args, "--project", str(project)])
    return code, out.getvalue(), err.getvalue()


def stored(project: Path) -> dict[str, bytes]:
    return {
        f"{part}/{name}": data
        for part in ("content", "provenance")
        for name, data in output_files(project / part).items()
    }


def header(path: Path) -> dict[str, str]:
    return read_header(path.read_text(encoding="utf-8"))[0]


def shown_paragraphs(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    return page_paragraphs(soup.select_one("article .body").decode_contents())


def write_source(folder: Path, paragraphs: list[str], caption="A caption. Test Agency") -> Path:
    source = folder / "source.txt"
    source.write_text("An alt\n" + caption + "\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return source


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_source_full_of_markdown_triggers_is_its_page_word_for_word(project, tmp_path):
    source = write_source(tmp_path, TRIGGERS)
    before = stored(project)
    code, out, err = add(
        project, "--SOURCE", str(source), *REQUIRED, "--PHOTO_CREDIT", "Test Agency"
    )
    assert (code, err) == (0, ""), out + err
    article = project / "content" / "a-test-war-in-2014.md"
    kept = next(p for p in (project / "provenance").iterdir() if p.name.startswith("a-test"))
    assert set(stored(project)) - set(before) == {
        "content/a-test-war-in-2014.md",
        f"provenance/{kept.name}",
    }
    assert kept.read_bytes() == source.read_bytes()  # byte for byte
    fields = header(article)
    assert fields["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert kept.name == f"a-test-war-in-2014-{fields['source_sha256'][:16]}.txt"
    assert (fields["status"], fields["slug"]) == ("draft", "a-test-war-in-2014")
    assert fields["summary"] == as_read(TRIGGERS[0])
    assert (fields["photo_caption"], fields["photo_credit"]) == ("A caption.", "Test Agency")
    assert "read 7 paragraph(s)" in out
    assert "make html" in out and "Status: published" in out

    result = build(project, settings="pelicanconf.py")
    assert result.returncode == 0, result.log  # the source proof passed
    page = result.output / "drafts" / "a-test-war-in-2014.html"
    assert shown_paragraphs(page) == [as_read(paragraph) for paragraph in TRIGGERS]
    # The summary is plain text (FORMATTED_FIELDS is empty): no escaping needed.
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    assert soup.find("meta", attrs={"name": "description"})["content"] == as_read(TRIGGERS[0])
    # A line break of the source is a line break on the page.
    assert "Trailing double spaces<br>" in page.read_text(encoding="utf-8")
    # The ideographic and no-break spaces at the paragraph's ends reach the reader as written.
    assert soup.select("article .body p")[-1].get_text() == TRIGGERS[-1]


def test_a_published_article_is_recorded_with_its_source(project, tmp_path):
    source = write_source(tmp_path, ["One paragraph of text."])
    code, _, err = add(project, "--SOURCE", str(source), *REQUIRED, "--STATUS", "published")
    assert code == 0, err
    result = build(project)
    assert result.returncode == 0, result.log
    manifest = (result.output / ".build.json").read_text(encoding="utf-8")
    assert '"source_text": "provenance/a-test-war-in-2014-' in manifest


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"--TITLE": None}, "Title: is required; give TITLE=..."),
        ({"--DATE": None}, "Date: is missing; give DATE=..."),
        ({"--CATEGORY": None}, "Category: is missing; give CATEGORY=..."),
        ({"--PUBLISHER": None}, "Publisher: is missing; give PUBLISHER=..."),
        ({"--ORIGINAL_URL": None}, "Original_url: is missing; give ORIGINAL_URL=..."),
        (
            {"--DATE": "8 July 2014"},
            "Date: '8 July 2014' is not a complete ISO 8601 date-time with a timezone "
            "(for example 2014-07-08T09:30:00-04:00)",
        ),
        ({"--TITLE": "🇸🇾"}, "Slug: cannot be derived from the title '🇸🇾'; give SLUG=..."),
        (
            {"--SLUG": "Not A Slug"},
            "Slug: 'Not A Slug' must be lowercase letters, digits and single hyphens",
        ),
        ({"--STATUS": "pending"}, "Status: 'pending' is not one of published, draft, hidden"),
        (
            {"--ORIGINAL_URL": "ftp://x.org/a"},
            "Original_url: 'ftp://x.org/a' is not an absolute http(s) URL",
        ),
        (
            {"--PHOTO_CREDIT": "Reuters"},
            "PHOTO_CREDIT 'Reuters' does not end line 2 of the source: 'A caption. Test Agency'",
        ),
        (
            {"--SLUG": "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support"},
            "Slug: 'syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support' is "
            "already used by content/syrian-opposition-braces-second-battle-aleppo.md; "
            "give SLUG=...",
        ),
        (
            {"--ORIGINAL_URL": "https://www.ibtimes.com/syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support-1622636"},
            "the archive already holds https://www.ibtimes.com/syrian-opposition-braces-second-"
            "battle-aleppo-still-hopes-us-support-1622636: "
            "content/syrian-opposition-braces-second-battle-aleppo.md",
        ),
        ({"--HTML": "page.html"}, "give SOURCE or HTML, not both"),
    ],
)  # fmt: skip
def test_each_problem_is_one_line_and_nothing_is_written(project, tmp_path, change, error):
    source = write_source(tmp_path, ["One paragraph."])
    args = dict(zip(REQUIRED[::2], REQUIRED[1::2], strict=True)) | {"--SOURCE": str(source)}
    args |= change
    before = stored(project)
    code, out, err = add(
        project, *[part for key, value in args.items() if value for part in (key, value)]
    )
    assert code == 2
    assert err == f"error: {error}\nnothing was added\n", out
    assert stored(project) == before


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (b"Only one line\n", "is not a source text: line 1 is the photo's alt text, line 2 its "
         "caption and credit, line 3 is blank, then the paragraphs"),
        (b"Alt\nCaption\n\nCaf\xe9\n", "is not UTF-8 text (byte at offset 16)"),
        (b"Alt\nCaption\n\nA \x02 B\n", "line 4 holds the control character U+0002"),
    ],
)  # fmt: skip
def test_a_source_not_in_the_format_is_refused(project, tmp_path, text, error):
    source = tmp_path / "bad.txt"
    source.write_bytes(text)
    before = stored(project)
    code, _, err = add(project, "--SOURCE", str(source), *REQUIRED)
    assert (code, err) == (2, f"error: {source}: {error}\nnothing was added\n")
    assert stored(project) == before


def test_the_same_source_twice_is_refused(project, tmp_path):
    source = write_source(tmp_path, ["One paragraph."])
    assert add(project, "--SOURCE", str(source), *REQUIRED)[0] == 0
    before = stored(project)
    elsewhere = [*REQUIRED[:-1], "https://example.org/b", "--SLUG", "other"]
    code, _, err = add(project, "--SOURCE", str(source), *elsewhere)
    kept = next(p.name for p in (project / "provenance").iterdir() if p.name.startswith("a-test"))
    assert (code, err) == (
        2, f"error: the archive already holds this source: provenance/{kept}\nnothing was added\n"
    )  # fmt: skip
    assert stored(project) == before


def test_an_unreadable_source_and_a_name_taken_are_refused(project, tmp_path):
    missing = tmp_path / "missing.txt"
    code, _, err = add(project, "--SOURCE", str(missing), *REQUIRED)
    said = f"error: {missing}: cannot read the source: No such file or directory\n"
    assert (code, err) == (2, said + "nothing was added\n")
    source = write_source(tmp_path, ["One paragraph."])
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    # Another file already has the name the source would get: nothing is replaced.
    taken = project / "provenance" / f"a-test-war-in-2014-{digest[:16]}.txt"
    taken.write_text("someone else's file\n", encoding="utf-8")
    before = stored(project)
    code, _, err = add(project, "--SOURCE", str(source), *REQUIRED)
    assert (code, err) == (
        2,
        f"error: {taken.relative_to(project)} already exists\nnothing was added\n",
    )
    assert stored(project) == before


def test_nothing_given_says_what_to_give(project):
    assert add(project)[2] == (
        "error: give SOURCE=text file, HTML=saved page or ORIGINAL_URL=address\nnothing was added\n"
    )


SAVED = {
    "jsonld-newsarticle.html": {
        "title": "Water Returns To Eastern Aleppo After Weeks Of Repairs",
        "date": "2014-08-02T14:05:00+03:00",
        "publisher": "The Test Dispatch",
        "lang": "en",
        "category": "World",
        "photo_alt": "Workers at a pumping station",
        "photo_caption": "Workers repair a pumping station in eastern Aleppo, August 1, 2014.",
        "photo_credit": "Test Photo Agency/A. Example",
    },
    "opengraph-only.html": {
        "title": "Border Crossing Reopens For Trucks Of Flour",
        "date": "2014-09-15T08:20:00+00:00",
        "publisher": "Test Herald",
        "lang": "en-GB",
    },
    "arabic.html": {
        "title": "افتتاح مدرسة جديدة في ريف حلب",
        "date": "2014-10-05T10:00:00+03:00",
        "publisher": "نشرة الاختبار",
        "lang": "ar",
    },
}
# Each page's paragraphs, as the tests wrote them into the page (a <br> is a line break).
PARAGRAPHS = {
    "jsonld-newsarticle.html": [
        "This page was written for the tests of a news archive; it is not real reporting. "
        "Residents of the eastern districts of the city said water ran from their taps on "
        "Saturday for the first time in almost a month.",
        "Engineers worked for three weeks on the main pumping station, which had been damaged "
        "by shelling in early July, according to a statement read out at a press conference on "
        "Friday evening.",
        "“We fill every bottle we own,” said one resident, a teacher.\n"
        "“Nobody knows how long it will last.”",
        "Aid groups said they would keep delivering water by truck to the neighbourhoods the "
        "network does not yet reach, at a cost of $2,000 a day — a figure they called “not "
        "sustainable.”",
        "The city council said a second station would be repaired by the end of the month if "
        "fuel for the generators arrives.",
    ],
    "opengraph-only.html": [
        "This page was written for the tests of a news archive; it is not real reporting. A "
        "border crossing in the north reopened on Monday morning for trucks carrying flour, "
        "after being closed for eleven days.",
        "Drivers had waited in a line several kilometres long, some of them sleeping in their "
        "cabs, while officials on both sides discussed new inspection rules.",
        "The first forty trucks crossed before noon, a customs officer said, and bakeries in the "
        "nearest towns expected deliveries by Tuesday.",
        "Traders said the price of a bag of flour had nearly doubled during the closure and "
        "would take weeks to fall back.",
    ],
    "arabic.html": [
        "كُتبت هذه الصفحة لاختبارات أرشيف إخباري، وليست خبرًا حقيقيًا. افتتحت مدرسة جديدة "
        "أبوابها يوم الأحد في قرية صغيرة في ريف حلب، واستقبلت أكثر من مئتي طالب في يومها الأول.",
        "وقال مدير المدرسة إن المبنى أُعيد ترميمه خلال الصيف بمساعدة الأهالي، وإن الصفوف ستبدأ "
        "في الساعة الثامنة صباحًا كل يوم.",
        "وأضاف أحد المعلمين أن المدرسة تحتاج إلى كتب ومقاعد إضافية قبل حلول فصل الشتاء، وأن "
        "الأهالي وعدوا بالمساعدة.",
    ],
}


def check_article(
    project: Path, slug: str, expected: dict[str, str], paragraphs: list[str]
) -> dict[str, str]:
    """The article added from a page: its fields, its paragraphs in full and
    nothing else, kept as its source and shown by a build that proves it."""
    article = project / "content" / f"{slug}.md"
    fields = header(article)
    assert {key: fields.get(key) for key in expected} == expected
    assert fields["status"] == "draft"
    source = parse_source_text(
        (project / "provenance" / f"{slug}-{fields['source_sha256'][:16]}.txt").read_text("utf-8")
    )
    assert list(source.paragraphs) == paragraphs
    body = read_header(article.read_text(encoding="utf-8"))[1]
    assert not [word for word in BOILERPLATE if word in body]
    result = build(project, settings="pelicanconf.py")
    assert result.returncode == 0, result.log
    page = next((result.output / "drafts").glob(f"{slug}*.html"))
    # A line break reads as a space; every other character as written.
    assert shown_paragraphs(page) == [as_read(paragraph) for paragraph in paragraphs]
    return fields | {"page": str(page.relative_to(project))}


@pytest.mark.parametrize("page_name", SAVED)
def test_a_saved_page_becomes_a_draft_with_its_page_kept(project, page_name):
    page = PAGES / page_name
    code, out, err = add(
        project, "--HTML", str(page), "--ORIGINAL_URL", "https://news.example/a", "--SLUG", "new",
        *([] if "category" in SAVED[page_name] else ["--CATEGORY", "World"]),
    )  # fmt: skip
    assert (code, err) == (0, ""), out
    fields = check_article(project, "new", SAVED[page_name], PARAGRAPHS[page_name])
    kept = project / "provenance" / f"new-{fields['capture_sha256'][:16]}.html"
    assert kept.read_bytes() == page.read_bytes()
    assert fields["capture_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert f"found {len(PARAGRAPHS[page_name])} paragraph(s)" in out
    assert f"read it with `make html` ({fields['page']})" in out  # drafts/new-ar.html in Arabic
    assert "  title:" in out and "[given]" in out


def test_where_each_field_came_from_is_printed(project):
    code, out, _ = add(project, "--HTML", str(PAGES / "jsonld-newsarticle.html"),
                       "--ORIGINAL_URL", "https://news.example/water")  # fmt: skip
    assert code == 0
    lines = {line.split(":")[0].strip(): line for line in out.splitlines() if line.startswith("  ")}
    assert lines["title"].endswith("[JSON-LD headline]")
    assert lines["date"].endswith("[JSON-LD datePublished]")
    assert lines["publisher"].endswith("[JSON-LD publisher]")
    assert lines["lang"].endswith("[<html lang>]")
    assert lines["photo_caption"].endswith("[<figcaption>]")
    assert lines["slug"].endswith("[from the title]")


def test_a_br_inside_a_paragraph_stays_a_line_break(project):
    add(
        project,
        "--HTML",
        str(PAGES / "jsonld-newsarticle.html"),
        "--ORIGINAL_URL",
        "https://a.example/w",
    )
    article = project / "content" / f"{WATER_SLUG}.md"
    assert "said one resident, a teacher.  \n“Nobody knows" in article.read_text(encoding="utf-8")


def test_a_page_without_an_article_is_refused(project, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    before = stored(project)
    code, _, err = add(project, "--HTML", str(empty), "--ORIGINAL_URL", "https://a.example/x")
    assert (code, err) == (
        2,
        f"error: {empty}: no article text found in the page\nnothing was added\n",
    )
    assert stored(project) == before


# Holds back the answer to /slow until the test that asks for it is done.
ANSWER_SLOW = threading.Event()


class Pages(http.server.BaseHTTPRequestHandler):
    """The test pages, a redirect, a loop, a 404, a PDF, a page too big and
    one that takes its time. It notes who asked for each address."""

    asked: list[tuple[str, str]] = []  # (address, User-Agent)

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.asked.append((self.path, self.headers.get("User-Agent", "")))
        # A client hangs up once a body passes its size limit, or when it
        # stops waiting, as it should.
        with contextlib.suppress(ConnectionError):
            self.answer()

    def answer(self) -> None:
        routes = {
            "/water": (200, "text/html; charset=utf-8", (PAGES / WATER).read_bytes()),
            "/flour": (200, "text/html", (PAGES / "opengraph-only.html").read_bytes()),
            "/school": (200, "application/xhtml+xml", (PAGES / "arabic.html").read_bytes()),
            "/paper.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
            "/huge": (200, "text/html", b"<p>" + b"x" * fetch.MAX_BYTES),
        }  # fmt: skip
        redirects = {"/old-water": "/water", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}
        redirects |= {f"/hop-{n}": f"/hop-{n + 1}" for n in range(12)}
        redirects["/to-no-port"] = "http://127.0.0.1:99999/a"
        redirects["/to-broken-ipv6"] = "http://[::1/a"
        if self.path == "/slow":  # the page, once the client gave up (or after 20 s)
            ANSWER_SLOW.wait(20)
            self.path = "/water"
        if self.path == "/no-content":
            self.send_response(204)
            self.end_headers()
            return
        if self.path == "/stream":  # no Content-Length: the body ends when the server closes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"y" * (6 * 1024 * 1024))
            return
        if self.path in routes:
            status, kind, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path in redirects:
            self.send_response(301)
            self.send_header("Location", redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages), "") as base:
        yield base


def test_make_add_and_make_verify_send_the_archives_one_user_agent(server):
    Pages.asked.clear()
    assert fetch.fetch(f"{server}/water").body == (PAGES / WATER).read_bytes()
    assert Fetcher(workers=1).fetch(f"{server}/flour").status == 200
    assert Pages.asked == [("/water", USER_AGENT), ("/flour", USER_AGENT)]
    assert USER_AGENT.startswith("aleppo-dispatch-archive ")


def warc_records(data: bytes) -> list:
    records = []
    for record in ArchiveIterator(io.BytesIO(data)):
        body = record.content_stream().read()
        uri = record.rec_headers.get_header("WARC-Target-URI")
        status = record.http_headers.get_statuscode() if record.rec_type == "response" else None
        records.append((record.rec_type, uri, status, body))
    return records


def test_an_address_is_fetched_with_its_redirects_kept_as_warc_records(project, server):
    code, out, err = add(project, "--ORIGINAL_URL", f"{server}/old-water")
    assert (code, err) == (0, ""), out
    assert f"redirected to {server}/water" in out
    slug = WATER_SLUG
    fields = check_article(project, slug, SAVED[WATER], PARAGRAPHS[WATER])
    assert fields["original_url"] == f"{server}/old-water"
    kept = project / "provenance" / f"{slug}-{fields['capture_sha256'][:16]}.warc.gz"
    data = kept.read_bytes()
    assert fields["capture_sha256"] == hashlib.sha256(data).hexdigest()
    records = warc_records(data)
    assert [(kind, uri, status) for kind, uri, status, _ in records] == [
        ("response", f"{server}/old-water", "301"),
        ("request", f"{server}/old-water", None),
        ("response", f"{server}/water", "200"),
        ("request", f"{server}/water", None),
    ]
    assert records[2][3] == (PAGES / WATER).read_bytes()
    request = gzip.decompress(data).decode("utf-8", "replace")
    assert f"User-Agent: {fetch.USER_AGENT}" in request
    assert "WARC-Date: " in request


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/missing", "{server}/missing: the server answered 404 Not Found"),
        ("/paper.pdf", "{server}/paper.pdf: the response is application/pdf, not an HTML page"),
        ("/huge", "{server}/huge: the page is 5,242,883 bytes, over 5,242,880"),
        ("/loop-a", "{server}/loop-a: redirects in a loop, back to {server}/loop-a"),
        ("/hop-0", "{server}/hop-0: more than 10 redirects"),
        ("/no-content", "{server}/no-content: the server answered 204 No Content, not a page"),
        ("/stream", "{server}/stream: the page is over 5,242,880 bytes"),
        (
            "/to-no-port",
            "http://127.0.0.1:99999/a: is not an address that can be fetched: "
            "Port out of range 0-65535",
        ),
        (
            "/to-broken-ipv6",
            "{server}/to-broken-ipv6: redirects to http://[::1/a, not an address that can be "
            "fetched: Invalid IPv6 URL",
        ),
    ],
)
def test_a_fetch_that_fails_is_one_line_and_writes_nothing(project, server, path, error):
    before = stored(project)
    code, _, err = add(project, "--ORIGINAL_URL", f"{server}{path}")
    assert (code, err) == (2, f"error: {error.format(server=server)}\nnothing was added\n")
    assert stored(project) == before


def test_a_network_error_and_another_scheme_are_one_line(project):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    code, _, err = add(project, "--ORIGINAL_URL", f"http://127.0.0.1:{port}/a")
    assert code == 2
    assert err.startswith(f"error: http://127.0.0.1:{port}/a: could not fetch: ")
    assert err.count("\n") == 2
    # The schema refuses other schemes before anything is fetched.
    assert add(project, "--ORIGINAL_URL", "ftp://127.0.0.1/a")[2].startswith(
        "error: ftp://127.0.0.1/a: only http and https addresses can be fetched"
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:99999/", "Port out of range 0-65535"),
        ("http://127.0.0.1:abc/", "Port could not be cast to integer value as 'abc'"),
        ("http://[::1/", "Invalid IPv6 URL"),
    ],
)
def test_an_address_that_cannot_be_read_is_one_line(project, url, problem):
    before = stored(project)
    code, _, err = add(project, "--ORIGINAL_URL", url)
    said = f"error: {url}: is not an address that can be fetched: {problem}\n"
    assert (code, err) == (2, said + "nothing was added\n")
    assert stored(project) == before


def test_a_fetch_without_an_answer_gives_up_at_the_timeout(project, server, monkeypatch):
    """The server answers /slow only once the client has given up; a client
    that waited for it would add the page."""
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    before = stored(project)
    try:
        code, _, err = add(project, "--ORIGINAL_URL", f"{server}/slow")
    finally:
        ANSWER_SLOW.set()
    said = f"error: {server}/slow: no answer within 0.5 seconds\n"
    assert (code, err) == (2, said + "nothing was added\n")
    assert stored(project) == before


ADDRESSES = {
    # address: the page served there, the slug, and what the page lacks
    "/water": (WATER, WATER_SLUG, []),
    "/flour": (
        "opengraph-only.html",
        "border-crossing-reopens-for-trucks-of-flour",
        ["--CATEGORY", "World"],
    ),
    # Served as application/xhtml+xml; its Arabic title gives no slug worth reading.
    "/school": ("arabic.html", "school", ["--CATEGORY", "World", "--SLUG", "school"]),
}


@pytest.mark.parametrize("path", ADDRESSES)
def test_each_shipped_page_is_added_from_its_address(project, server, path):
    page_name, slug, given = ADDRESSES[path]
    code, out, err = add(project, "--ORIGINAL_URL", f"{server}{path}", *given)
    assert (code, err) == (0, ""), out
    expected = SAVED[page_name] | {"original_url": f"{server}{path}", "slug": slug}
    fields = check_article(project, slug, expected, PARAGRAPHS[page_name])
    kept = project / "provenance" / f"{slug}-{fields['capture_sha256'][:16]}.warc.gz"
    records = warc_records(kept.read_bytes())
    assert [(kind, uri, status) for kind, uri, status, _ in records] == [
        ("response", f"{server}{path}", "200"),
        ("request", f"{server}{path}", None),
    ]
    assert records[0][3] == (PAGES / page_name).read_bytes()


def page_with(tmp_path: Path, page_name: str, *changes: tuple[str, str]) -> Path:
    """A shipped page with some of its markup replaced, saved for make add."""
    html = (PAGES / page_name).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in html
        html = html.replace(old, new)
    page = tmp_path / "saved.html"
    page.write_text(html, encoding="utf-8")
    return page


def test_a_page_whose_text_the_build_would_refuse_writes_nothing(project, tmp_path):
    page = page_with(tmp_path, "opengraph-only.html", ("to fall back.", "to fall\x7f back."))
    before = stored(project)
    code, _, err = add(
        project, "--HTML", str(page), "--ORIGINAL_URL", "https://a.example/c", "--CATEGORY", "W"
    )
    said = f"error: {page}: paragraph 4 holds the control character U+007F\n"
    assert (code, err) == (2, said + "nothing was added\n")
    assert stored(project) == before


def test_the_writer_proves_the_article_before_writing_it(project, tmp_path, monkeypatch):
    """Were the escaping ever wrong, the build's own proof, which the writer
    runs on what it would write, stops it: no article the build refuses."""
    monkeypatch.setattr(article_module, "escape_paragraph", lambda text: text)
    source = write_source(tmp_path, ["Use *stars* here."])
    before = stored(project)
    code, _, err = add(project, "--SOURCE", str(source), *REQUIRED)
    said = (
        "error: the article would not match its source: paragraph 1 differs: "
        "source 'Use *stars* here.', page 'Use stars here.'\n"
    )
    assert (code, err) == (2, said + "nothing was added\n")
    assert stored(project) == before


PROMOTION = (
    '<aside class="promo"><figure><img src="/promo.jpg" alt="A promo">'
    '<figcaption>Our new podcast. <span class="credit">Promo Studio</span></figcaption>'
    "</figure></aside>\n"
)
FIGURE = (
    '<figure>\n    <img src="/images/pump-station.jpg" alt="Workers at a pumping station">\n'
    "    <figcaption>Workers repair a pumping station in eastern Aleppo, August 1, 2014. "
    '<span class="credit">Test Photo Agency/A. Example</span></figcaption>\n  </figure>'
)
HEADER = '<header class="site-header">'
OG_IMAGE = '<meta property="og:image" content="https://news.example/images/pump-station.jpg">'
THE_ARTICLES = {key: SAVED[WATER][key] for key in ("photo_alt", "photo_caption", "photo_credit")}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # A promotion's figure comes first on the page; the article has its own.
        ([(HEADER, PROMOTION + HEADER)], THE_ARTICLES),
        # The article has no figure: nothing is taken from the promotion's.
        ([(HEADER, PROMOTION + HEADER), (FIGURE, "")], {}),
        # The article's figure is above it, out of the text, and is the page's og:image.
        ([(HEADER, PROMOTION + FIGURE + HEADER), ("  " + FIGURE, ""), ("</head>", OG_IMAGE)],
         THE_ARTICLES),
    ],
)  # fmt: skip
def test_the_photo_is_the_articles_own(project, tmp_path, changes, expected):
    page = page_with(tmp_path, WATER, *changes)
    code, out, err = add(project, "--HTML", str(page), "--ORIGINAL_URL", "https://news.example/w")
    assert (code, err) == (0, ""), out
    fields = header(project / "content" / f"{WATER_SLUG}.md")
    assert {key: fields[key] for key in THE_ARTICLES if key in fields} == expected


def test_a_caption_that_is_only_a_credit_is_the_credit(project, tmp_path):
    credit_only = '<figcaption><span class="credit">Reuters/Photographe</span></figcaption>'
    figcaption = FIGURE[FIGURE.index("<figcaption>") : FIGURE.index("</figcaption>") + 13]
    page = page_with(tmp_path, WATER, (figcaption, credit_only))
    code, out, err = add(project, "--HTML", str(page), "--ORIGINAL_URL", "https://a.example/w")
    assert (code, err) == (0, ""), out
    slug = WATER_SLUG
    fields = header(project / "content" / f"{slug}.md")
    assert (fields.get("photo_caption"), fields["photo_credit"]) == (None, "Reuters/Photographe")
    result = build(project, settings="pelicanconf.py")
    assert result.returncode == 0, result.log  # the source's line 2 is the credit
    soup = BeautifulSoup((result.output / "drafts" / f"{slug}.html").read_bytes(), "html5lib")
    assert soup.select_one("article figcaption").get_text() == "Reuters/Photographe"


FRENCH = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Le pont de 10&nbsp;km rouvre</title>
<meta property="og:title" content="Le pont de 10&nbsp;km rouvre">
<meta property="og:site_name" content="Presse de test">
<meta property="article:published_time" content="2014-11-02T09:00:00+01:00">
</head>
<body>
<nav><a href="/">Accueil</a> <a href="/abonnement">S’abonner</a></nav>
<article>
  <h1>Le pont de 10&nbsp;km rouvre</h1>
  <p>Cette page a été écrite pour les tests d’une archive de presse&#x202F;; elle ne
  rapporte rien de réel. Le pont de 10&nbsp;km a rouvert lundi matin.</p>
  <p>«&#x202F;Nous attendions depuis des mois&#x202F;», a dit un chauffeur&#x202F;:<br>
  «&#x202F;enfin&#x202F;!&#x202F;»</p>
  <p>Les travaux ont coûté 2&nbsp;000&nbsp;000 de livres, selon la mairie.</p>
</article>
</body>
</html>
"""


def test_special_spaces_of_a_page_are_kept(project, tmp_path):
    """A no-break space (10 km) and French narrow no-break spaces reach the
    source and the page as themselves, as the source proof reads them."""
    page = tmp_path / "pont.html"
    page.write_text(FRENCH, encoding="utf-8")
    code, out, err = add(
        project, "--HTML", str(page), "--ORIGINAL_URL", "https://presse.example/pont",
        "--CATEGORY", "World", "--SLUG", "pont",
    )  # fmt: skip
    assert (code, err) == (0, ""), out
    expected = {"title": "Le pont de 10\u00a0km rouvre", "lang": "fr"}
    check_article(project, "pont", expected, [
        "Cette page a été écrite pour les tests d’une archive de presse\u202f; elle ne rapporte "
        "rien de réel. Le pont de 10\u00a0km a rouvert lundi matin.",
        "«\u202fNous attendions depuis des mois\u202f», a dit un chauffeur\u202f:\n"
        "«\u202fenfin\u202f!\u202f»",
        "Les travaux ont coûté 2\u00a0000\u00a0000 de livres, selon la mairie.",
    ])  # fmt: skip


def test_a_page_without_a_declared_encoding_is_read_as_trafilatura_reads_it(project, tmp_path):
    page = page_with(tmp_path, WATER, ('<meta charset="utf-8">\n', ""))
    code, out, err = add(project, "--HTML", str(page), "--ORIGINAL_URL", "https://a.example/w")
    assert (code, err) == (0, ""), out
    fields = header(project / "content" / f"{WATER_SLUG}.md")
    assert {key: fields[key] for key in THE_ARTICLES} == THE_ARTICLES


@pytest.mark.parametrize(
    "json_ld", ['"oops"', "42", "null", '{"@graph": "oops"}', '[1, "a", null, [{}]]', "{}"]
)
def test_json_ld_of_any_shape_is_read_or_passed_over(project, tmp_path, json_ld):
    script = f'<script type="application/ld+json">{json_ld}</script>\n</head>'
    page = page_with(tmp_path, "opengraph-only.html", ("</head>", script))
    code, out, err = add(
        project, "--HTML", str(page), "--ORIGINAL_URL", "https://a.example/f", "--CATEGORY", "W"
    )
    assert (code, err) == (0, ""), out
    fields = header(project / "content" / "border-crossing-reopens-for-trucks-of-flour.md")
    assert fields["title"] == "Border Crossing Reopens For Trucks Of Flour"
    assert fields["publisher"] == "Test Herald"


def test_articles_in_every_folder_of_content_are_seen(project, tmp_path):
    """Pelican reads content/ with its subfolders, so make add looks there
    too; a file Pelican ignores (IGNORE_FILES: hidden ones) is no article."""
    article = (
        "Title: An older article\nDate: 2014-01-02T10:00:00+00:00\nCategory: World\n"
        "Slug: {slug}\nSummary: Older.\nOriginal_url: https://example.org/{slug}\n\nWords.\n"
    )
    (project / "content" / "2014").mkdir()
    (project / "content" / "2014" / "older.md").write_text(article.format(slug="older"), "utf-8")
    (project / "content" / "2014" / ".notes.md").write_text(article.format(slug="notes"), "utf-8")
    source = write_source(tmp_path, ["One paragraph."])
    args = dict(zip(REQUIRED[::2], REQUIRED[1::2], strict=True)) | {"--SOURCE": str(source)}
    before = stored(project)
    for change, error in (
        ({"--SLUG": "older"}, "Slug: 'older' is already used by content/2014/older.md; "
         "give SLUG=..."),
        ({"--ORIGINAL_URL": "https://example.org/older"}, "the archive already holds "
         "https://example.org/older: content/2014/older.md"),
    ):  # fmt: skip
        code, _, err = add(project, *[part for item in (args | change).items() for part in item])
        assert (code, err) == (2, f"error: {error}\nnothing was added\n")
        assert stored(project) == before
    ignored = {"--SLUG": "notes", "--ORIGINAL_URL": "https://example.org/notes"}
    code, _, err = add(project, *[part for item in (args | ignored).items() for part in item])
    assert (code, err) == (0, "")


def test_the_bag_and_the_web_archive_carry_the_captured_pages(project, server, tmp_path):
    saved = PAGES / "opengraph-only.html"
    assert add(project, "--HTML", str(saved), "--ORIGINAL_URL", "https://herald.example/b",
               "--CATEGORY", "World", "--STATUS", "published")[0] == 0  # fmt: skip
    assert add(project, "--ORIGINAL_URL", f"{server}/water", "--STATUS", "published")[0] == 0
    result = build(project)
    assert result.returncode == 0, result.log
    with redirect_stdout(io.StringIO()):
        make_archive(result.output, tmp_path / "dist", project)
    captures = sorted(p for p in (project / "provenance").iterdir() if p.suffix in (".html", ".gz"))
    assert len(captures) == 2

    bag = zipfile.ZipFile(tmp_path / "dist" / "aleppo-dispatch-archive-bag.zip")
    carried = {
        Path(name).name: bag.read(name) for name in bag.namelist() if "/data/source/" in name
    }
    assert {path.name: path.read_bytes() for path in captures}.items() <= carried.items()
    info = next(bag.read(n).decode() for n in bag.namelist() if n.endswith("bag-info.txt"))
    for path in captures:
        assert f"Capture-SHA256: {hashlib.sha256(path.read_bytes()).hexdigest()}" in info

    wacz = zipfile.ZipFile(tmp_path / "dist" / "aleppo-dispatch-archive.wacz")
    bodies = {
        (kind, uri): body
        for name in wacz.namelist() if name.startswith("archive/")
        for kind, uri, _, body in warc_records(wacz.read(name))
    }  # fmt: skip
    assert bodies["resource", "https://herald.example/b"] == saved.read_bytes()
    assert bodies["response", f"{server}/water"] == (PAGES / "jsonld-newsarticle.html").read_bytes()


def test_make_add_passes_values_as_typed(tmp_path):
    """Through make: a "$", quotes and spaces reach the article unchanged, and
    LANG, the locale in every environment, counts only when given."""
    project = make_project(tmp_path / "project")
    source = write_source(tmp_path, ["It cost $500 million, they said."])
    result = make(
        project, "add", None, f"SOURCE={source}", "TITLE=It's \"$500\" for `all`",
        "DATE=2014-07-08T09:30:00-04:00", "CATEGORY=World", "PUBLISHER=Test Wire",
        "ORIGINAL_URL=https://example.org/a?x=1&y=$2",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    fields = header(project / "content" / "its-500-for-all.md")
    assert fields["title"] == 'It\'s "$500" for `all`'
    assert fields["original_url"] == "https://example.org/a?x=1&y=$2"
    assert "lang" not in fields
