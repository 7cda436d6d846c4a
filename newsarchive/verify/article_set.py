"""The same articles everywhere: each place a copy of the archive lists
articles (the offline zip, the WACZ's pages and index, the EPUBs, the
sitemap, the feeds) holds exactly those the build's manifest records for it.
Published articles are listed everywhere; hidden ones are published with
their copies but listed in no sitemap or feed; an article that records no
source has a page but no copies."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit, urlunsplit

from newsarchive.archive.make_archive import wacz_pages
from newsarchive.iri import iri_to_uri
from newsarchive.manifest import ArticleRecord, BuildManifest

from .report import Problem

SITEMAP = "sitemap.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
COPY_SUFFIXES = (".standalone.html", ".epub")


@dataclass(frozen=True)
class SiteCopy:
    """A copy of the built site: the names of its files, relative to the
    site, and a way to read one."""

    shown: str
    names: frozenset[str]
    read: Callable[[str], bytes]


def address(url: str) -> str:
    """One spelling of an address, to compare: a URI, no query or fragment."""
    parts = urlsplit(url.strip())
    return iri_to_uri(unquote(urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))))


def canonical(article: ArticleRecord) -> str:
    return address(article.canonical_url)


def listed(manifest: BuildManifest) -> set[str]:
    """The addresses of the articles sitemaps and feeds list."""
    return {canonical(a) for a in manifest.articles if a.status == "published"}


def unlisted(manifest: BuildManifest) -> set[str]:
    return {canonical(a) for a in manifest.articles if a.status != "published"}


def compare(shown: str, found: set[str], expected: set[str], absent: set[str] = frozenset()):
    """Problems for each expected address not found, and each found that should not be."""
    problems = [Problem(shown, f"lacks article {url}") for url in sorted(expected - found)]
    problems += [Problem(shown, f"lists hidden article {url}") for url in sorted(found & absent)]
    extra = found - expected - absent
    problems += [
        Problem(shown, f"lists {url}, which is no article of the manifest") for url in sorted(extra)
    ]
    return problems


def copy_problems(manifest: BuildManifest, copy: SiteCopy) -> list[Problem]:
    """Each article's page and copies are in the copy of the site, and no
    other article's copies."""
    problems = []
    recorded = set()
    for article in manifest.articles:
        files = [article.url, article.standalone, article.epub, article.bib, article.ris]
        for name in (unquote(file) for file in files if file):
            recorded.add(name)
            if name not in copy.names:
                problems.append(Problem(copy.shown, f"lacks {name} of article {article.slug}"))
    for name in sorted(copy.names - recorded):
        if name.endswith(COPY_SUFFIXES):
            problems.append(Problem(copy.shown, f"holds {name}, of no article of the manifest"))
    return problems


def sitemap_problems(manifest: BuildManifest, copy: SiteCopy) -> list[Problem]:
    """Every sitemap file the manifest records is in the copy, each address
    they list names a file of it (a sitemap index, its sitemaps), and the
    sitemaps together list the published articles."""
    if not manifest.sitemaps:
        return []  # a build with SITEMAP_SAVE_AS empty writes none
    problems, locs, sitemaps = [], set(), []
    base = address(manifest.site_url + "/")
    for sitemap in manifest.sitemaps:
        shown = f"{copy.shown}: {sitemap}"
        if sitemap not in copy.names:
            problems.append(Problem(shown, "missing"))
            continue
        try:
            root = ElementTree.fromstring(copy.read(sitemap))
        except ElementTree.ParseError as error:
            problems.append(Problem(shown, f"is not XML: {error}"))
            continue
        listed_here = {address(loc.text or "") for loc in root.iter(f"{SITEMAPS}loc")}
        for loc in sorted(listed_here):
            name = unquote(loc.removeprefix(base)) if loc.startswith(base) else None
            if name is not None and (name == "" or name.endswith("/")):
                name += "index.html"
            if name is None or name not in copy.names:
                problems.append(Problem(shown, f"lists {loc}, which names no file of the copy"))
        if root.tag == f"{SITEMAPS}urlset":
            locs |= listed_here
            sitemaps.append(sitemap)
    published, hidden = listed(manifest), unlisted(manifest)
    articles = {loc for loc in locs if loc in published or loc in hidden}
    shown = f"{copy.shown}: {', '.join(sitemaps or manifest.sitemaps)}"
    return problems + compare(shown, articles, published, hidden)


def entry_links(document: bytes) -> tuple[str, list[str]]:
    """The format of a feed document ("Atom" or "RSS") and the link of each entry."""
    root = ElementTree.fromstring(document)
    if root.tag == f"{ATOM}feed":
        links = []
        for entry in root.iter(f"{ATOM}entry"):
            for link in entry.iter(f"{ATOM}link"):
                if link.get("rel", "alternate") == "alternate":
                    links.append(link.get("href", ""))
        return "Atom", links
    if root.tag == "rss":
        return "RSS", [item.findtext("link", "") for item in root.iter("item")]
    raise ValueError(f"the root element <{root.tag}> is neither an Atom feed nor RSS")


def feed_problems(
    manifest: BuildManifest, read: Callable[[str], bytes], shown: str
) -> list[Problem]:
    """The entries of all documents of each feed format, together (a feed
    that keeps its older entries in archive documents, RFC 5005, is all of
    them), are the published articles, each once; the documents are those
    the manifest records."""
    links_of: dict[str, list[str]] = {}
    documents: dict[str, list[str]] = {}
    problems = []
    for name in (feed.path for feed in manifest.feeds):
        try:
            kind, links = entry_links(read(name))
        except (ElementTree.ParseError, ValueError, KeyError, OSError) as error:
            problems.append(Problem(f"{shown}: {name}", f"cannot be read as a feed: {error}"))
            continue
        links_of.setdefault(kind, []).extend(address(link) for link in links)
        documents.setdefault(kind, []).append(name)
    published, hidden = listed(manifest), unlisted(manifest)
    for kind, found in sorted(links_of.items()):
        where = f"{shown}: {', '.join(documents[kind])}"
        problems += compare(where, set(found), published, hidden)
        repeated = sorted(link for link, count in Counter(found).items() if count > 1)
        problems += [Problem(where, f"lists article {link} more than once") for link in repeated]
    return problems


def wacz_page_problems(
    manifest: BuildManifest, pages: list[str], indexed: set[str], shown: str
) -> list[Problem]:
    """The WACZ lists the pages make_archive lists (the home page and each
    article with copies), and its index holds every article's address."""
    expected = {address(page.url) for page in wacz_pages(manifest)}
    found = {address(url) for url in pages}
    problems = [Problem(shown, f"pages.jsonl lacks {url}") for url in sorted(expected - found)]
    problems += [
        Problem(shown, f"pages.jsonl lists {url}, which is no page of the manifest")
        for url in sorted(found - expected)
    ]
    index = {address(url) for url in indexed}
    missing = sorted(canonical(a) for a in manifest.articles if canonical(a) not in index)
    return problems + [Problem(shown, f"its index lacks article {url}") for url in missing]


def epub_problems(manifest: BuildManifest, epubs: set[str], shown: str) -> list[Problem]:
    expected = {PurePosixPath(a.epub).name for a in manifest.articles if a.epub}
    problems = [Problem(f"{shown}/{name}", "missing") for name in sorted(expected - epubs)]
    return problems + [
        Problem(f"{shown}/{name}", "is the book of no article of the manifest")
        for name in sorted(epubs - expected)
    ]
