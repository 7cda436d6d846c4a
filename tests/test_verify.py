"""`make verify`: dist/ checked in full, every tampered form named; an
unpacked offline copy against the checksums it carries."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from contextlib import chdir, redirect_stderr, redirect_stdout
from datetime import datetime
from pathlib import Path

import bagit
import pytest
from pelican.settings import get_settings_from_file

from newsarchive.add.command import main as add_main
from newsarchive.archive.make_archive import make_archive
from newsarchive.books import copy_books
from newsarchive.checksums import write_sha256sums
from newsarchive.devtools.site_builder import ARTICLE_SLUG, TEST_SITEURL, build, copy_project
from newsarchive.devtools.system_tools import ROOT
from newsarchive.devtools.verify_runner import Verified, verify
from newsarchive.fixed_zip import read_members, write_zip
from newsarchive.manifest import read_manifest
from newsarchive.offline_zip import make_zip
from newsarchive.verify.article_set import SiteCopy, feed_problems, sitemap_problems

NAME = "aleppo-dispatch-archive"
OFFLINE = f"{NAME}-offline"
BAG = f"{NAME}-bag"
WACZ = f"{NAME}.wacz"
EPUB = f"{ARTICLE_SLUG}.epub"
ARTICLE_URL = f"{TEST_SITEURL}/{ARTICLE_SLUG}.html"
SHA256SUM = shutil.which("sha256sum")
WACZ_CLI = Path(sys.executable).parent / "wacz"


def make_dist(site: Path, project: Path, dist: Path) -> Path:
    """`make dist archive` after the build: books, the offline zip, the archive."""
    with redirect_stdout(io.StringIO()):
        copy_books(site, dist)
        make_zip(site, dist)
        make_archive(site, dist, project)
    write_sha256sums(dist)
    return dist


@pytest.fixture(scope="module")
def fresh_dist(published, tmp_path_factory) -> Path:
    return make_dist(published.output, published.output.parent, tmp_path_factory.mktemp("dist"))


@pytest.fixture
def dist(fresh_dist, tmp_path) -> Path:
    """A copy of the fresh dist/ to tamper with."""
    return Path(shutil.copytree(fresh_dist, tmp_path / "dist"))


def verify_dist(dist: Path, project: Path | None = None, *options: str) -> Verified:
    arguments = ["--dist", str(dist), "--site", str(dist.parent / "no-site")]
    if project is not None:
        arguments += ["--project", str(project)]
    return verify(*arguments, *options)


def rewrite_zip(archive: Path, change) -> None:
    """Rewrite a zip with change(members) -> members, as someone who knows
    the format would, then make dist/SHA256SUMS agree, so that only a check
    of what is inside can find it."""
    members = read_members(archive)
    with zipfile.ZipFile(archive) as opened:
        moment = opened.infolist()[0].date_time
    write_zip(archive, change(members), datetime(*moment))
    write_sha256sums(archive.parent)


def replaced(members, name: str, data: bytes):
    return [(n, data if n == name else d, c) for n, d, c in members]


# dist/ as made ---------------------------------------------------------------


def test_a_fresh_dist_checks_out(fresh_dist, published):
    result = verify_dist(fresh_dist, published.output.parent)
    assert result.code == 0, result.stdout
    assert result.problems == []
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith(f"verify {fresh_dist.as_posix()}/: all ")
    assert summary.endswith(" files check out")
    # dist/ (8 files), the bag's files, the offline zip's, the source text twice.
    assert int(summary.split()[3]) > 50
    print(f"\n[verify] {summary}")


def test_the_offline_zip_carries_checksums_that_sha256sum_accepts(fresh_dist, tmp_path):
    with zipfile.ZipFile(fresh_dist / f"{OFFLINE}.zip") as archive:
        archive.extractall(tmp_path)
        names = archive.namelist()
    folder = tmp_path / OFFLINE
    listed = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    # Every other file of the folder, once each.
    assert sorted(line.split("  ", 1)[1] for line in listed) == sorted(
        name.removeprefix(f"{OFFLINE}/") for name in names if not name.endswith("SHA256SUMS")
    )
    assert SHA256SUM, "sha256sum (GNU coreutils) is missing"
    checked = subprocess.run(
        [SHA256SUM, "--check", "--strict", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "index.html: OK" in checked.stdout.splitlines()


def test_without_dist_it_says_it_could_not_check(tmp_path):
    result = verify_dist(tmp_path / "dist")
    assert result.code == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == f"error: {tmp_path.as_posix()}/dist/ does not exist: run make dist archive first\n"
    )


def test_json_report_for_machines(dist):
    (dist / "notes.txt").write_text("not part of the archive\n", encoding="utf-8")
    result = verify_dist(dist, None, "--json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["exit_code"] == 1
    assert report["problems"] == [
        {
            "path": f"{dist.as_posix()}/notes.txt",
            "problem": "not listed in SHA256SUMS",
            "kind": "differs",
        }
    ]
    assert report["summary"].startswith(f"verify {dist.as_posix()}/: 1 problem(s) in ")


def test_without_a_bag_the_built_sites_manifest_is_read_if_dist_was_made_from_it(
    published, tmp_path
):
    site = published.output
    dist = tmp_path / "dist"
    with redirect_stdout(io.StringIO()):
        copy_books(site, dist)
        make_zip(site, dist)  # make dist, no make archive: no bag
    write_sha256sums(dist)
    result = verify("--dist", str(dist), "--site", str(site))
    assert result.code == 0, result.stdout
    assert f"note: no sound bag: articles as {site.as_posix()}/.build.json records them" in (
        result.stdout.splitlines()
    )
    # A site built again since, here for another address, is not the one.
    other = build(copy_project(tmp_path / "other"), siteurl="https://elsewhere.example/news")
    assert other.returncode == 0, other.log
    result = verify("--dist", str(dist), "--site", str(other.output))
    assert result.code == 2
    assert result.problems == [
        f"{dist.as_posix()}/: articles not compared: no manifest of the build it was made "
        "from (the bag's, or the built site's)"
    ]


# Tampered dist/ -------------------------------------------------------------


def test_a_flipped_byte_is_named(dist):
    book = dist / EPUB
    data = bytearray(book.read_bytes())
    data[len(data) // 2] ^= 0x01
    book.write_bytes(bytes(data))
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems[0].startswith(f"{dist.as_posix()}/{EPUB}: content differs: SHA-256 ")
    # The zip itself says which entry no longer passes its CRC.
    assert any(
        line.startswith(f"{dist.as_posix()}/{EPUB}: entry ") and "cannot be read" in line
        for line in result.problems
    ), result.stdout


def test_a_truncated_file_is_named(dist):
    wacz = dist / WACZ
    whole = wacz.read_bytes()
    truncated = whole[: len(whole) // 2]
    wacz.write_bytes(truncated)
    found, listed = hashlib.sha256(truncated).hexdigest(), hashlib.sha256(whole).hexdigest()
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems[:2] == [
        f"{dist.as_posix()}/{WACZ}: content differs: SHA-256 {found[:16]}…, "
        f"SHA256SUMS lists {listed[:16]}…",
        f"{dist.as_posix()}/{WACZ}: is not a readable zip: File is not a zip file",
    ]
    assert f"note: {WACZ} is damaged: what is inside was not checked" in result.stdout


def test_an_extra_and_a_missing_file_are_named(dist):
    (dist / "unlisted.html").write_text("<p>extra</p>\n", encoding="utf-8")
    (dist / f"{ARTICLE_SLUG}.ris").unlink()
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems == [
        f"{dist.as_posix()}/{ARTICLE_SLUG}.ris: missing (listed in SHA256SUMS)",
        f"{dist.as_posix()}/unlisted.html: not listed in SHA256SUMS",
    ]


def test_a_renamed_zip_entry_is_named(dist):
    def rename(members):
        return [
            (name.replace("/tags.html", "/tag-index.html"), data, kind)
            for name, data, kind in members
        ]

    rewrite_zip(dist / f"{OFFLINE}.zip", rename)
    result = verify_dist(dist)
    shown = f"{dist.as_posix()}/{OFFLINE}.zip: {OFFLINE}"
    assert result.code == 1
    assert result.problems == [
        f"{shown}/tags.html: missing (listed in SHA256SUMS)",
        f"{shown}/tag-index.html: not listed in SHA256SUMS",
        # And the sitemap now names a page the copy lacks.
        f"{dist.as_posix()}/{OFFLINE}.zip: sitemap.xml: lists {TEST_SITEURL}/tags.html, "
        "which names no file of the copy",
    ]


@pytest.mark.parametrize("name", ["../outside.html", "/etc/outside.html"])
def test_a_zip_entry_that_leaves_its_folder_is_named(dist, name):
    rewrite_zip(dist / EPUB, lambda members: [*members, (name, b"<p>x</p>", zipfile.ZIP_STORED)])
    result = verify_dist(dist)
    reason = "contains '..'" if name.startswith("..") else "absolute"
    assert result.code == 1
    assert f"{dist.as_posix()}/{EPUB}: entry name {name!r} is {reason}" in result.problems


def mark_encrypted(archive: Path, entry: str) -> None:
    """Set the "encrypted" flag of one entry, in its local header and its
    central directory record, as a zip made with a password has it; then
    make dist/SHA256SUMS agree."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        local = opened.getinfo(entry).header_offset
    name = entry.encode()
    # The central directory record: signature, then the name's length at
    # offset 28 and the name itself at offset 46.
    central = data.index(b"PK\x01\x02")
    while data[central + 28 : central + 30] != len(name).to_bytes(2, "little") or (
        data[central + 46 : central + 46 + len(name)] != name
    ):
        central = data.index(b"PK\x01\x02", central + 4)
    data[local + 6] |= 0x01  # local file header: flags at offset 6
    data[central + 8] |= 0x01  # central directory record: flags at offset 8
    archive.write_bytes(bytes(data))
    write_sha256sums(archive.parent)


