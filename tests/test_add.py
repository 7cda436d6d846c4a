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
from newsarchive.source_proof import as_read, page_paragraphs
from newsarchive.source_text import parse_source_text

PAGES = ROOT / "tests" / "pages"
WATER = "jsonld-newsarticle.html"
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
    assert "read 6 paragraph(s)" in out
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
# Each page's paragraphs: (how many, the first one's first words, the last one's last words).
PARAGRAPHS = {
    "jsonld-newsarticle.html": (5, "This page was written", "if fuel for the generators arrives."),
    "opengraph-only.html": (4, "This page was written", "would take weeks to fall back."),
    "arabic.html": (3, "كُتبت هذه الصفحة", "وأن الأهالي وعدوا بالمساعدة."),
}


def check_article(project: Path, page_name: str, slug: str) -> dict[str, str]:
    """The article added from a page: its fields, its paragraphs, no
    boilerplate, its source proven by a build."""
    article = project / "content" / f"{slug}.md"
    fields = header(article)
    expected = SAVED[page_name]
    assert {key: fields.get(key) for key in expected} == expected
    assert fields["status"] == "draft"
    source = parse_source_text(
        (project / "provenance" / f"{slug}-{fields['source_sha256'][:16]}.txt").read_text("utf-8")
    )
    count, first_words, last_words = PARAGRAPHS[page_name]
    assert len(source.paragraphs) == count
    assert source.paragraphs[0].startswith(first_words)
    assert source.paragraphs[-1].endswith(last_words)
    body = read_header(article.read_text(encoding="utf-8"))[1]
    assert not [word for word in BOILERPLATE if word in body]
    result = build(project, settings="pelicanconf.py")
    assert result.returncode == 0, result.log
    page = next((result.output / "drafts").glob(f"{slug}*.html"))
    assert shown_paragraphs(page) == [as_read(p) for p in source.paragraphs]
    return fields | {"page": str(page.relative_to(project))}


@pytest.mark.parametrize("page_name", SAVED)
def test_a_saved_page_becomes_a_draft_with_its_page_kept(project, page_name):
    page = PAGES / page_name
    code, out, err = add(
        project, "--HTML", str(page), "--ORIGINAL_URL", "https://news.example/a", "--SLUG", "new",
        *([] if "category" in SAVED[page_name] else ["--CATEGORY", "World"]),
    )  # fmt: skip
    assert (code, err) == (0, ""), out
    fields = check_article(project, page_name, "new")
    kept = project / "provenance" / f"new-{fields['capture_sha256'][:16]}.html"
    assert kept.read_bytes() == page.read_bytes()
    assert fields["capture_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert f"found {PARAGRAPHS[page_name][0]} paragraph(s)" in out
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
    article = project / "content" / "water-returns-to-eastern-aleppo-after-weeks-of-repairs.md"
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


class Pages(http.server.BaseHTTPRequestHandler):
    """The test pages, a redirect, a loop, a 404, a PDF and a page too big."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        routes = {
            "/water": (200, "text/html; charset=utf-8", (PAGES / WATER).read_bytes()),
            "/flour": (200, "text/html", (PAGES / "opengraph-only.html").read_bytes()),
            "/school": (200, "application/xhtml+xml", (PAGES / "arabic.html").read_bytes()),
            "/paper.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
            "/huge": (200, "text/html", b"<p>" + b"x" * fetch.MAX_BYTES),
        }  # fmt: skip
        redirects = {"/old-water": "/water", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}
        redirects |= {f"/hop-{n}": f"/hop-{n + 1}" for n in range(12)}
        if self.path == "/no-content":
            self.send_response(204)
            self.end_headers()
            return
        if self.path == "/stream":  # no Content-Length: the body ends when the server closes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.send_body(b"<p>" + b"y" * (6 * 1024 * 1024))
            return
        if self.path in routes:
            status, kind, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.send_body(body)
        elif self.path in redirects:
            self.send_response(301)
            self.send_header("Location", redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")

    def send_body(self, body: bytes) -> None:
        # The client hangs up once a body passes its size limit, as it should.
        with contextlib.suppress(ConnectionError):
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


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
    slug = "water-returns-to-eastern-aleppo-after-weeks-of-repairs"
    fields = check_article(project, WATER, slug)
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
