"""`make archive`: the one-file article, the WACZ web archive, the BagIt zip
and SHA256SUMS, checked with the formats' own validators and rebuilt to the
same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import bagit
import pelican
import pytest
from bs4 import BeautifulSoup
from warcio.archiveiterator import ArchiveIterator

from newsarchive.archive.make_archive import make_archive
from newsarchive.devtools.site_builder import (
    ARTICLE_FILE,
    ARTICLE_MOMENT,
    ARTICLE_SLUG,
    ORIGINAL_URL,
    PUBLISHER,
    SOURCE_SHA256,
    SOURCE_TEXT,
    TEST_SITEURL,
    build,
    copy_project,
    make_project,
    source_parts,
)
from newsarchive.devtools.validator import describe

NAME = "aleppo-dispatch-archive"
STANDALONE = f"{ARTICLE_SLUG}.standalone.html"
WACZ = f"{NAME}.wacz"
BAG_ZIP = f"{NAME}-bag.zip"
ARTIFACTS = {STANDALONE, WACZ, BAG_ZIP, "SHA256SUMS"}
ARTICLE_URL = f"{TEST_SITEURL}/{ARTICLE_SLUG}.html"
# Builds of project copies have no git history: every date is the article's.
ARTICLE_DATE = ARTICLE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ")
WACZ_CLI = Path(sys.executable).parent / "wacz"
WARCIO_CLI = Path(sys.executable).parent / "warcio"


@dataclass
class Run:
    dist: Path
    stdout: str


def run_archive(project: Path, site: Path, dist: Path) -> Run:
    """`make archive`'s step after the build, in this process, on site."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        make_archive(site, dist, project)
    return Run(dist, printed.getvalue())


def build_and_archive(project: Path, dist: Path, **build_options) -> Run:
    built = build(project, **build_options)
    assert built.returncode == 0, built.log
    return run_archive(project, built.output, dist)


@pytest.fixture(scope="module")
def runs(published, tmp_path_factory) -> tuple[Run, Run]:
    """Two runs on the same build into two folders."""
    project = published.output.parent
    base = tmp_path_factory.mktemp("archive")
    first = run_archive(project, published.output, base / "first" / "dist")
    second = run_archive(project, published.output, base / "second" / "dist")
    return first, second


@pytest.fixture(scope="module")
def dist(runs) -> Path:
    return runs[0].dist


@pytest.fixture(scope="module")
def standalone(dist) -> BeautifulSoup:
    return BeautifulSoup((dist / STANDALONE).read_text(encoding="utf-8"), "html5lib")


def meta(soup: BeautifulSoup, name: str) -> str:
    return soup.find("meta", attrs={"name": name})["content"]


def wacz_member(wacz: Path, name: str) -> bytes:
    with zipfile.ZipFile(wacz) as archive:
        return archive.read(name)


def warc_records(wacz: Path) -> list:
    """(type, WARC headers, HTTP headers, payload) of every record in the WACZ."""
    with zipfile.ZipFile(wacz) as archive:
        (warc_name,) = [n for n in archive.namelist() if n.startswith("archive/")]
        data = archive.read(warc_name)
    records = []
    for record in ArchiveIterator(io.BytesIO(data)):
        payload = record.content_stream().read()
        records.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return records


def unzip(archive: Path, destination: Path) -> Path:
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(destination)
    return destination


# The one-file article -------------------------------------------------------


def test_source_sha256_is_the_provenance_files_hash(standalone):
    assert f"\nSource_sha256: {SOURCE_SHA256}\n" in ARTICLE_FILE.read_text(encoding="utf-8")
    assert meta(standalone, "source-text-sha256") == SOURCE_SHA256


def test_the_site_holds_the_copy_and_the_article_links_to_it(site, article_soup, dist):
    link = article_soup.find("a", string="Save this article as one HTML file")
    assert link is not None and link.has_attr("download")
    assert (site / link["href"]).resolve() == (site / STANDALONE).resolve()
    assert (dist / STANDALONE).read_bytes() == (site / STANDALONE).read_bytes()


def test_the_copy_has_no_link_to_itself(standalone):
    assert standalone.find("a", attrs={"download": True}) is None
    assert STANDALONE not in str(standalone)


def test_the_copy_records_its_provenance(standalone):
    assert meta(standalone, "generator") == f"Pelican {pelican.__version__}"
    assert meta(standalone, "original-url") == ORIGINAL_URL
    assert meta(standalone, "original-publisher") == PUBLISHER
    assert meta(standalone, "original-date-published") == "2014-07-08T00:00:00-04:00"
    assert meta(standalone, "canonical-url") == ARTICLE_URL
    assert meta(standalone, "site-url") == f"{TEST_SITEURL}/"
    assert standalone.find("link", rel="canonical")["href"] == ARTICLE_URL


