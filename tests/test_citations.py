"""What reference managers and e-book tools take from the article: the item
Zotero saves from the page and from the one-file copy, the citation line,
the BibTeX and RIS files read by their parsers, the robust link to the
original, and the book's identifiers as readers list them."""

from __future__ import annotations

import io
import json
import re
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from contextlib import redirect_stdout

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from newsarchive.books import copy_books
from newsarchive.books import main as books_main
from newsarchive.citation_formats import Citation, bibtex
from newsarchive.content_types import content_type
from newsarchive.devtools.site_builder import (
    ARTICLE_MOMENT,
    ARTICLE_SLUG,
    HEADLINE,
    ORIGINAL_URL,
    PUBLISHER,
    ROOT,
    SOURCE_SHA256,
    TEST_SITEURL,
    build,
    copy_project,
    soup_of,
    source_parts,
)
from newsarchive.devtools.system_tools import require_pandoc
from newsarchive.manifest import read_manifest
from newsarchive.plugins.epub_copy import book_identifier

SITENAME = read_settings(str(ROOT / "pelicanconf.py"))["SITENAME"]
TAGS = ["Syria", "Aleppo", "ISIS", "Free Syrian Army"]
ARCHIVED_URL = f"{TEST_SITEURL}/{ARTICLE_SLUG}.html"
STANDALONE = f"{ARTICLE_SLUG}.standalone.html"
DC_ELEMENTS = "{http://purl.org/dc/elements/1.1/}"
BIB, RIS, BOOK = f"{ARTICLE_SLUG}.bib", f"{ARTICLE_SLUG}.ris", f"{ARTICLE_SLUG}.epub"
# Builds of project copies have no git history: the source date is the article's.
SOURCE_DAY = ARTICLE_MOMENT.date().isoformat()
CITATION = (
    f"Cite this: “{HEADLINE}.” {PUBLISHER}, July 8, 2014. {ORIGINAL_URL}. "
    f"Archived at {ARCHIVED_URL}."
)


@pytest.fixture(scope="module")
def book_xhtml(site) -> BeautifulSoup:
    """The book's article document, read as HTML after its XML declaration."""
    with zipfile.ZipFile(site / BOOK) as book:
        text = book.read("EPUB/article.xhtml").decode("utf-8")
    return BeautifulSoup(text.split("?>", 1)[1], "html5lib")


@pytest.fixture(scope="module")
def package_opf(site) -> ElementTree.Element:
    with zipfile.ZipFile(site / BOOK) as book:
        return ElementTree.fromstring(book.read("EPUB/package.opf"))


# Zotero's "Embedded Metadata" translator ------------------------------------
#
# What Zotero saves from a page without a translator of its own is decided by
# two files of the public repository zotero/translators: "Embedded
# Metadata.js", which reads the <meta> tags, and "RDF.js", to which it hands
# every tag with a known prefix as a statement. Below is the part of both a
# page of ours can reach, written down so that the page's tags are tested
# against it.

# Embedded Metadata.js, _prefixes: the namespace of each prefix of a meta name
# or property ("DC.type", "og:title", "article:section"), unless the page
# declares another with <link rel="schema.PREFIX"> or a prefix attribute.
PREFIXES = {
    "bib": "http://purl.org/net/biblio#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/",
    "eprints": "http://purl.org/eprint/terms/",
    "z": "http://www.zotero.org/namespaces/export#",
    "og": "http://ogp.me/ns#",
    "article": "http://ogp.me/ns/article#",
    "so": "http://schema.org/",
}
DC, DCTERMS, PRISM = PREFIXES["dc"], PREFIXES["dcterms"], PREFIXES["prism"]
OG, ARTICLE, SO, Z = PREFIXES["og"], PREFIXES["article"], PREFIXES["so"], PREFIXES["z"]
PRISM_2_1 = "http://prismstandard.org/namespaces/basic/2.1/"
# Highwire tags (citation_*) that decide the item type before RDF.js does:
# Embedded Metadata.js, init(), "hwType" and "hwTypeGuess".
HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
HIGHWIRE_GUESSES = {"citation_title": "journalArticle", "citation_isbn": "book"}
# Embedded Metadata.js, HIGHWIRE_MAPPINGS: fields set over what RDF.js found.
HIGHWIRE_FIELDS = {
    "citation_title": "title",
    "citation_date": "date",
    "citation_publication_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_public_url": "url",
    "citation_language": "language",
}
# RDF.js, detectType(): the item type each vocabulary's type statement gives,
# in the order the types are preferred (t.zotero || t.prism || t.og || t.dc).
# dc:type is either a Zotero item type's own name or a term of the Eprints
# type vocabulary; og:type "article" is only a guess, ranked below the
# default "webpage" of a page with RDF statements.
PRISM_AGGREGATION = {"journal": "journalArticle", "magazine": "magazineArticle",
                     "newsletter": "newspaperArticle", "book": "bookSection"}  # fmt: skip
