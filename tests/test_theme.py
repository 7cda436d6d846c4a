"""The theme's structure: its own templates, semantic pages and complete head
metadata."""

import re

from pelican.settings import read_settings

from newsarchive.devtools.site_builder import (
    ARTICLE_HEADER,
    ARTICLE_SLUG,
    HEADLINE,
    ORIGINAL_URL,
    PUBLISHER,
    ROOT,
    TEST_SITEURL,
    soup_of,
    source_parts,
)
from newsarchive.plugins.reading_time import reading_minutes

THEME = ROOT / "theme"
# What Pelican's generators render besides DIRECT_TEMPLATES. No article has
# an author, so author.html and authors.html never are.
GENERATOR_TEMPLATES = {"article", "page", "category", "tag", "period_archives"}


def test_theme_overrides_every_template_pelican_renders(monkeypatch):
    monkeypatch.setenv("SITEURL", TEST_SITEURL)
    settings = read_settings(str(ROOT / "publishconf.py"))
    rendered = GENERATOR_TEMPLATES | set(settings["DIRECT_TEMPLATES"])
    ours = {p.stem for p in (THEME / "templates").iterdir() if p.is_file()}
    assert rendered <= ours


# A template named in {% extends %}, {% include %}, {% import %} or
# {% from ... import %}, in double or single quotes.
TEMPLATE_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+(["'])([^"']+)\1""")
# Every such tag, however it names its template.
TEMPLATE_TAG = re.compile(r"{%-?\s*(?:extends|include|import|from)\b")


def test_templates_only_use_the_themes_own_templates():
    templates = THEME / "templates"
    references = tags = 0
    for template in templates.rglob("*.*"):
        text = template.read_text(encoding="utf-8")
        tags += len(TEMPLATE_TAG.findall(text))
        for _quote, name in TEMPLATE_REFERENCE.findall(text):
            references += 1
            assert (templates / name).is_file(), (template.name, name)
    # Every tag was read as a reference: none escaped the check.
    assert tags and references >= tags, (references, tags)


def test_every_page_has_the_semantic_landmarks(site):
    for page in site.rglob("*.html"):
        soup = soup_of(page)
        assert soup.html["lang"] == "en", page
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark), (page, landmark)
        assert len(soup.find_all("h1")) == 1, page
        skip = soup.find("a", class_="skip")
        assert skip and skip["href"] == "#main" and soup.find(id="main").name == "main"
        assert [s["type"] for s in soup.find_all("script")] in ([], ["application/ld+json"])


def words(text: str) -> str:
    return " ".join(text.split())


def test_article_page_shows_figure_provenance_reading_time_and_terms(article_soup):
    alt, caption, paragraphs = source_parts()
    article = article_soup.find("article")
    header = article.find("header")
    assert header.find("h1").get_text() == HEADLINE
    assert header.find("time")["datetime"] == ARTICLE_HEADER["date"]
    figure = article.find("figure")
    # The source's caption line: the caption, then the photograph's credit.
    assert words(figure.find("figcaption").get_text()) == caption
    assert words(figure.find("p").get_text()) == f"Photograph ({alt}) not included in this archive."
    assert not article_soup.find("img")
    # The minutes of the article's words, the source's paragraphs.
    minutes = reading_minutes(" ".join(paragraphs))
    assert re.search(rf"(?<!\d){minutes} min read\b", header.get_text()), header.get_text()
    (source,) = article.select(".source")
    assert words(source.get_text()).startswith(f"First published by {PUBLISHER} on ")
    (original,) = source.find_all("a")
    assert original["href"] == ORIGINAL_URL and original.get_text() == ORIGINAL_URL
    category = article.find("p", class_="kicker").find("a")
    assert category.get_text() == "World" and category["href"] == "./category/world.html"
    tags = {a.get_text(): a["href"] for a in article.select(".tags a")}
    assert tags == {
        "Syria": "./tag/syria.html",
        "Aleppo": "./tag/aleppo.html",
        "ISIS": "./tag/isis.html",
        "Free Syrian Army": "./tag/free-syrian-army.html",
    }


def test_article_head_metadata(article_soup, monkeypatch):
    head = article_soup.head

    def meta(**attrs):
        return [m["content"] for m in head.find_all("meta", attrs=attrs)]

    monkeypatch.setenv("SITEURL", TEST_SITEURL)
    sitename = read_settings(str(ROOT / "publishconf.py"))["SITENAME"]
    assert head.title.get_text() == f"{HEADLINE} · {sitename}"
    # The summary is the source's first paragraph.
    assert meta(name="description") == [source_parts()[2][0]]
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
        href = soup_of(page).find("link", rel="sitemap")["href"]
        if page.name == "404.html":
            assert href == f"{TEST_SITEURL}/sitemap.xml"
        else:
            assert (page.parent / href).resolve() == (site / "sitemap.xml").resolve(), page