def test_an_encrypted_zip_entry_is_named_not_a_traceback(dist):
    mark_encrypted(dist / EPUB, "mimetype")
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems == [
        f"{dist.as_posix()}/{EPUB}: entry 'mimetype' is encrypted: cannot be checked"
    ]
    assert f"note: {EPUB} is damaged: what is inside was not checked" in result.stdout


def bag_member(name: str) -> str:
    return f"{BAG}/{name}"


def test_a_bag_with_an_edited_payload_is_named(dist):
    page = bag_member("data/site/index.html")

    def edit(members):
        data = dict((n, d) for n, d, _ in members)[page]
        return replaced(members, page, data.replace(b"Aleppo", b"Alepo", 1))

    rewrite_zip(dist / f"{BAG}.zip", edit)
    result = verify_dist(dist)
    shown = f"{dist.as_posix()}/{BAG}.zip: bag:"
    assert result.code == 1
    # One byte shorter: bagit's Payload-Oxum fails first, then the file's hash.
    assert result.problems[0].startswith(f"{shown} Payload-Oxum validation failed.")
    assert result.problems[1].startswith(
        f"{shown} data/site/index.html sha256 validation failed: expected="
    )
    assert len(result.problems) == 2, result.stdout


def test_a_bag_edited_to_the_same_size_fails_its_payload_manifest(dist):
    page = bag_member("data/site/index.html")

    def edit(members):
        data = dict((n, d) for n, d, _ in members)[page]
        return replaced(members, page, data.replace(b"Aleppo", b"Alepp0", 1))

    rewrite_zip(dist / f"{BAG}.zip", edit)
    result = verify_dist(dist)
    assert result.code == 1
    assert [line.split(": expected=")[0] for line in result.problems] == [
        f"{dist.as_posix()}/{BAG}.zip: bag: data/site/index.html sha256 validation failed"
    ]


