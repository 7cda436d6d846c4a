"""Nothing is lost: every article file becomes exactly one article page that
is linked from the site and listed once in each feed (its subscription and
archive documents) and in the sitemap, for the real content and for a
generated site of 50 articles with pagination on, more than the subscription
documents hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsarchive.devtools.site_builder import ROOT, TEST_SITEURL, build
from newsarchive.devtools.site_content import article_pages, content_metadata, feed_entry_links
from newsarchive.devtools.site_crawl import crawl_disk
from newsarchive.devtools.synthetic_site import synthetic_project

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def assert_nothing_lost(project: Path, site: Path) -> int:
    metadata = content_metadata(project)
    slugs = {record["slug"] for record in metadata}
    assert len(slugs) == len(metadata)

    pages = article_pages(site)
    assert set(pages) == slugs

    crawl = crawl_disk(site)
    assert crawl.problems == []
    html_pages = {page.relative_to(site).as_posix() for page in site.rglob("*.html")}
    assert html_pages - {"404.html"} == crawl.pages, "pages not linked from the site"

    article_urls = {f"{TEST_SITEURL}/{slug}.html" for slug in slugs}
    # The subscription documents and their archive documents hold each once.
    for feed_format in ("atom", "rss"):
        links = feed_entry_links(site, feed_format)
        assert sorted(links) == sorted(article_urls), feed_format

    sitemap = ET.parse(site / "sitemap.xml")
    locs = {loc.text for loc in sitemap.getroot().iterfind("s:url/s:loc", SITEMAP_NS)}
    assert article_urls <= locs
    return len(slugs)


def test_real_content_loses_nothing(published, site):
    assert assert_nothing_lost(ROOT, site) == 1


@pytest.fixture(scope="module")
def fifty(tmp_path_factory):
    project = synthetic_project(tmp_path_factory.mktemp("fifty") / "project", 50, seed=7)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nDEFAULT_PAGINATION = 3\n")
    result = build(project)
    assert result.returncode == 0, result.log
    return project, result.output


def test_fifty_articles_lose_nothing(fifty):
    project, site = fifty
    assert assert_nothing_lost(project, site) == 50


def listed_articles(site: Path, first_page: Path) -> set[str]:
    """Article slugs listed on a paginated listing, following its pages."""
    slugs, page = set(), first_page
    while page:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for link in soup.select("ol.list h2 a"):
            slugs.add(Path(link["href"]).stem)
        following = soup.find("a", rel="next")
        page = (page.parent / following["href"]).resolve() if following else None
    return slugs


def test_tags_ending_in_digits_keep_their_own_pages(fifty):
    project, site = fifty
    metadata = content_metadata(project)
    for tag in ("x1", "x12"):
        tagged = {
            record["slug"]
            for record in metadata
            if tag in [t.strip() for t in record.get("tags", "").split(",")]
        }
        assert len(tagged) > 3, f"tag {tag} needs a second page for this test"
        assert (site / "tag" / tag / "page-2.html").exists()
        assert listed_articles(site, site / "tag" / f"{tag}.html") == tagged