OG_TYPES = {"website": "webpage", "book": "book", "video.movie": "videoRecording"}
DC_TYPES = {"newsitem": "newspaperArticle", "article": "journalArticle",
            "journalarticle": "journalArticle", "book": "book", "report": "report"}  # fmt: skip
ZOTERO_TYPES = {"newspaperArticle", "journalArticle", "magazineArticle", "webpage", "blogPost"}
# RDF.js, importItem(): each field from the first predicate that has a value.
FIELDS = {
    "title": [DC + "title", DCTERMS + "title", OG + "title", SO + "headline"],
    "publicationTitle": [PRISM + "publicationName", PRISM_2_1 + "publicationName",
                         DC + "source", DCTERMS + "source"],
    "date": [PRISM + "publicationDate", OG + "published_time", ARTICLE + "published_time",
             DC + "date.issued", DCTERMS + "issued", DC + "date", DCTERMS + "date",
             SO + "datePublished"],
    "section": [ARTICLE + "section", SO + "genre"],
    "url": [OG + "url", SO + "url"],
    "abstractNote": [PRISM + "teaser", OG + "description", DCTERMS + "abstract"],
}  # fmt: skip
TAG_PREDICATES = [DC + "subject", DCTERMS + "subject", ARTICLE + "tag", SO + "keywords"]
# Zotero's schema: the fields an item type has. A value for any other is
# dropped ("field not valid for type"); a webpage's publication title is its
# website title.
TYPE_FIELDS = {
    "newspaperArticle": {"title", "publicationTitle", "date", "section", "url", "abstractNote"},
    "journalArticle": {"title", "publicationTitle", "date", "url", "abstractNote"},
    "webpage": {"title", "websiteTitle", "date", "url", "abstractNote"},
}
# Embedded Metadata.js, getAuthorFromByline(): where it looks for a byline
# when no tag names an author.
BYLINE_CLASSES = ("byline", "bylines", "vcard", "article-byline")


def statements(soup: BeautifulSoup) -> tuple[dict[str, list[str]], str | None, str | None]:
    """The RDF statements Embedded Metadata makes of the page's meta tags
    (predicate: values), and the Highwire type and type guess it found."""
    prefixes = dict(PREFIXES)
    for link in soup.find_all("link", rel=True):
        for rel in link["rel"]:
            if match := re.match(r"schema\.([a-zA-Z]+)", rel):
                prefixes[match.group(1).lower()] = link["href"]
    declared = (soup.html.get("prefix") or "") + (soup.head.get("prefix") or "")
    prefixes |= {name.lower(): uri for name, uri in re.findall(r"(\w+):\s+(\S+)", declared)}
    found: dict[str, list[str]] = {}
    hw_type = hw_guess = None
    for meta in soup.find_all("meta"):
        names, value = meta.get("name") or meta.get("property"), meta.get("content")
        if not names or not value:
            continue
        for tag in names.split():
            parts = re.split(r"[.:_]", tag)
            prefix = parts[1].lower() if len(parts) > 2 else None
            length = len(parts[0]) + len(parts[1]) + 1 if prefix in prefixes else None
            if length is None:
                prefix, length = parts[0].lower(), len(parts[0])
            if prefix in prefixes:
                prop = tag[length + 1 :]
                found.setdefault(prefixes[prefix] + prop[:1].lower() + prop[1:], []).append(value)
            elif tag.startswith("citation_"):
                hw_type = HIGHWIRE_TYPES.get(tag, hw_type)
                hw_guess = hw_guess or HIGHWIRE_GUESSES.get(tag)
    return found, hw_type, hw_guess


