"""The feed as RFC 5005 archived feeds: small subscription documents, and
archive documents that hold every other article once and, once full, never
change. Built with low limits (3 articles in a subscription document, 4 in
an archive document) so a few dozen articles make a chain of documents."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path

import pytest

from newsarchive.devtools.feed_rules import ATOM, FH_ARCHIVE, entry_links, feed_problems, links
from newsarchive.devtools.site_builder import (
    ARTICLE_FILE,
    TEST_SITEURL,
    build,
    output_files,
)
from newsarchive.devtools.site_content import content_metadata, feed_entry_links
from newsarchive.devtools.synthetic_site import synthetic_project
from newsarchive.feed_archive import DEFAULT_RECORD, MAX_DOCUMENT_BYTES, FeedError, check_written
from newsarchive.manifest import read_manifest

KEEP, SIZE = 3, 4
LOW_LIMITS = f"\nFEED_MAX_ITEMS = {KEEP}\nFEED_ARCHIVE_ITEMS = {SIZE}\n"
# 23 articles: 3 in the subscription documents and 20 in five full archive
# documents, so a sixth, the newest, is started empty.
ARTICLES = 23
FULL = 5


def chain_project(folder: Path, articles: int = ARTICLES) -> Path:
    project = synthetic_project(folder, articles, seed=3)
    with (project / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(LOW_LIMITS)
    return project


def add_article(project: Path, slug: str, date: str) -> None:
    """Another article, dated `date`, with the real article's text."""
    text = ARTICLE_FILE.read_text(encoding="utf-8")
    text = re.sub(r"^Slug: .*$", f"Slug: {slug}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^Date: .*$", f"Date: {date}", text, count=1, flags=re.MULTILINE)
    (project / "content" / f"{slug}.md").write_text(text, encoding="utf-8")


def built(project: Path) -> dict[str, bytes]:
    result = build(project)
    assert result.returncode == 0, result.log
    return output_files(result.output)


def feed_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith("feeds/")}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def archive(number: int) -> set[str]:
    return {f"feeds/archive/{number}.atom.xml", f"feeds/archive/{number}.rss.xml"}


SUBSCRIPTIONS = {"feeds/all.atom.xml", "feeds/all.rss.xml"}


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Path:
    project = chain_project(tmp_path_factory.mktemp("chain") / "project")
    result = build(project)
    assert result.returncode == 0, result.log
    return result.output


def history_of(document: Path) -> dict[str, list[str]]:
    """The links of the document's head but its alternate link, and an
    FH_ARCHIVE key when it is marked as an archive document."""
    root = ElementTree.parse(document).getroot()
    head = root if root.tag == f"{ATOM}feed" else root.find("channel")
    found = {rel: hrefs for rel, hrefs in links(head).items() if rel != "alternate"}
    return found | ({FH_ARCHIVE: []} if head.find(FH_ARCHIVE) is not None else {})


def test_each_feed_holds_every_article_once_as_the_manifest_says(chain):
    manifest = read_manifest(chain)
    urls = sorted(f"{TEST_SITEURL}/{article.url}" for article in manifest.articles)
    for feed_format in ("atom", "rss"):
        assert sorted(feed_entry_links(chain, feed_format)) == urls, feed_format
    assert len(manifest.feeds) == 2 * (1 + FULL + 1)
    for record in manifest.feeds:
        entries = entry_links((chain / record.path).read_bytes())
        assert entries == [f"{TEST_SITEURL}/{slug}.html" for slug in record.articles]


@pytest.mark.parametrize("which", ["real", "chain"])
def test_every_feed_document_keeps_the_validators_rules_and_stays_small(which, site, chain):
    folder = site if which == "real" else chain
    records = read_manifest(folder).feeds
    assert records
    for record in records:
        data = (folder / record.path).read_bytes()
        assert feed_problems(data) == [], record.path
        assert len(data) < MAX_DOCUMENT_BYTES


def test_the_documents_link_as_rfc_5005_says(chain):
    manifest = read_manifest(chain)
    for feed_format in ("atom", "rss"):
        records = [record for record in manifest.feeds if record.format == feed_format]
        subscription = next(record for record in records if record.role == "subscription")
        archives = sorted((r for r in records if r.role == "archive"), key=lambda r: r.number)
        count = len(archives)
        assert [r.number for r in archives] == list(range(1, count + 1))
        assert [r.full for r in archives] == [True] * FULL + [False]
        assert [len(r.articles) for r in archives] == [SIZE] * FULL + [0]
        assert len(subscription.articles) == KEEP

        def url(record) -> str:
            return f"{TEST_SITEURL}/{record.path}"

        head = history_of(chain / subscription.path)
        assert head == {"self": [url(subscription)], "prev-archive": [url(archives[-1])]}
        for position, record in enumerate(archives):
            expected = {"self": [url(record)], "current": [url(subscription)], FH_ARCHIVE: []}
            if position > 0:
                expected["prev-archive"] = [url(archives[position - 1])]
            if position < count - 1:
                expected["next-archive"] = [url(archives[position + 1])]
            assert history_of(chain / record.path) == expected, record.path


def test_archive_documents_fill_oldest_first(chain):
    dates = {record["slug"]: record["date"] for record in content_metadata(chain.parent)}
    manifest = read_manifest(chain)
    atom = sorted((r for r in manifest.feeds if r.format == "atom"), key=lambda r: r.number or 0)
    order = [
        max(datetime.fromisoformat(dates[slug]) for slug in record.articles)
        for record in atom[1:]
        if record.articles
    ]
    assert order == sorted(order)


