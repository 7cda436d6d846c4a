"""The theme's structure: its own templates, semantic pages and complete head
metadata."""

import re
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings

from newsarchive.devtools.site_builder import (
    ARTICLE_SLUG,
    PUBLISHER,
    ROOT,
    TEST_SITEURL,
)

THEME = ROOT / "theme"
# What Pelican's generators render besides DIRECT_TEMPLATES. No article has
# an author, so author.html and authors.html never are.
GENERATOR_TEMPLATES = {"article", "page", "category", "tag", "period_archives"}


def soup_of(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html5lib")


def test_theme_overrides_every_template_pelican_renders(monkeypatch):
    monkeypatch.setenv("SITEURL", TEST_SITEURL)
    settings = read_settings(str(ROOT / "publishconf.py"))
    rendered = GENERATOR_TEMPLATES | set(settings["DIRECT_TEMPLATES"])
    ours = {p.stem for p in (THEME / "templates").iterdir() if p.is_file()}
    assert rendered <= ours


def test_templates_only_use_the_themes_own_templates():
    templates = THEME / "templates"
    for template in templates.rglob("*.*"):
        text = template.read_text(encoding="utf-8")
        for name in re.findall(r'{%-?\s*(?:extends|include|import)\s+"([^"]+)"', text):
            assert (templates / name).is_file(), (template.name, name)


def test_every_page_has_the_semantic_landmarks(site):
    for page in site.rglob("*.html"):
        soup = soup_of(site, str(page.relative_to(site)))
        assert soup.html["lang"] == "en", page
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark), (page, landmark)
        assert len(soup.find_all("h1")) == 1, page
        skip = soup.find("a", class_="skip")
        assert skip and skip["href"] == "#main" and soup.find(id="main").name == "main"
        assert [s["type"] for s in soup.find_all("script")] in ([], ["application/ld+json"])


def test_article_page_shows_figure_provenance_reading_time_and_terms(article_soup):
    article = article_soup.find("article")
    assert article.find("header").find("time")["datetime"] == "2014-07-08T00:00:00-04:00"
    figure = article.find("figure")
    assert figure.find("figcaption")
    assert "not included in this archive" in figure.get_text()
    assert not article_soup.find("img")
    assert re.search(r"\b\d+ min read\b", article.find("header").get_text())
    category = article.find("p", class_="kicker").find("a")
    assert category.get_text() == "World" and category["href"] == "./category/world.html"
    tags = {a.get_text(): a["href"] for a in article.select(".tags a")}
    assert tags == {
        "Syria": "./tag/syria.html",
        "Aleppo": "./tag/aleppo.html",
        "ISIS": "./tag/isis.html",
        "Free Syrian Army": "./tag/free-syrian-army.html",
    }


def test_article_head_metadata(article_soup):
    head = article_soup.head

    def meta(**attrs):
        return [m["content"] for m in head.find_all("meta", attrs=attrs)]

    assert head.title.get_text().startswith("Syrian Opposition Braces")
    assert meta(name="description")[0].startswith("Soldiers with the Islamic State")
    assert head.find("link", rel="canonical")["href"] == f"{TEST_SITEURL}/{ARTICLE_SLUG}.html"
    assert meta(property="og:type") == ["article"]
    assert meta(property="article:published_time") == ["2014-07-08T00:00:00-04:00"]
    assert meta(property="article:section") == ["World"]
    assert meta(property="article:tag") == ["Syria", "Aleppo", "ISIS", "Free Syrian Army"]
    # Read by Zotero for the item type and the publication (tests/test_citations.py).
    assert meta(name="DC.type") == ["NewsItem"]
    assert meta(name="prism.publicationName") == [PUBLISHER]
    feeds = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert feeds == {
        "application/atom+xml": "./feeds/all.atom.xml",
        "application/rss+xml": "./feeds/all.rss.xml",
    }
    icon = head.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml" and icon["href"] == "./theme/favicon.svg"
    media = {m["media"] for m in head.find_all("meta", attrs={"name": "theme-color"})}
    assert media == {"(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"}


def test_the_sitemap_is_published_and_named_by_every_page(site):
    assert f"<loc>{TEST_SITEURL}/{ARTICLE_SLUG}.html</loc>" in (site / "sitemap.xml").read_text()
    # The one-file copy links to nothing of the site; the 404 page, answered
    # at any depth, names it by its absolute address.
    for page in site.rglob("*.html"):
        if page.name.endswith(".standalone.html"):
            continue
        href = soup_of(site, str(page.relative_to(site))).find("link", rel="sitemap")["href"]
        if page.name == "404.html":
            assert href == f"{TEST_SITEURL}/sitemap.xml"
        else:
            assert (page.parent / href).resolve() == (site / "sitemap.xml").resolve(), page