def item_type(found: dict[str, list[str]], hw_type: str | None, hw_guess: str | None) -> str:
    if hw_type:
        return hw_type
    first = {predicate: values[0] for predicate, values in found.items()}
    zotero = first.get(Z + "itemType")
    prism = PRISM_AGGREGATION.get(first.get(PRISM + "aggregationtype", ""))
    og = OG_TYPES.get(first.get(OG + "type", ""))
    dc_type = first.get(DC + "type") or first.get(DCTERMS + "type") or ""
    dc = dc_type if dc_type in ZOTERO_TYPES else DC_TYPES.get(re.sub(r"\s", "", dc_type.lower()))
    return zotero or prism or og or dc or hw_guess or "webpage"


def zotero_item(soup: BeautifulSoup) -> dict:
    """The item Zotero's Embedded Metadata translator saves from the page,
    in the fields this project fills."""
    found, hw_type, hw_guess = statements(soup)
    kind = item_type(found, hw_type, hw_guess)
    item = {"itemType": kind}
    for field, predicates in FIELDS.items():
        item[field] = next((found[p][0] for p in predicates if p in found), None)
    item["tags"] = next((found[p] for p in TAG_PREDICATES if p in found), [])
    if not item["publicationTitle"] and kind in ("blogPost", "webpage", "newspaperArticle"):
        item["publicationTitle"] = found.get(OG + "site_name", [None])[0]
    for name, field in HIGHWIRE_FIELDS.items():
        if tag := soup.head.find("meta", attrs={"name": name}):
            item[field] = tag["content"]
    description = soup.head.find("meta", attrs={"name": "description"})
    item["abstractNote"] = item["abstractNote"] or (description and description["content"])
    if not item["url"]:
        item["url"] = soup.head.find("link", rel="canonical")["href"]
    if kind == "webpage":
        item["websiteTitle"] = item.pop("publicationTitle")
    fields = TYPE_FIELDS.get(kind, set())
    return {key: value for key, value in item.items() if key in fields | {"itemType", "tags"}}


@pytest.mark.parametrize("page", [f"{ARTICLE_SLUG}.html", STANDALONE])
def test_zotero_saves_the_newspaper_article_of_its_publisher(site, page):
    soup = soup_of(site / page)
    item = zotero_item(soup)
    assert item == {
        "itemType": "newspaperArticle",
        "title": HEADLINE,
        "publicationTitle": PUBLISHER,
        "date": "2014-07-08T00:00:00-04:00",
        "section": "World",
        # The copy read here, as the style guides ask of a page read in an
        # archive; the original address is in the page and the citation.
        "url": ARCHIVED_URL,
        # The page's description: og:description would only repeat it.
        "abstractNote": source_parts()[2][0],
        # RDF.js reads them from article:tag. Embedded Metadata keeps them when
        # another translator calls it and drops automatic tags when it runs on
        # its own (finalDataCleanup): the RIS file carries them as keywords.
        "tags": TAGS,
    }
    # No byline to guess an author from: the source names none.
    for name in BYLINE_CLASSES:
        assert not soup.select(f'[class*="{name}" i]'), name
    authors = 'a[rel~="author"], meta[name="author" i], meta[property="article:author"]'
    assert not soup.select(authors)


def test_the_mapping_reproduces_what_zotero_saved_before(site):
    """Without DC.type and PRISM's publicationName, the same page gives what
    Zotero's translation-server returned for it: a web page of the archive,
    its section dropped."""
    soup = soup_of(site / f"{ARTICLE_SLUG}.html")
    for name in ("DC.type", "prism.publicationName"):
        soup.head.find("meta", attrs={"name": name}).decompose()
    item = zotero_item(soup)
    assert item["itemType"] == "webpage"
    assert item["websiteTitle"] == SITENAME
    assert "section" not in item and "publicationTitle" not in item


def test_dc_source_would_make_an_address_the_publication(site, article_soup):
    """Zotero would take a DC.source for the publication's name: the page
    has none, and names the original in its own tags."""
    names = ("DC.source", "dcterms.source")
    sources = [f'meta[{key}="{name}" i]' for key in ("name", "property") for name in names]
    assert article_soup.head.select(", ".join(sources)) == []
    soup = soup_of(site / f"{ARTICLE_SLUG}.html")
    soup.head.find("meta", attrs={"name": "prism.publicationName"}).decompose()
    source = soup.new_tag("meta", attrs={"name": "DC.source", "content": ORIGINAL_URL})
    soup.head.append(source)
    assert zotero_item(soup)["publicationTitle"] == ORIGINAL_URL