def test_a_newer_article_rewrites_only_the_subscription_and_the_newest_archive(tmp_path):
    project = chain_project(tmp_path / "project")
    first = built(project)
    # The record the first build wrote changes nothing in the next.
    assert built(project) == first
    before = feed_files(first)
    for added in range(1, SIZE + 1):
        add_article(project, f"newer-{added}", f"2020-01-0{added}T10:00:00+00:00")
        after = feed_files(built(project))
        newest = FULL + 1 if added < SIZE else FULL + 2
        # Filling document 6 starts document 7, empty, so 6's links are final.
        expected = SUBSCRIPTIONS | archive(FULL + 1) | (archive(newest) if added == SIZE else set())
        assert changed(before, after) == expected, added
        before = after
    record = (project / DEFAULT_RECORD).read_text(encoding="utf-8").splitlines()
    assert len([line for line in record if not line.startswith("#")]) == FULL + 1


def test_an_older_article_joins_the_newest_archive_and_full_ones_stay(tmp_path):
    """An article dated before every other: by date it belongs in document 1,
    which is full. The record keeps the full documents as they are, and the
    article goes into the newest archive document; without the record, the
    same content would be laid out by date and every full document rewritten."""
    project = chain_project(tmp_path / "project")
    before = feed_files(built(project))
    record = (project / DEFAULT_RECORD).read_bytes()
    add_article(project, "found-later", "2009-05-01T10:00:00+00:00")
    after = built(project)
    assert changed(before, feed_files(after)) == archive(FULL + 1)
    assert (project / DEFAULT_RECORD).read_bytes() == record
    newest = next(r for r in read_manifest(project / "output").feeds if r.number == FULL + 1)
    assert newest.articles == ["found-later"]

    (project / DEFAULT_RECORD).unlink()
    by_date = feed_files(built(project))
    assert changed(before, by_date) >= archive(1) | archive(FULL)


def test_a_build_that_fails_leaves_the_record_as_it_was(tmp_path):
    """Four newer articles would fill the newest archive document, but the
    build stops before it is written: the record must not seal it."""
    project = chain_project(tmp_path / "project")
    first = built(project)
    record = (project / DEFAULT_RECORD).read_bytes()
    for added in range(1, SIZE):
        add_article(project, f"newer-{added}", f"2020-01-0{added}T10:00:00+00:00")
    # Its page is archives.html, which the archives page then writes again.
    add_article(project, "archives", f"2020-01-0{SIZE}T10:00:00+00:00")
    result = build(project)
    assert result.returncode == 2, result.log
    assert result.stderr.splitlines() == [
        "error: two pages of the site would be written to archives.html; give one of them "
        "another slug",
        "output/ kept as it was",
    ]
    assert (project / DEFAULT_RECORD).read_bytes() == record
    assert output_files(project / "output") == first


def test_a_record_naming_an_article_no_longer_published_stops_the_build(tmp_path):
    project = chain_project(tmp_path / "project")
    first = built(project)
    lines = (project / DEFAULT_RECORD).read_text(encoding="utf-8").splitlines()
    gone = [line for line in lines if not line.startswith("#")][1].split()[0]
    path = next(p for p in (project / "content").glob("*.md") if f"Slug: {gone}\n" in p.read_text())
    path.unlink()
    result = build(project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {DEFAULT_RECORD}: full archive document 2 holds {gone!r}, which the site no "
        "longer publishes; restore the article, or take its slug off that line to change the "
        "published document on purpose",
        "output/ kept as it was",
    ]
    assert output_files(project / "output") == first


def test_a_feed_document_over_the_limit_stops_the_build(tmp_path):
    document = tmp_path / "feeds" / "all.atom.xml"
    document.parent.mkdir()
    document.write_bytes(b" " * MAX_DOCUMENT_BYTES)
    with pytest.raises(FeedError) as raised:
        check_written(str(document), {"OUTPUT_PATH": str(tmp_path)}, feed=None)
    assert str(raised.value) == (
        "feeds/all.atom.xml: 2,000,000 bytes, over the 2,000,000 a feed document may hold; "
        "lower FEED_MAX_ITEMS or FEED_ARCHIVE_ITEMS in publishconf.py"
    )


@pytest.mark.slow
def test_a_thousand_articles_make_feeds_every_reader_takes(tmp_path):
    """The publishing settings as they are, at 1,000 articles."""
    project = synthetic_project(tmp_path / "project", 1000, seed=0)
    result = build(project)
    assert result.returncode == 0, result.log
    manifest = read_manifest(result.output)
    sizes = {}
    entries: dict[str, list[str]] = {"atom": [], "rss": []}
    for record in manifest.feeds:
        data = (result.output / record.path).read_bytes()
        assert feed_problems(data) == [], record.path
        sizes[record.path] = len(data)
        entries[record.format] += entry_links(data)
    assert max(sizes.values()) < MAX_DOCUMENT_BYTES
    assert sizes["feeds/all.atom.xml"] < 1_000_000 and sizes["feeds/all.rss.xml"] < 1_000_000
    urls = sorted(f"{TEST_SITEURL}/{article.url}" for article in manifest.articles)
    assert len(urls) == 1000
    assert sorted(entries["atom"]) == sorted(entries["rss"]) == urls
    largest = max(sizes, key=sizes.get)
    print(f"\n[feeds] {len(sizes)} documents, largest {largest}: {sizes[largest]:,} bytes")