def test_the_copy_loads_nothing_and_runs_nothing(standalone):
    scripts = standalone.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].string)["isBasedOn"] == ORIGINAL_URL
    assert standalone.find_all(["iframe", "object", "embed", "video", "audio"]) == []
    for element in standalone.select("[src], link[href]"):
        if element.name == "link" and element["rel"] in (["canonical"], ["alternate"]):
            continue
        address = element.get("src") or element["href"]
        assert address.startswith("data:"), element
    css = standalone.find("style").string
    assert css and "@import" not in css
    assert "url(" not in css.replace("url(data:", "")
    policy = standalone.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in policy["content"]


def test_the_copys_links_lead_to_the_canonical_site(standalone):
    links = [a["href"] for a in standalone.find_all("a", href=True)]
    assert f"{TEST_SITEURL}/index.html" in links
    for href in links:
        assert href.startswith(("#", "https://", "http://")), href


def test_the_copy_holds_every_source_paragraph_verbatim(standalone):
    _, caption_line, paragraphs = source_parts()
    shown = [p.get_text() for p in standalone.select("article .body p")]
    assert shown == paragraphs
    assert standalone.select_one("article figure figcaption").get_text() == caption_line


def test_the_copy_is_valid_html(dist, nu_checker):
    messages = nu_checker("--also-check-css", str(dist / STANDALONE))
    assert messages == [], describe(messages)


def test_the_copy_opens_from_any_folder_without_loading_anything(dist, tmp_path, browser):
    folder = tmp_path / "Pièces jointes" / "mail"
    folder.mkdir(parents=True)
    attachment = Path(shutil.copy(dist / STANDALONE, folder / "attachment.html"))
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(attachment.as_uri(), wait_until="load")
    home = page.eval_on_selector("header nav a", "a => a.href")
    width = page.evaluate("getComputedStyle(document.body).maxWidth")
    context.close()
    assert [url for url in requests if not url.startswith("data:")] == [attachment.as_uri()]
    assert console == []
    assert home == f"{TEST_SITEURL}/index.html"
    assert width != "none"  # the inline stylesheet was applied


# The WACZ web archive --------------------------------------------------------