def test_the_head_has_no_tag_that_repeats_another(article_soup):
    head = article_soup.head
    assert head.find("meta", attrs={"name": re.compile("^twitter:")}) is None
    assert head.find("meta", property="og:description") is None
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert not {"keywords", "articleSection", "inLanguage", "url"} & set(data)


# The citation line -------------------------------------------------------------


def citation_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("p.cite").get_text().split())


def test_the_page_and_the_copy_carry_the_citation(site, article_soup):
    assert citation_text(article_soup) == CITATION
    assert article_soup.select_one("p.cite cite").get_text() == PUBLISHER
    assert citation_text(soup_of(site / STANDALONE)) == CITATION


def test_the_book_carries_the_citation(book_xhtml):
    provenance = book_xhtml.find("section", id="provenance")
    assert citation_text(provenance) == CITATION


# The BibTeX and RIS files ------------------------------------------------------


def test_the_page_links_to_both_citation_files_beside_it(site, article_soup):
    links = {a.get_text(): a for a in article_soup.select("article > footer li a[download]")}
    for text, name in (("BibTeX", BIB), ("RIS", RIS)):
        assert (site / links[text]["href"]).resolve() == (site / name).resolve()
    # The one-file copy links to nothing it would have to carry.
    assert not soup_of(site / STANDALONE).select('a[href$=".bib"], a[href$=".ris"]')