def test_every_problem_of_a_bag_is_named_not_only_the_first(dist):
    """bagit stops at its first failing stage; verify names what each finds."""
    page, gone, added = (bag_member(f"data/site/{n}") for n in ("index.html", "tags.html", "new"))

    def edit(members):
        data = dict((n, d) for n, d, _ in members)[page]
        kept = [m for m in members if m[0] != gone] + [(added, b"new\n", zipfile.ZIP_STORED)]
        return replaced(kept, page, data.replace(b"Aleppo", b"Alepp0", 1))

    rewrite_zip(dist / f"{BAG}.zip", edit)
    result = verify_dist(dist)
    shown = f"{dist.as_posix()}/{BAG}.zip: bag:"
    assert result.code == 1
    assert result.problems[0].startswith(f"{shown} Payload-Oxum validation failed. Expected ")
    assert [line.split(": expected=")[0] for line in result.problems[1:]] == [
        f"{shown} data/site/tags.html exists in manifest but was not found on filesystem",
        f"{shown} data/site/new exists on filesystem but is not in the manifest",
        f"{shown} data/site/index.html sha256 validation failed",
    ]


def test_a_source_text_that_changed_with_its_bag_manifests_is_named(dist, tmp_path, published):
    """A bag re-made around a changed source passes bagit, not the manifest's digest."""
    with zipfile.ZipFile(dist / f"{BAG}.zip") as archive:
        archive.extractall(tmp_path / "bag")
    bag_dir = tmp_path / "bag" / BAG
    (source,) = (bag_dir / "data" / "source").glob("*.txt")
    source.write_bytes(source.read_bytes().replace(b"Aleppo", b"Alepo", 1))
    bagit.Bag(str(bag_dir)).save(manifests=True)

    def remade(members):
        return [
            (f"{BAG}/{p.relative_to(bag_dir).as_posix()}", p.read_bytes(), zipfile.ZIP_DEFLATED)
            for p in sorted(bag_dir.rglob("*"))
            if p.is_file()
        ]

    rewrite_zip(dist / f"{BAG}.zip", remade)
    result = verify_dist(dist, published.output.parent)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    manifest = read_manifest(published.output)
    assert result.code == 1
    assert result.problems == [
        f"{dist.as_posix()}/{BAG}.zip: data/source/{source.name}: SHA-256 is {digest}, the "
        f"manifest records {manifest.articles[0].source_sha256} for {ARTICLE_SLUG}"
    ]


