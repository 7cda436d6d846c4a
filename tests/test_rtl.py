"""An article in a right-to-left language reads right to left in every output:
its page and its one-file copy, the lists that show it, the feeds and the
EPUB book, while the English article beside it stays left to right. The
Arabic article is written for the tests (newsarchive.devtools.rtl_article)
and goes into a copy of the project, built with one article per page so that
the lists paginate."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsarchive.archive.served import served_files
from newsarchive.devtools.axe import axe_violations_by_scheme
from newsarchive.devtools.rtl_article import (
    RTL_ALT,
    RTL_CATEGORY,
    RTL_PAGE,
    RTL_SLUG,
    RTL_TAGS,
    RTL_TITLE,
    add_rtl_article,
)
from newsarchive.devtools.site_builder import (
    ARTICLE_SLUG,
    HEADLINE,
    TEST_SITEURL,
    Build,
    build,
    copy_project,
    soup_of,
)
from newsarchive.devtools.site_crawl import crawl, crawl_disk, fetch_http
from newsarchive.devtools.validator import describe, describe_epubcheck
from newsarchive.serve import serve
from newsarchive.text_direction import (
    RTL_LANGUAGES,
    isolated,
    lang_attributes,
    text_direction,
)

ENGLISH_PAGE = f"{ARTICLE_SLUG}.html"
RTL_COPY = f"{RTL_SLUG}.standalone.html"
RTL_BOOK = f"{RTL_SLUG}.epub"
# The category and the tags keep their letters in their addresses.
RTL_CATEGORY_PAGE = f"category/{RTL_CATEGORY}.html"
RTL_TAG_PAGES = ["tag/اختبار.html", "tag/اتجاه-النص.html", "tag/rtl.html"]
# Every page that shows the Arabic article, its title or its terms.
RTL_PAGES = [RTL_PAGE, RTL_COPY, "index.html", "archives.html", "tags.html", "categories.html"]
RTL_PAGES += [RTL_CATEGORY_PAGE, *RTL_TAG_PAGES]
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
EPUB_TYPE_ON_NAV = "Attribute “type” not allowed on element “nav”"
ONE_ARTICLE_PER_PAGE = "\nDEFAULT_PAGINATION = 1\n"
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


def rtl_project(folder: Path) -> Path:
    project = copy_project(folder)
    add_rtl_article(project)
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(ONE_ARTICLE_PER_PAGE)
    return project


@pytest.fixture(scope="module")
def rtl_build(tmp_path_factory) -> Build:
    result = build(rtl_project(tmp_path_factory.mktemp("rtl")))
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="module")
def rtl_site(rtl_build) -> Path:
    return rtl_build.output


@pytest.fixture(scope="module")
def rtl_book(rtl_site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rtl-book")
    with zipfile.ZipFile(rtl_site / RTL_BOOK) as archive:
        archive.extractall(folder)
    return folder / "EPUB"


# The rule


# Languages written right to left, by their own codes: each is in the table.
RTL_NAMED = ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"]
# Tags in other case, with a region, or naming a right-to-left script.
RTL_TAGGED = ["AR", "ar-SY", "ar_EG", "fa-IR", "pa-Arab", "az-Arab-IR", "ku-arab"]


@pytest.mark.parametrize("lang", RTL_NAMED + RTL_TAGGED)
def test_right_to_left_languages(lang):
    assert text_direction(lang) == "rtl"
    if lang in RTL_NAMED:
        assert lang in RTL_LANGUAGES


@pytest.mark.parametrize(
    "lang", ["en", "en-GB", "fr", "de-CH", "tr", "ku", "sd-Deva", "ug-Cyrl", "he-Latn", "", None]
)
def test_left_to_right_languages(lang):
    assert text_direction(lang) == "ltr"


def test_lang_and_dir_only_where_the_language_changes():
    assert lang_attributes("ar", "en") == ' lang="ar" dir="rtl"'
    assert lang_attributes("fr", "en") == ' lang="fr" dir="ltr"'
    assert lang_attributes("en", "ar", direction=False) == ' lang="en"'
    assert lang_attributes("en-GB", "EN-gb") == ""
    assert lang_attributes('x" onclick="y', "en") == ' lang="x&#34; onclick=&#34;y" dir="ltr"'


def test_isolated_only_where_direction_could_reorder_the_text_around():
    assert isolated("Free Syrian Army") == "Free Syrian Army"
    assert isolated("a <b>") == "a &lt;b&gt;"
    assert isolated("سوريا") == "<bdi>سوريا</bdi>"
    assert isolated("שלום <b>") == "<bdi>שלום &lt;b&gt;</bdi>"
    assert isolated("fighters", "en", "en") == "fighters"
    assert isolated("صورة", "ar", "en") == '<bdi lang="ar">صورة</bdi>'


# The pages


def test_the_article_and_its_copy_say_arabic_right_to_left(rtl_site):
    for name in (RTL_PAGE, RTL_COPY):
        soup = soup_of(rtl_site / name)
        assert (soup.html["lang"], soup.html["dir"]) == ("ar", "rtl"), name
        assert soup.find("h1").get_text() == RTL_TITLE
        # The site's own words keep their language; blocks of English
        # sentences keep their direction too, so their full stops stay last.
        assert soup.find("a", class_="skip").attrs == {
            "class": ["skip"],
            "href": "#main",
            "lang": "en",
        }
        assert soup.select_one("body > header").attrs == {"lang": "en"}
        footers = [soup.select_one("body > footer"), soup.select_one("article > footer")]
        assert [(f["lang"], f["dir"]) for f in footers] == [("en", "ltr"), ("en", "ltr")]
        assert soup.select_one("article > header p.meta:not(.kicker)").attrs == {
            "class": ["meta"],
            "lang": "en",
        }
        placeholder = soup.select_one("figure p.meta")
        assert (placeholder["lang"], placeholder["dir"]) == ("en", "ltr")
        assert str(placeholder.find("bdi")) == f'<bdi lang="ar">{RTL_ALT}</bdi>'
        # Isolated, an Arabic tag cannot swap places with its neighbours.
        tags = soup.select(".tags a")
        assert [a.get_text() for a in tags] == list(RTL_TAGS)
        assert [a.bdi is not None for a in tags] == [True, True, False]


def test_the_english_pages_say_english_and_mark_nothing_else(rtl_site):
    for page in sorted(rtl_site.rglob("*.html")):
        name = str(page.relative_to(rtl_site))
        soup = soup_of(rtl_site / name)
        if name in (RTL_PAGE, RTL_COPY):
            continue
        # Left to right is HTML's default: only right to left is written.
        assert soup.html.attrs == {"lang": "en"}, name
    english = soup_of(rtl_site / ENGLISH_PAGE)
    assert [e.name for e in english.find_all(lang=True)] == ["html"]
    assert english.find_all(dir=True) == [] and english.find("bdi") is None


def test_the_real_site_has_no_direction_markup(site):
    """English throughout: no dir, no isolate, no lang but the page's, so its
    pages are the same as before the site learned to write right to left."""
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        assert soup.find_all(dir=True) == [] and soup.find("bdi") is None, page
        assert [e.name for e in soup.find_all(lang=True)] == ["html"], page


def test_arabic_text_says_it_is_arabic_or_is_set_apart(rtl_site):
    """Every run of Arabic on a page is in an element whose language is
    Arabic, or, a name whose language is unknown (a tag), in a <bdi>."""
    for name in RTL_PAGES:
        body = soup_of(rtl_site / name).body
        arabic = body.find_all(string=ARABIC_LETTERS)
        assert arabic, f"{name} has no Arabic text to check"
        for text in arabic:
            language = text.find_parent(lang=True)
            if language and language["lang"] == "ar":
                continue
            assert text.find_parent("bdi") is not None, (name, str(text))


def entry_of(soup: BeautifulSoup, title: str):
    """The list item whose heading links to the article titled `title`."""
    link = soup.find("a", string=title)
    assert link is not None, title
    return link.find_parent("li")


def test_list_entries_carry_the_entrys_language_and_direction(rtl_site):
    for name in ("index.html", RTL_CATEGORY_PAGE, "tag/اختبار.html", "tag/rtl.html"):
        soup = soup_of(rtl_site / name)
        entry = entry_of(soup, RTL_TITLE)
        assert (entry["lang"], entry["dir"]) == ("ar", "rtl"), name
        # The date line is the site's: English, in the entry's direction.
        assert entry.find("p", class_="meta").attrs == {"class": ["meta"], "lang": "en"}, name
        assert str(entry.select_one(".meta a bdi")) == f"<bdi>{RTL_CATEGORY}</bdi>"
    english = entry_of(soup_of(rtl_site / "index/page-2.html"), HEADLINE)
    assert "lang" not in english.attrs and "dir" not in english.attrs
    archives = soup_of(rtl_site / "archives.html")
    title = archives.find("a", string=RTL_TITLE)
    assert (title["lang"], title["dir"]) == ("ar", "rtl")
    assert [a.get("lang") for a in archives.select("main li a")] == ["ar", None]
    # Names whose language is unknown: isolated where they could reorder.
    assert str(soup_of(rtl_site / "tag/اختبار.html").h1) == "<h1>Tag: <bdi>اختبار</bdi></h1>"
    assert str(soup_of(rtl_site / RTL_CATEGORY_PAGE).h1) == "<h1>Category: <bdi>اختبار</bdi></h1>"
    assert str(soup_of(rtl_site / "tag/rtl.html").h1) == "<h1>Tag: RTL</h1>"
    for name in ("tags.html", "categories.html"):
        links = soup_of(rtl_site / name).select("main li a")
        isolated_names = {a.get_text() for a in links if a.bdi is not None}
        assert isolated_names == {a.get_text() for a in links if a.get_text() in RTL_TAGS[:2]}
        assert isolated_names, name


DIRECTIONS = """() => {
  const direction = (e) => getComputedStyle(e).direction;
  const first = (p) => {
    const range = document.createRange();
    range.setStart(p.firstChild, 0);
    range.setEnd(p.firstChild, 1);
    const letter = range.getBoundingClientRect(), box = p.getBoundingClientRect();
    return {fromLeft: letter.left - box.left, fromRight: box.right - letter.right};
  };
  const paragraphs = [...document.querySelectorAll('article .body p')];
  return {
    page: direction(document.documentElement),
    headline: direction(document.querySelector('h1')),
    paragraphs: paragraphs.map(direction),
    firstLetter: first(paragraphs[0]),
    footer: direction(document.querySelector('body > footer')),
    tags: [...document.querySelectorAll('.tags a')].map((a) => a.getBoundingClientRect().left),
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    skip: document.querySelector('.skip').getBoundingClientRect().right,
  };
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_chromium_sets_the_arabic_article_right_to_left_and_the_english_left_to_right(
    rtl_site, browser, width
):
    found = {}
    with serve(rtl_site) as base:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        for name in (RTL_PAGE, RTL_COPY, ENGLISH_PAGE):
            page.goto(base + name)
            found[name] = page.evaluate(DIRECTIONS)
    for name in (RTL_PAGE, RTL_COPY):
        arabic = found[name]
        assert arabic["page"] == arabic["headline"] == "rtl", name
        assert arabic["paragraphs"] == ["rtl", "rtl"], name
        # The first letter stands at the right edge of its paragraph.
        assert abs(arabic["firstLetter"]["fromRight"]) < 1, arabic
        assert arabic["footer"] == "ltr"
        # Isolated, the Arabic tags keep their order in the English line.
        assert arabic["tags"] == sorted(arabic["tags"]), arabic["tags"]
        assert arabic["scroll"] == 0, "no horizontal scroll, skip link included"
    english = found[ENGLISH_PAGE]
    assert english["page"] == english["headline"] == "ltr"
    assert set(english["paragraphs"]) == {"ltr"} and len(english["paragraphs"]) > 10
    assert abs(english["firstLetter"]["fromLeft"]) < 1, english
    assert english["skip"] <= 0 and english["scroll"] == 0


COUNT_AFTER_NAME = """() => [...document.querySelectorAll('main li')].map((li) => {
  const link = li.querySelector('a').getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(li.lastChild);
  return range.getBoundingClientRect().left >= link.right - 0.5;
})"""


def test_a_count_stays_after_an_arabic_name_in_an_english_list(rtl_site, browser):
    with serve(rtl_site) as base:
        page = browser.new_page()
        for name in ("tags.html", "categories.html"):
            page.goto(base + name)
            assert set(page.evaluate(COUNT_AFTER_NAME)) == {True}, name


def test_the_pages_that_show_it_pass_the_nu_checker(rtl_site, rtl_book, nu_checker):
    pages = sorted(str(page) for page in rtl_site.rglob("*.html"))
    assert len(pages) >= len(RTL_PAGES) + 6
    messages = nu_checker("--also-check-css", *pages)
    assert messages == [], describe(messages)
    book = nu_checker(str(rtl_book / "article.xhtml"), str(rtl_book / "nav.xhtml"))
    rest = [m for m in book if not m["message"].startswith(EPUB_TYPE_ON_NAV)]
    assert rest == [], describe(rest)


def test_axe_finds_nothing_on_the_pages_that_show_it_light_or_dark(rtl_site, rtl_book, browser):
    found = {}
    with serve(rtl_site) as base:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        for name in RTL_PAGES:
            page.goto(base + name)
            assert page.evaluate("document.title"), name
            if violations := axe_violations_by_scheme(page):
                found[name] = violations
        for name in ("article.xhtml", "nav.xhtml"):
            page.goto((rtl_book / name).as_uri())
            if violations := axe_violations_by_scheme(page):
                found[name] = violations
        context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


# Feeds, book, addresses


def test_each_atom_entry_carries_its_language(rtl_site):
    feed = ElementTree.parse(rtl_site / "feeds" / "all.atom.xml").getroot()
    assert feed.get(XML_LANG) == "en"
    languages = {
        entry.find(f"{ATOM}link").get("href").rsplit("/", 1)[-1]: entry.get(XML_LANG)
        for entry in feed.findall(f"{ATOM}entry")
    }
    assert languages == {RTL_PAGE: "ar", ENGLISH_PAGE: "en"}
    # A feed reader sees it: feedparser gives each entry's text its language.
    parsed = feedparser.parse((rtl_site / "feeds" / "all.atom.xml").read_bytes())
    assert not parsed.bozo
    assert [e.title_detail.language for e in parsed.entries] == ["ar", "en"]


def test_an_rss_item_in_another_language_says_so_in_its_html(rtl_site):
    channel = ElementTree.parse(rtl_site / "feeds" / "all.rss.xml").getroot().find("channel")
    assert channel.findtext("language") == "en"
    descriptions = {
        item.findtext("link").rsplit("/", 1)[-1]: item.findtext("description")
        for item in channel.findall("item")
    }
    arabic = BeautifulSoup(descriptions[RTL_PAGE], "html.parser").find("div")
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")
    assert not descriptions[ENGLISH_PAGE].startswith("<div")
    assert not feedparser.parse((rtl_site / "feeds" / "all.rss.xml").read_bytes()).bozo


def test_the_epub_book_reads_right_to_left_and_passes_epubcheck(rtl_site, rtl_book, epubcheck):
    spine = ElementTree.parse(rtl_book / "package.opf").getroot().find(f"{OPF}spine")
    assert spine.get("page-progression-direction") == "rtl"
    for name in ("article.xhtml", "nav.xhtml"):
        root = ElementTree.parse(rtl_book / name).getroot()
        assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == ("ar", "ar", "rtl")
    article = ElementTree.parse(rtl_book / "article.xhtml").getroot()
    provenance = article.find(f".//{XHTML}section[@id='provenance']")
    assert (provenance.get("lang"), provenance.get("dir")) == ("en", "ltr")
    with zipfile.ZipFile(rtl_site / f"{ARTICLE_SLUG}.epub") as english:
        opf = english.read("EPUB/package.opf").decode("utf-8")
    assert '<spine page-progression-direction="ltr">' in opf
    report = epubcheck(rtl_site / RTL_BOOK)
    assert report["messages"] == [], describe_epubcheck(report)


def test_terms_keep_their_letters_in_addresses_that_work_from_disk(rtl_site):
    for name in [RTL_CATEGORY_PAGE, *RTL_TAG_PAGES]:
        assert (rtl_site / name).is_file(), name
    result = crawl_disk(rtl_site)
    assert result.problems == []
    assert {RTL_CATEGORY_PAGE, *RTL_TAG_PAGES} <= result.pages
    # URIs where a format asks for one: the sitemap and the web archive.
    sitemap = (rtl_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{TEST_SITEURL}/{quote(RTL_CATEGORY_PAGE)}</loc>" in sitemap
    assert "اختبار" not in sitemap
    urls = {served.url for served in served_files(rtl_site, TEST_SITEURL)}
    assert f"{TEST_SITEURL}/{quote(RTL_TAG_PAGES[0])}" in urls


def test_terms_addresses_work_served_under_a_subpath(tmp_path):
    output = tmp_path / "output"
    with serve(output, "/some-repo/") as base:
        result = build(rtl_project(tmp_path / "project"), output=output, siteurl=base.rstrip("/"))
        assert result.returncode == 0, result.log
        start = [base + "index.html", base + "sitemap.xml", base + "feeds/all.atom.xml"]
        crawled = crawl(start, fetch_http, base)
    assert crawled.problems == []
    assert {RTL_CATEGORY_PAGE, *RTL_TAG_PAGES, RTL_PAGE, RTL_COPY} <= crawled.pages