def test_wacz_validates(dist):
    result = subprocess.run(
        [str(WACZ_CLI), "validate", "-f", str(dist / WACZ)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_wacz_package_metadata(dist):
    package = json.loads(wacz_member(dist / WACZ, "datapackage.json"))
    assert package["title"] == "Aleppo Dispatch Archive"
    assert package["created"] == ARTICLE_DATE
    assert package["mainPageURL"] == ARTICLE_URL
    assert ORIGINAL_URL in package["description"]
    digest = json.loads(wacz_member(dist / WACZ, "datapackage-digest.json"))
    expected = hashlib.sha256(wacz_member(dist / WACZ, "datapackage.json")).hexdigest()
    assert digest["hash"] == f"sha256:{expected}"


def test_wacz_lists_the_home_page_and_the_article(dist):
    lines = wacz_member(dist / WACZ, "pages/pages.jsonl").decode("utf-8").splitlines()
    header, *pages = [json.loads(line) for line in lines]
    assert header["format"] == "json-pages-1.0"
    assert [page["url"] for page in pages] == [f"{TEST_SITEURL}/", ARTICLE_URL]
    assert all(page["ts"] == ARTICLE_DATE and page["id"] for page in pages)


def test_warc_records_every_served_file_with_its_type(dist, site):
    records = warc_records(dist / WACZ)
    assert records[0][0] == "warcinfo"
    responses = {r[1]["WARC-Target-URI"]: r for r in records if r[0] == "response"}
    requests = {r[1]["WARC-Target-URI"]: r for r in records if r[0] == "request"}
    assert set(requests) == set(responses)
    served = {
        path.relative_to(site).as_posix(): path
        for path in site.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    assert set(responses) == {f"{TEST_SITEURL}/{name}" for name in served} | {f"{TEST_SITEURL}/"}
    types = {".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml"}
    types |= {".xml": "application/xml", ".txt": "text/plain", ".epub": "application/epub+zip"}
    types |= {".ris": "application/x-research-info-systems", ".bib": "application/octet-stream"}
    for name, path in served.items():
        _, warc_headers, http_headers, payload = responses[f"{TEST_SITEURL}/{name}"]
        assert http_headers.get_statuscode() == "200"
        assert http_headers["Content-Type"].split(";")[0] == types[path.suffix], name
        assert payload == path.read_bytes(), name
    assert responses[f"{TEST_SITEURL}/"][3] == (site / "index.html").read_bytes()
    for _, warc_headers, http_headers, _ in requests.values():
        assert http_headers.protocol == "GET"
        assert warc_headers["WARC-Concurrent-To"]
    assert {r[1]["WARC-Date"] for r in records} == {ARTICLE_DATE}


def test_warc_digests_check(dist, tmp_path):
    folder = unzip(dist / WACZ, tmp_path)
    (warc,) = (folder / "archive").glob("*.warc.gz")
    result = subprocess.run([str(WARCIO_CLI), "check", str(warc)], capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr


# The BagIt zip --------------------------------------------------------------


def test_bag_validates_and_holds_the_site_and_its_sources(dist, site, tmp_path):
    (bag_dir,) = unzip(dist / BAG_ZIP, tmp_path).iterdir()
    assert bag_dir.name == f"{NAME}-bag"
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert bag.algorithms == ["sha256"]
    assert (bag_dir / "tagmanifest-sha256.txt").is_file()
    payload = {path: (bag_dir / path).read_bytes() for path in bag.payload_files()}
    expected = {
        f"data/site/{path.relative_to(site).as_posix()}": path.read_bytes()
        for path in site.rglob("*")
        if path.is_file()
    }
    expected[f"data/source/{SOURCE_TEXT.name}"] = SOURCE_TEXT.read_bytes()
    expected[f"data/source/{ARTICLE_FILE.name}"] = ARTICLE_FILE.read_bytes()
    assert payload == expected


def test_the_bag_vouches_for_the_source_text_it_carries(dist, tmp_path):
    """Source-Text-SHA256 is the digest of data/source/'s text, as the bag's
    own manifest records it, so a recipient can check it from the bag alone."""
    (bag_dir,) = unzip(dist / BAG_ZIP, tmp_path).iterdir()
    bag = bagit.Bag(str(bag_dir))
    carried = f"data/source/{SOURCE_TEXT.name}"
    recorded = bag.info["Source-Text-SHA256"]
    assert hashlib.sha256((bag_dir / carried).read_bytes()).hexdigest() == recorded
    assert bag.entries[carried]["sha256"] == recorded


def test_bag_info_names_the_source_and_the_dates(dist, tmp_path):
    (bag_dir,) = unzip(dist / BAG_ZIP, tmp_path).iterdir()
    info = bagit.Bag(str(bag_dir)).info
    assert info["Bagging-Date"] == ARTICLE_MOMENT.date().isoformat()
    assert info["Source-Date"] == ARTICLE_DATE
    assert info["Original-URL"] == ORIGINAL_URL
    assert info["Original-Publisher"] == PUBLISHER
    assert info["Original-Date-Published"] == "2014-07-08T00:00:00-04:00"
    assert info["Canonical-URL"] == ARTICLE_URL
    assert info["Source-Text-SHA256"] == SOURCE_SHA256
    assert info["External-Identifier"] == f"{TEST_SITEURL}/"
    assert info["Generator"] == f"Pelican {pelican.__version__}"


def test_bag_zip_layout_is_fixed(dist):
    with zipfile.ZipFile(dist / BAG_ZIP) as archive:
        entries = archive.infolist()
        assert archive.testzip() is None
    names = [entry.filename for entry in entries]
    assert names == sorted(names)
    assert all(name.startswith(f"{NAME}-bag/") for name in names)
    for entry in entries:
        assert entry.date_time == ARTICLE_MOMENT.timetuple()[:6]
        assert entry.external_attr >> 16 == 0o100644


# SHA256SUMS, reproducibility and dates ---------------------------------------


def test_sha256sums_checks_with_sha256sum(dist):
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in lines) == sorted(ARTIFACTS - {"SHA256SUMS"})
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_runs_give_the_same_bytes(runs):
    first, second = runs
    assert {p.name for p in first.dist.iterdir()} == ARTIFACTS
    for name in sorted(ARTIFACTS):
        assert (first.dist / name).read_bytes() == (second.dist / name).read_bytes(), name


def test_progress_is_printed(runs):
    stdout = runs[0].stdout
    assert "from the newest article's date" in stdout
    for name in sorted(ARTIFACTS):
        assert f"wrote {runs[0].dist / name}" in stdout


def dates_inside(dist: Path) -> set[str]:
    """Every date the archive files carry: WARC-Date, WACZ "created", the zip
    entries' times (as UTC) and the bag's Bagging-Date."""
    dates = {headers["WARC-Date"] for _, headers, _, _ in warc_records(dist / WACZ)}
    dates.add(json.loads(wacz_member(dist / WACZ, "datapackage.json"))["created"])
    for archive_name in (WACZ, BAG_ZIP):
        with zipfile.ZipFile(dist / archive_name) as archive:
            for entry in archive.infolist():
                dates.add("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z".format(*entry.date_time))
                if entry.filename.endswith("/bag-info.txt"):
                    info = archive.read(entry).decode("utf-8")
                    dates.add(info.split("Bagging-Date: ", 1)[1].split("\n", 1)[0])
    return dates


def test_source_date_epoch_sets_every_date(tmp_path):
    project = copy_project(tmp_path / "epoch")
    run = build_and_archive(project, tmp_path / "dist", source_date_epoch="1700000000")
    assert "from the SOURCE_DATE_EPOCH" in run.stdout
    assert dates_inside(run.dist) == {"2023-11-14T22:13:20Z", "2023-11-14"}


def test_last_commit_time_is_the_date_without_source_date_epoch(tmp_path):
    project = make_project(tmp_path / "committed", commit_date="2020-01-02T03:04:06+00:00")
    run = build_and_archive(project, tmp_path / "dist")
    assert "from the last git commit" in run.stdout
    assert dates_inside(run.dist) == {"2020-01-02T03:04:06Z", "2020-01-02"}