def test_a_source_text_edited_in_the_project_is_named(fresh_dist, published, tmp_path):
    project = copy_project(tmp_path / "project")
    recorded = read_manifest(published.output).articles[0]
    source = project / recorded.source_text
    source.write_bytes(source.read_bytes().replace(b"Aleppo", b"Alepo", 1))
    result = verify_dist(fresh_dist, project)
    assert result.code == 1
    assert result.problems == [
        f"{source.as_posix()}: SHA-256 is {hashlib.sha256(source.read_bytes()).hexdigest()}, "
        f"the manifest records {recorded.source_sha256} for {ARTICLE_SLUG}"
    ]
    # Away from the project, the bag's copy is checked, and the report says so.
    elsewhere = verify_dist(fresh_dist, tmp_path)
    assert elsewhere.code == 0, elsewhere.stdout
    assert (
        f"note: no provenance/ in {tmp_path.as_posix()}/: source texts checked in the bag only"
        in elsewhere.stdout.splitlines()
    )


def test_a_captured_page_is_checked_with_the_sources(tmp_path):
    """An article taken from a saved page (make add HTML=...): its dist/ checks
    out, and the kept page changed by one byte is named, with its digest."""
    project = copy_project(tmp_path / "project")
    saved = ROOT / "tests" / "pages" / "opengraph-only.html"
    with chdir(project), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        added = add_main(
            ["--HTML", str(saved), "--ORIGINAL_URL", "https://herald.example/b"]
            + ["--CATEGORY", "World", "--STATUS", "published", "--project", str(project)]
        )
    assert added == 0
    result = build(project)
    assert result.returncode == 0, result.log
    dist = make_dist(result.output, project, tmp_path / "dist")
    captured = next(a for a in read_manifest(result.output).articles if a.capture)
    assert Path(captured.capture).suffix == ".html"
    checked = verify_dist(dist, project)
    assert checked.code == 0, checked.stdout

    capture = project / captured.capture
    capture.write_bytes(capture.read_bytes().replace(b"<p>", b"<p >", 1))
    changed = verify_dist(dist, project)
    assert changed.code == 1
    assert changed.problems == [
        f"{capture.as_posix()}: SHA-256 is {hashlib.sha256(capture.read_bytes()).hexdigest()}, "
        f"the manifest records {captured.capture_sha256} for {captured.slug}"
    ]


def wacz_without_index(members):
    """The WACZ with its index gone, and datapackage.json and its digest
    made to agree, as py-wacz's create would have written them."""
    kept = [(n, d, c) for n, d, c in members if not n.startswith("indexes/")]
    contents = dict((n, d) for n, d, _ in kept)
    package = json.loads(contents["datapackage.json"])
    package["resources"] = [r for r in package["resources"] if r["path"] in contents]
    package_bytes = json.dumps(package, indent=2).encode("utf-8")
    digest = {
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
    }
    kept = replaced(kept, "datapackage.json", package_bytes)
    return replaced(kept, "datapackage-digest.json", json.dumps(digest, indent=2).encode("utf-8"))