def test_bibtex_parses_to_the_article(site):
    library = bibtexparser.parse_string((site / BIB).read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("article", ARTICLE_SLUG)
    fields = {field.key: field.value for field in entry.fields}
    assert fields == {
        # Inner braces keep the headline's capitals from BibTeX's styles.
        "title": "{" + HEADLINE + "}",
        "journal": PUBLISHER,
        "entrysubtype": "newspaper",
        "date": "2014-07-08",
        "year": "2014",
        "month": "jul",
        "keywords": ", ".join(TAGS),
        "abstract": source_parts()[2][0],
        "url": ARCHIVED_URL,
        "note": f"First published by {PUBLISHER} at \\url{{{ORIGINAL_URL}}}",
    }


def test_ris_parses_to_the_article(site):
    data = (site / RIS).read_bytes()
    assert data.endswith(b"ER  - \r\n") and b"\n" not in data.replace(b"\r\n", b"")
    (record,) = rispy.loads(data.decode("utf-8"))
    assert record == {
        "type_of_reference": "NEWS",
        "title": HEADLINE,
        "secondary_title": PUBLISHER,
        "date": "2014/07/08/",
        "year": "2014",
        "section": "World",
        "keywords": TAGS,
        "language": "en",
        "abstract": source_parts()[2][0],
        "urls": [ARCHIVED_URL],
        "name_of_database": SITENAME,
        "notes": [f"First published by {PUBLISHER} at {ORIGINAL_URL}"],
    }


def test_bibtex_escapes_what_latex_reads_as_commands():
    citation = Citation(
        key="k", title="50% of {all} & $1_000 #1 ~ ^ \\", publication="P", year=2014, month=12,
        day=1, section="S", tags=("a_b",), language="en", abstract="", url="https://x.example/{y}",
        original_url="", archive="A",
    )  # fmt: skip
    (entry,) = bibtexparser.parse_string(bibtex(citation)).entries
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == r"{50\% of \{all\} \& \$1\_000 \#1 \~{} \^{} \textbackslash{}}"
    assert fields["keywords"] == r"a\_b"
    assert fields["month"] == "dec"
    assert fields["url"] == "https://x.example/%7By%7D"
    assert "note" not in fields and "abstract" not in fields


def test_the_build_records_the_files_and_dist_carries_them(site, tmp_path):
    (article,) = read_manifest(site).articles
    assert (article.bib, article.ris) == (BIB, RIS)
    with redirect_stdout(io.StringIO()):
        copied = copy_books(site, tmp_path)
    assert sorted(path.name for path in copied) == sorted([BOOK, BIB, RIS])
    for name in (BIB, RIS):
        assert (tmp_path / name).read_bytes() == (site / name).read_bytes()


def test_dist_checksums_list_the_citation_files(site, tmp_path):
    """`make epub`'s step after the build, as `make dist` and `make archive`
    run it too."""
    with redirect_stdout(io.StringIO()):
        assert books_main(["--site", str(site), "--output", str(tmp_path)]) == 0
    sums = (tmp_path / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert {line.split("  ", 1)[1] for line in sums} == {BOOK, BIB, RIS}
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_web_archive_serves_them_as_github_pages_would():
    assert content_type(RIS) == "application/x-research-info-systems"
    assert content_type(BIB) == "application/octet-stream"


# The robust link to the original -----------------------------------------------


def robust_link(soup: BeautifulSoup) -> dict[str, str]:
    (link,) = [a for a in soup.select(".source a") if a["href"] == ORIGINAL_URL]
    return {name: link.get(name) for name in ("data-versionurl", "data-versiondate")}


def test_the_link_to_the_original_is_robust_everywhere(site, book_xhtml):
    expected = {"data-versionurl": ARCHIVED_URL, "data-versiondate": SOURCE_DAY}
    assert robust_link(soup_of(site / f"{ARTICLE_SLUG}.html")) == expected
    assert robust_link(soup_of(site / STANDALONE)) == expected
    assert robust_link(book_xhtml) == expected
    # Every other link to the original is robust too.
    for page in (f"{ARTICLE_SLUG}.html", STANDALONE):
        for link in soup_of(site / page).find_all("a", href=ORIGINAL_URL):
            assert link.get("data-versionurl") == ARCHIVED_URL


def test_the_version_date_is_the_builds_source_date(tmp_path):
    built = build(copy_project(tmp_path / "epoch"), source_date_epoch="1700000000")
    assert built.returncode == 0, built.log
    page = soup_of(built.output / f"{ARTICLE_SLUG}.html")
    assert robust_link(page)["data-versiondate"] == "2023-11-14"


# The book's identifiers --------------------------------------------------------


def calibre_identifiers(opf: ElementTree.Element) -> dict[str, str]:
    """The identifiers calibre lists for a book (calibre/ebooks/metadata/opf3.py,
    parse_identifier and read_metadata): a dc:identifier's scheme is the part
    before its first colon, after any "urn:"; http and https ones are left
    out, and uuid is taken for calibre's own id, not listed."""
    listed = {}
    for identifier in opf.iter(f"{DC_ELEMENTS}identifier"):
        value = (identifier.text or "").strip()
        scheme, _, rest = value.removeprefix("urn:").partition(":")
        scheme = scheme.lower()
        if scheme and rest and scheme not in ("http", "https", "uuid", "calibre"):
            listed.setdefault(scheme, rest)
    return listed


def test_calibre_lists_the_archived_copy_as_an_identifier(package_opf):
    assert calibre_identifiers(package_opf) == {"url": ARCHIVED_URL}
    # The package's own identifier stays the one every build gives the text.
    unique = package_opf.get("unique-identifier")
    (identifier,) = [
        e for e in package_opf.iter(f"{DC_ELEMENTS}identifier") if e.get("id") == unique
    ]
    assert identifier.text == book_identifier(SOURCE_SHA256)
    # The source is declared as EPUB 3 has it: the original article.
    assert [e.text for e in package_opf.iter(f"{DC_ELEMENTS}source")] == [ORIGINAL_URL]


def test_pandoc_reads_the_books_identifiers_and_source(site):
    """pandoc's EPUB reader, a real reader's view of the package metadata
    (calibre, the tool the check was first made with, is too large to install
    for the tests; its rule is the one above)."""
    pandoc = require_pandoc()
    result = subprocess.run(
        [pandoc, "-f", "epub", "-t", "json", str(site / BOOK)], capture_output=True, check=True
    )
    meta = json.loads(result.stdout)["meta"]

    def text(value: dict) -> str:
        return "".join(part.get("c", " ") if part["t"] == "Str" else " " for part in value["c"])

    identifiers = {text(value) for value in meta["identifier"]["c"]}
    assert identifiers == {book_identifier(SOURCE_SHA256), f"url:{ARCHIVED_URL}"}
    assert text(meta["source"]) == ORIGINAL_URL
    assert text(meta["publisher"]) == PUBLISHER
