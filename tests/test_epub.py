"""The EPUB 3 copy of the article: valid under EPUBCheck 5, the source's
text exactly, honest metadata, the same bytes on every build, and XHTML that
the Nu checker and axe find nothing wrong with."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsarchive.devtools.axe import axe_violations_by_scheme
from newsarchive.devtools.site_builder import (
    ARTICLE_MOMENT,
    ARTICLE_SLUG,
    HEADLINE,
    ORIGINAL_URL,
    PUBLISHER,
    SOURCE_SHA256,
    TEST_SITEURL,
    build,
    copy_project,
    source_parts,
)
from newsarchive.devtools.validator import describe, describe_epubcheck
from newsarchive.plugins.epub_copy import book_identifier

BOOK = f"{ARTICLE_SLUG}.epub"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
# Builds of project copies have no git history: every date is the article's.
ARTICLE_TIME = ARTICLE_MOMENT.timetuple()[:6]
# EPUB 3 requires epub:type="toc" on the navigation document's <nav>; the Nu
# checker, an HTML checker, does not know the EPUB namespace. EPUBCheck checks
# that attribute instead.
EPUB_TYPE_ON_NAV = re.compile(r"^Attribute “type” not allowed on element “nav”")


@pytest.fixture(scope="module")
def book(site) -> Path:
    return site / BOOK


@pytest.fixture(scope="module")
def unpacked(book, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    with zipfile.ZipFile(book) as archive:
        archive.extractall(folder)
    return folder


def parsed(folder: Path, name: str) -> ElementTree.Element:
    return ElementTree.parse(folder / "EPUB" / name).getroot()


def text_of(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def package_metadata(folder: Path) -> dict[str, list[str]]:
    """dc:* elements by local name, and <meta property> by property."""
    metadata = parsed(folder, "package.opf").find(f"{OPF}metadata")
    found: dict[str, list[str]] = {}
    for element in metadata:
        key = element.get("property") or element.tag.replace(DC, "dc:")
        found.setdefault(key, []).append(element.text or "")
    return found


def rezip(book: Path, destination: Path, change) -> Path:
    """A copy of the book with its members passed through change(name, data),
    which returns the new data, or None to leave the member out."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(destination, "w") as copy:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                copy.writestr(info, data)
    return destination


def test_epubcheck_finds_no_error_and_no_warning(book, epubcheck):
    report = epubcheck(book)
    assert report["checker"]["checkerVersion"].startswith("5.")
    assert report["messages"] == [], describe_epubcheck(report)
    assert report["publication"]["ePubVersion"].startswith("3")


def test_epubcheck_fails_a_broken_copy(book, tmp_path, epubcheck):
    def break_it(name: str, data: bytes) -> bytes | None:
        if name == "mimetype":
            return None
        return data.replace(b"<dc:language>en<", b"<dc:language>not a language!<")

    # One run, two faults (each run starts a Java machine): PKG-006, the
    # mimetype entry is missing; OPF-092, a malformed language tag.
    report = epubcheck(rezip(book, tmp_path / "broken.epub", break_it))
    said = describe_epubcheck(report)
    assert report["checker"]["nError"] + report["checker"]["nFatal"] >= 2, said
    assert {"PKG-006", "OPF-092"} <= {m["ID"] for m in report["messages"]}, said


def test_mimetype_first_and_stored_and_every_time_fixed(book):
    with zipfile.ZipFile(book) as archive:
        entries = archive.infolist()
        assert archive.read("mimetype") == b"application/epub+zip"
    assert entries[0].filename == "mimetype"
    assert entries[0].compress_type == zipfile.ZIP_STORED
    assert entries[0].extra == b""
    assert {entry.date_time for entry in entries} == {ARTICLE_TIME}


def test_every_block_of_the_source_is_in_the_book(unpacked):
    alt, caption_line, paragraphs = source_parts()
    page = parsed(unpacked, "article.xhtml")
    body = page.find(f".//{XHTML}div[@class='body']")
    assert [text_of(p) for p in body.iter(f"{XHTML}p")] == paragraphs
    figure = page.find(f".//{XHTML}figure")
    assert text_of(figure.find(f"{XHTML}figcaption")) == caption_line
    placeholder = text_of(figure.find(f"{XHTML}p"))
    assert placeholder == f"Photograph ({alt}) not included in this archive."
    headline = page.find(f".//{XHTML}h1")
    assert text_of(headline) == HEADLINE
    date = page.find(f".//{XHTML}header/{XHTML}p/{XHTML}time")
    assert (date.get("datetime"), date.text) == ("2014-07-08T00:00:00-04:00", "July 8, 2014")