def test_a_wacz_without_its_index_is_named_though_wacz_validate_passes_it(dist):
    rewrite_zip(dist / WACZ, wacz_without_index)
    # py-wacz's own check lets it pass (webrecorder/py-wacz#46) ...
    passed = subprocess.run(
        [str(WACZ_CLI), "validate", "-f", str(dist / WACZ)], capture_output=True, text=True
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # ... verify does not.
    result = verify_dist(dist)
    assert result.code == 1
    shown = f"{dist.as_posix()}/{WACZ}"
    assert f"{shown}: no CDXJ index in indexes/" in result.problems
    # Without an index, no article can be found in it either.
    assert f"{shown}: its index lacks article {ARTICLE_URL}" in result.problems


def test_wacz_pages_without_ts_a_stale_digest_and_a_compressed_warc_are_named(dist):
    def break_wacz(members):
        pages = dict((n, d) for n, d, _ in members)["pages/pages.jsonl"]
        lines = pages.decode("utf-8").splitlines()
        page = json.loads(lines[2])
        del page["ts"]
        lines[2] = json.dumps(page)
        changed = replaced(members, "pages/pages.jsonl", ("\n".join(lines) + "\n").encode())
        return [
            (n, d, zipfile.ZIP_DEFLATED if n.startswith("archive/") else c) for n, d, c in changed
        ]

    rewrite_zip(dist / WACZ, break_wacz)
    result = verify_dist(dist)
    shown = f"{dist.as_posix()}/{WACZ}"
    assert result.code == 1
    for line in (
        f"{shown}: pages/pages.jsonl line 3 has no ts",
        f"{shown}: pages/pages.jsonl does not have the hash datapackage.json lists",
        f"{shown}: archive/{NAME}.warc.gz is compressed in the zip; WACZ 1.1.1 asks for it stored",
        # The page without ts is no page: the article is missing from the list.
        f"{shown}: pages.jsonl lacks {ARTICLE_URL}",
    ):
        assert line in result.problems, result.stdout
    assert any(line.startswith(f"{shown}: wacz validate: ") for line in result.problems)


def test_a_book_missing_from_dist_is_named(dist):
    (dist / EPUB).unlink()
    write_sha256sums(dist)
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems == [f"{dist.as_posix()}/{EPUB}: missing"]


def test_an_article_missing_from_the_sitemap_is_named(dist):
    folder = f"{OFFLINE}/"

    def drop_article(members):
        contents = dict((n, d) for n, d, _ in members)
        sitemap = contents[folder + "sitemap.xml"].decode("utf-8")
        kept = "\n".join(line for line in sitemap.splitlines() if ARTICLE_SLUG not in line)
        changed = replaced(members, folder + "sitemap.xml", (kept + "\n").encode("utf-8"))
        # The copy's own checksums made to agree as well.
        sums = dict((n, d) for n, d, _ in changed)[folder + "SHA256SUMS"].decode()
        digest = hashlib.sha256((kept + "\n").encode("utf-8")).hexdigest()
        lines = [
            f"{digest}  sitemap.xml" if line.endswith("  sitemap.xml") else line
            for line in sums.splitlines()
        ]
        return replaced(changed, folder + "SHA256SUMS", ("\n".join(lines) + "\n").encode())

    rewrite_zip(dist / f"{OFFLINE}.zip", drop_article)
    result = verify_dist(dist)
    assert result.code == 1
    assert result.problems == [
        f"{dist.as_posix()}/{OFFLINE}.zip: sitemap.xml: lacks article {ARTICLE_URL}"
    ]


# Many articles, some hidden, some without a source ---------------------------

HIDDEN = """Title: A hidden note
Date: 2014-07-09T10:00:00+00:00
Category: World
Slug: a-hidden-note
Status: hidden
Summary: Written for the tests of make verify.
Photo_alt: No photograph: written for the tests
Photo_caption: A caption written for the tests.
Photo_credit: Nobody
Source_sha256: {digest}

Written for the tests of make verify: not reporting, not part of the site.
"""
UNSOURCED = """Title: An unsourced note
Date: 2014-07-10T10:00:00+00:00
Category: World
Slug: an-unsourced-note
Summary: Written for the tests of make verify.

Written for the tests of make verify: not reporting, not part of the site.
"""
HIDDEN_SOURCE = (
    b"No photograph: written for the tests\nA caption written for the tests. Nobody\n\n"
    b"Written for the tests of make verify: not reporting, not part of the site.\n"
)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Path]:
    """A dist/ of the real article, a hidden one with a source and a
    published one without, its feeds one entry a document, its sitemap an
    index of sitemaps of two addresses: (project, dist)."""
    project = copy_project(tmp_path_factory.mktemp("mixed") / "project")
    with (project / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write("FEED_MAX_ITEMS = 1\nFEED_ARCHIVE_ITEMS = 1\nSITEMAP_MAX_URLS = 2\n")
    (project / "provenance" / "hidden-note.txt").write_bytes(HIDDEN_SOURCE)
    digest = hashlib.sha256(HIDDEN_SOURCE).hexdigest()
    (project / "content" / "hidden.md").write_text(HIDDEN.format(digest=digest), "utf-8")
    (project / "content" / "unsourced.md").write_text(UNSOURCED, "utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    return project, make_dist(built.output, project, project / "dist")


def test_hidden_and_unsourced_articles_are_where_they_belong(mixed):
    project, dist = mixed
    statuses = {
        a.slug: (a.status, bool(a.epub)) for a in read_manifest(project / "output").articles
    }
    assert statuses == {
        ARTICLE_SLUG: ("published", True),
        "a-hidden-note": ("hidden", True),
        "an-unsourced-note": ("published", False),
    }
    result = verify_dist(dist, project)
    assert result.code == 0, result.stdout
    assert result.problems == []


def test_feeds_are_read_as_all_their_documents_together(mixed):
    """A feed whose older entries are in archive documents (RFC 5005) holds
    the published articles across all the documents the manifest records;
    an entry gone from one, or listed twice, is named."""
    project, _ = mixed
    site = project / "output"
    manifest = read_manifest(site)
    atom = [feed for feed in manifest.feeds if feed.format == "atom"]
    assert [(feed.role, len(feed.articles)) for feed in atom] == [
        ("subscription", 1), ("archive", 1), ("archive", 0)
    ]  # fmt: skip
    documents = {feed.path: (site / feed.path).read_text("utf-8") for feed in manifest.feeds}

    def read(name: str) -> bytes:
        return documents[name].encode("utf-8")

    assert feed_problems(manifest, read, "site") == []
    archived = atom[1]
    (slug,) = archived.articles
    archive = documents[archived.path]
    head, entry = archive.split("<entry", 1)
    documents[archived.path] = head + "</feed>"
    gone = feed_problems(manifest, read, "site")
    atom_documents = ", ".join(feed.path for feed in atom)
    assert [p.line() for p in gone] == [
        f"site: {atom_documents}: lacks article {TEST_SITEURL}/{slug}.html"
    ]
    subscription = atom[0].path
    documents[archived.path] = archive
    documents[subscription] = documents[subscription].replace(
        "</feed>", "<entry" + entry.split("</entry>")[0] + "</entry></feed>"
    )
    twice = feed_problems(manifest, read, "site")
    assert [p.what for p in twice] == [f"lists article {TEST_SITEURL}/{slug}.html more than once"]


def test_a_sitemap_index_is_read_with_its_sitemaps(mixed):
    """Past its limit the sitemap is an index of sitemaps: together they list
    the published articles; an article gone from one, or a sitemap gone, is named."""
    project, _ = mixed
    site = project / "output"
    manifest = read_manifest(site)
    assert manifest.sitemaps[0] == "sitemap.xml" and len(manifest.sitemaps) > 2
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def problems() -> list[str]:
        copy = SiteCopy("site", frozenset(files), lambda name: files[name])
        return [problem.line() for problem in sitemap_problems(manifest, copy)]

    assert problems() == []
    holder = next(name for name in manifest.sitemaps[1:] if ARTICLE_SLUG.encode() in files[name])
    kept = [line for line in files[holder].decode().splitlines() if ARTICLE_SLUG not in line]
    files[holder] = "\n".join(kept).encode()
    assert problems() == [f"site: {', '.join(manifest.sitemaps[1:])}: lacks article {ARTICLE_URL}"]
    last = manifest.sitemaps[-1]
    files.pop(last)
    assert f"site: {last}: missing" in problems()


# An unpacked offline copy ---------------------------------------------------


@pytest.fixture
def unpacked(fresh_dist, tmp_path) -> Path:
    with zipfile.ZipFile(fresh_dist / f"{OFFLINE}.zip") as archive:
        archive.extractall(tmp_path / "Downloads")
    return tmp_path / "Downloads"


def test_an_unpacked_copy_checks_out(unpacked):
    result = verify("--copy", str(unpacked / OFFLINE))
    assert result.code == 0, result.stdout
    # Every file its own SHA256SUMS lists, counted from the list, not the report.
    listed = len((unpacked / OFFLINE / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert listed > 10
    assert result.stdout.splitlines() == [
        f"verify {(unpacked / OFFLINE).as_posix()}/: all {listed} files check out"
    ]
    # The folder it was unpacked into will do too.
    assert verify("--copy", str(unpacked)).stdout == result.stdout


def test_an_unpacked_copy_with_one_page_changed_is_named(unpacked):
    folder = unpacked / OFFLINE
    page = folder / "tag" / "syria.html"
    page.write_bytes(page.read_bytes().replace(b"Syria", b"Syrie", 1))
    result = verify("--copy", str(folder))
    assert result.code == 1
    assert [line.split(": SHA-256")[0] for line in result.problems] == [
        f"{folder.as_posix()}/tag/syria.html: content differs"
    ]


def test_an_unpacked_copy_with_a_file_gone_and_one_added_is_named(unpacked):
    folder = unpacked / OFFLINE
    (folder / "theme" / "favicon.svg").unlink()
    (folder / "tag" / "news.html").write_text("<p>Not in the archive</p>\n", encoding="utf-8")
    result = verify("--copy", str(folder))
    assert result.code == 1
    assert result.problems == [
        f"{folder.as_posix()}/theme/favicon.svg: missing (listed in SHA256SUMS)",
        f"{folder.as_posix()}/tag/news.html: not listed in SHA256SUMS",
    ]


LEFTOVERS = [
    "#index.html#",  # Emacs's autosave
    ".DS_Store",  # macOS Finder, in every folder it opens
    ".Spotlight-V100/Store-V2/store.db",  # a hidden folder, and all in it
    "index.html~",  # a backup
    "tag/.DS_Store",
    "tags.html.swp",  # Vim's swap file
    "theme/._favicon.svg",  # macOS's resource fork on a FAT drive
]


def test_what_finder_and_editors_leave_in_a_copy_is_left_out_with_a_note(unpacked):
    """An offline copy opened in Finder gains a .DS_Store in each folder: it
    still checks out, as the build leaves the same names out of content/."""
    assert get_settings_from_file(str(ROOT / "pelicanconf.py"))["IGNORE_FILES"] == [
        ".*", "*~", "#*#", "*.swp"
    ]  # fmt: skip
    folder = unpacked / OFFLINE
    for name in LEFTOVERS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"\0\0\0\1Bud1")
    result = verify("--copy", str(folder))
    assert result.code == 0, result.stdout
    assert result.notes == [
        "left out 7 file(s) that systems and editors leave behind, as the build does in "
        "content/: " + ", ".join(LEFTOVERS)
    ]
    listed = len((folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert (
        result.stdout.splitlines()[-1]
        == f"verify {folder.as_posix()}/: all {listed} files check out"
    )
    # They hide nothing: a page gone from beside them is still named.
    (folder / "tags.html").unlink()
    gone = verify("--copy", str(folder))
    assert (gone.code, gone.problems) == (
        1,
        [f"{folder.as_posix()}/tags.html: missing (listed in SHA256SUMS)"],
    )
    assert len(gone.notes) == 1


def test_a_file_named_like_a_leftover_that_sha256sums_lists_is_still_checked(unpacked):
    """Only what the copy's SHA256SUMS does not list is left out as a leftover."""
    folder = unpacked / OFFLINE
    listed, held = b"as made\n", b"as changed\n"
    (folder / "notes~").write_bytes(held)
    with (folder / "SHA256SUMS").open("a", encoding="utf-8") as sums:
        sums.write(f"{hashlib.sha256(listed).hexdigest()}  notes~\n")
    result = verify("--copy", str(folder))
    assert result.code == 1
    assert result.notes == []
    assert result.problems == [
        f"{folder.as_posix()}/notes~: content differs: SHA-256 "
        f"{hashlib.sha256(held).hexdigest()[:16]}…, "
        f"SHA256SUMS lists {hashlib.sha256(listed).hexdigest()[:16]}…"
    ]


def test_a_copy_without_checksums_cannot_be_checked(unpacked):
    folder = unpacked / OFFLINE
    (folder / "SHA256SUMS").unlink()
    result = verify("--copy", str(folder))
    assert result.code == 2
    assert result.stderr.startswith(f"error: {folder.as_posix()}/SHA256SUMS is missing")