def test_the_book_says_where_the_article_comes_from(unpacked):
    page = parsed(unpacked, "article.xhtml")
    section = page.find(f".//{XHTML}section[@id='provenance']")
    source = text_of(section.find(f"{XHTML}p[@class='source']"))
    assert " ".join(source.split()) == (
        f"First published by International Business Times on July 8, 2014, at {ORIGINAL_URL}."
    )
    terms = [text_of(term) for term in section.iter(f"{XHTML}dt")]
    values = [text_of(value) for value in section.iter(f"{XHTML}dd")]
    assert dict(zip(terms, values, strict=True)) == {
        "In this archive": f"{TEST_SITEURL}/{ARTICLE_SLUG}.html",
        "SHA-256 of the source text": SOURCE_SHA256,
    }
    nav = parsed(unpacked, "nav.xhtml")
    assert [a.get("href") for a in nav.iter(f"{XHTML}a")] == [
        "article.xhtml",
        "article.xhtml#provenance",
    ]


def test_package_metadata(unpacked):
    metadata = package_metadata(unpacked)
    assert metadata["dc:title"] == [HEADLINE]
    assert metadata["dc:language"] == ["en"]
    assert metadata["dc:publisher"] == [PUBLISHER]
    assert metadata["dc:source"] == [ORIGINAL_URL]
    assert metadata["dc:date"] == ["2014-07-08T00:00:00-04:00"]
    # The package's identifier, then the article's address in this archive in
    # the form calibre lists (tests/test_citations.py).
    assert metadata["dc:identifier"] == [
        book_identifier(SOURCE_SHA256),
        f"url:{TEST_SITEURL}/{ARTICLE_SLUG}.html",
    ]
    assert metadata["dcterms:modified"] == [ARTICLE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ")]
    # The source names no author: the book names none.
    assert "dc:creator" not in metadata and "dc:contributor" not in metadata


# The EPUB Accessibility 1.1 vocabulary for the values the book uses.
ACCESS_MODES = {"auditory", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnTactile",
                "diagramOnVisual", "mathOnVisual", "musicOnVisual", "tactile", "textOnVisual",
                "textual", "visual"}  # fmt: skip
HAZARDS = {"flashing", "motionSimulation", "sound", "none", "unknown", "noFlashingHazard",
           "noMotionSimulationHazard", "noSoundHazard"}  # fmt: skip


def test_accessibility_metadata_is_true_of_the_book(unpacked):
    """Each claim is a term of the vocabulary, and what it claims is there."""
    metadata = package_metadata(unpacked)
    assert set(metadata["schema:accessMode"]) <= ACCESS_MODES
    assert set(metadata["schema:accessModeSufficient"]) <= ACCESS_MODES
    assert set(metadata["schema:accessibilityHazard"]) <= HAZARDS
    # Text that needs nothing else to be read, and that cannot flash, move
    # or sound: textual is sufficient, and there is no hazard ("none").
    assert metadata["schema:accessModeSufficient"] == ["textual"]
    assert metadata["schema:accessibilityHazard"] == ["none"]
    (conforms,) = metadata["dcterms:conformsTo"]
    assert re.fullmatch(r"EPUB Accessibility 1\.1 - WCAG 2\.[012] Level (A|AA|AAA)", conforms)
    assert metadata["a11y:certifiedBy"], "a conformance claim names who makes it"
    page = parsed(unpacked, "article.xhtml")
    nav = parsed(unpacked, "nav.xhtml")
    features = set(metadata["schema:accessibilityFeature"])
    # Text only: no image, audio or video that a textual mode would leave out.
    assert metadata["schema:accessMode"] == ["textual"]
    for element in ("img", "svg", "audio", "video", "picture"):
        assert page.find(f".//{XHTML}{element}") is None, element
    (summary,) = metadata["schema:accessibilitySummary"]
    assert "photograph is not included" in summary
    assert features == {"structuralNavigation", "tableOfContents", "readingOrder"}
    assert page.find(f".//{XHTML}h1") is not None and page.find(f".//{XHTML}h2") is not None
    toc = nav.find(f".//{XHTML}nav[@id='toc']")
    assert toc is not None and len(toc.findall(f".//{XHTML}li")) >= 2
    # Reading order: one document in the spine, and the contents lead
    # through it in the order its parts come.
    spine = parsed(unpacked, "package.opf").find(f"{OPF}spine")
    assert [item.get("idref") for item in spine] == ["article"]
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    targets = [a.get("href").partition("#")[2] for a in toc.iter(f"{XHTML}a")]
    assert targets[0] == "" and all(target in ids for target in targets[1:]), targets
    positions = [ids.index(target) for target in targets[1:]]
    assert positions == sorted(positions)
    style = (unpacked / "EPUB" / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"animation|@keyframes|transition", style)


def test_only_the_address_and_the_source_date_change_the_book(book, tmp_path):
    """Built for another address at another source date, the book keeps its
    identifier, and every member is the same but where it names the two.
    (The same build again gives the same bytes: tests/test_build.py.)"""
    address, epoch = "https://news.example.org", 1700000000
    moment = datetime.fromtimestamp(epoch, UTC)
    other = build(
        copy_project(tmp_path / "elsewhere"), siteurl=address, source_date_epoch=str(epoch)
    )
    assert other.returncode == 0, other.log
    with zipfile.ZipFile(other.output / BOOK) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
        times = {entry.date_time for entry in archive.infolist()}
    opf = members["EPUB/package.opf"].decode("utf-8")
    assert f">{book_identifier(SOURCE_SHA256)}</dc:identifier>" in opf
    assert times == {moment.timetuple()[:6]}
    # The book legitimately names the article's address in the archive (its
    # second dc:identifier, the provenance, the citation and the Robust Link's
    # data-versionurl) and the source date (dcterms:modified, data-versiondate).
    # Put back as published, they leave every member as it was.
    at_test_address = {
        f"{address}/{ARTICLE_SLUG}.html": f"{TEST_SITEURL}/{ARTICLE_SLUG}.html",
        f'"dcterms:modified">{moment:%Y-%m-%dT%H:%M:%SZ}<': (
            f'"dcterms:modified">{ARTICLE_MOMENT:%Y-%m-%dT%H:%M:%SZ}<'
        ),
        f'data-versiondate="{moment.date().isoformat()}"': (
            f'data-versiondate="{ARTICLE_MOMENT.date().isoformat()}"'
        ),
    }
    with zipfile.ZipFile(book) as archive:
        published = {info.filename: archive.read(info) for info in archive.infolist()}
    assert list(members) == list(published)
    for name, data in members.items():
        text = data.decode("utf-8")
        assert TEST_SITEURL not in text, name
        for there, here in at_test_address.items():
            text = text.replace(there, here)
        assert text.encode("utf-8") == published[name], name


def test_the_article_page_links_to_the_book(site, article_soup):
    link = article_soup.find("a", string="Download for e-readers (EPUB)")
    assert link is not None and link.has_attr("download")
    assert link["type"] == "application/epub+zip"
    assert (site / link["href"]).resolve() == (site / BOOK).resolve()


def test_the_xhtml_and_its_stylesheet_pass_the_nu_checker(unpacked, nu_checker):
    pages = [str(unpacked / "EPUB" / name) for name in ("article.xhtml", "nav.xhtml")]
    messages = nu_checker("--also-check-css", *pages)
    known = [m for m in messages if EPUB_TYPE_ON_NAV.match(m["message"])]
    assert [m["url"].rsplit("/", 1)[-1] for m in known] == ["nav.xhtml"]
    rest = [m for m in messages if m not in known]
    assert rest == [], describe(rest)
    css = nu_checker("--css", str(unpacked / "EPUB" / "style.css"))
    assert css == [], describe(css)


# A reading system's own theme, as a dark mode sets it on the root.
READER_THEME = "html { color: rgb(230, 225, 215); background: rgb(20, 20, 20); font-family: serif }"
STYLE_PROBE = """() => [...document.querySelectorAll('body *')].map(e => {
  const s = getComputedStyle(e);
  return [e.tagName, s.color, s.backgroundColor, s.fontFamily, s.borderTopColor];
})"""


def test_the_stylesheet_leaves_colours_and_fonts_to_the_reader(unpacked, browser):
    """Under a reader's dark theme, every element has the same colours and
    fonts with the book's stylesheet as without it; borders take the text
    colour."""
    page = browser.new_page()
    page.goto((unpacked / "EPUB" / "article.xhtml").as_uri())
    page.add_style_tag(content=READER_THEME)
    styled = page.evaluate(STYLE_PROBE)
    page.evaluate("document.querySelector('link[rel=stylesheet]').remove()")
    plain = page.evaluate(STYLE_PROBE)
    assert len(styled) == len(plain) > 40
    for (tag, *with_sheet), (_, *without) in zip(styled, plain, strict=True):
        assert with_sheet[:3] == without[:3], tag
    figure = next(row for row in styled if row[0].lower() == "figure")
    assert figure[4] == figure[1] == "rgb(230, 225, 215)"


def test_axe_finds_nothing_in_the_xhtml_light_or_dark(unpacked, browser):
    found = {}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for name in ("article.xhtml", "nav.xhtml"):
        page.goto((unpacked / "EPUB" / name).as_uri())
        assert page.evaluate("document.contentType") == "application/xhtml+xml"
        if violations := axe_violations_by_scheme(page):
            found[name] = violations
    context.close()
    assert found == {}, json.dumps(found, indent=1)
