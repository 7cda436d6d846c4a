"""Follow the references of a built site: the one crawler of the tests and the
benchmark, from disk (file:// addresses) or over HTTP.

Every reference is read where a browser or a feed reader would find it:
<a href>, <link href>, <img src>, <script src>, <source src> (against the
page's <base>), url() and @import in stylesheets, <loc> in the sitemap,
<link> in feeds and Sitemap: in robots.txt. Each address under the site is
fetched once; links to other sites are only collected.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import ProxyHandler, build_opener

from newsarchive.content_types import content_type
from newsarchive.iri import iri_to_uri

REFERENCES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# A @font-face src lists alternatives; a browser loads the first it supports.
FONT_SOURCES = re.compile(r"\bsrc\s*:([^;}]*)")
# References that name a document to go to, not something the page loads.
NAVIGATION = {"a", "link canonical", "link alternate", "link sitemap"}


@dataclass(frozen=True)
class Reference:
    kind: str  # the element and its rel, such as "a" or "link icon"
    url: str  # absolute, fragment included
    source: str  # the address it was found at


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


@dataclass
class Crawl:
    site: str
    responses: dict[str, Response] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    external: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def names(self, html: bool) -> set[str]:
        """Site-relative names of the files fetched, pages or the rest."""
        return {
            file_name(self.site, url)
            for url, response in self.responses.items()
            if response.status == 200 and response.content_type.startswith("text/html") == html
        }

    @property
    def pages(self) -> set[str]:
        return self.names(html=True)

    @property
    def assets(self) -> set[str]:
        return self.names(html=False)


class PageReferences(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.found: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "base" and "href" in values and self.base is None:
            self.base = values["href"]
        attribute = REFERENCES.get(tag)
        if attribute and attribute in values:
            kind = " ".join([tag, *values.get("rel", "").lower().split()])
            self.found.append((kind, values[attribute]))


def html_references(url: str, body: bytes) -> tuple[list[tuple[str, str]], set[str]]:
    parser = PageReferences()
    parser.feed(body.decode("utf-8"))
    parser.close()
    base = urljoin(url, parser.base) if parser.base else url
    return [(kind, urljoin(base, target)) for kind, target in parser.found], parser.ids


def css_references(url: str, body: bytes) -> list[tuple[str, str]]:
    css = body.decode("utf-8", errors="replace")
    found = []
    for sources in FONT_SOURCES.findall(css):
        found += [a or b for a, b in CSS_REFERENCE.findall(sources)][:1]
    found += [a or b for a, b in CSS_REFERENCE.findall(FONT_SOURCES.sub("", css))]
    return [("css", urljoin(url, target)) for target in found]


def xml_references(body: bytes) -> list[tuple[str, str]]:
    """Sitemap <loc>, Atom <link href> and RSS <link> addresses."""
    found = []
    for element in ElementTree.fromstring(body).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "loc" or (name == "link" and not element.get("href")):
            found.append(("a", (element.text or "").strip()))
        elif name == "link":
            found.append(("a", element.get("href")))
    return found


def robots_references(body: bytes) -> list[tuple[str, str]]:
    lines = body.decode("utf-8").splitlines()
    return [
        ("a", line.split(":", 1)[1].strip())
        for line in lines
        if line.lower().startswith("sitemap:")
    ]


def references_in(url: str, response: Response) -> tuple[list[tuple[str, str]], set[str]]:
    kind = response.content_type.split(";")[0]
    if kind == "text/html":
        return html_references(url, response.body)
    if kind == "text/css":
        return css_references(url, response.body), set()
    if url.endswith("robots.txt"):
        return robots_references(response.body), set()
    if kind.endswith("xml"):
        return xml_references(response.body), set()
    return [], set()


def file_name(site: str, url: str) -> str:
    """The file of the site an address is answered with."""
    relative = unquote(urlsplit(url).path)[len(unquote(urlsplit(site).path)) :]
    return relative + "index.html" if relative in ("", ".") or relative.endswith("/") else relative


def crawl(
    start: list[str],
    fetch: Callable[[str], Response],
    site: str,
    follow: Callable[[str], bool] = lambda kind: True,
) -> Crawl:
    """Fetch every address under site reachable from start through the kinds
    of reference `follow` accepts; record what does not answer 200, what a
    page loads from elsewhere, and #fragments that name no id."""
    result = Crawl(site)
    queue = deque(Reference("start", url, "start") for url in start)
    while queue:
        reference = queue.popleft()
        target = urldefrag(reference.url)[0]
        where = f"{reference.source}: {reference.kind} {reference.url}"
        if reference.kind != "start":
            result.references.append(reference)
        if urlsplit(target).scheme == "data":
            continue  # inline: nothing to fetch
        if not target.startswith(site):
            if reference.kind in NAVIGATION:
                result.external.add(target)
            else:
                result.problems.append(f"{where} loads from outside {site}")
            continue
        if target in result.responses:
            continue
        response = fetch(target)
        result.responses[target] = response
        if response.status != 200:
            result.problems.append(f"{where} answered {response.status}")
            continue
        found, ids = references_in(target, response)
        result.ids[target] = ids
        queue.extend(Reference(kind, url, target) for kind, url in found if follow(kind))
    for reference in result.references:
        target, fragment = urldefrag(reference.url)
        if fragment and target in result.ids and fragment not in result.ids[target]:
            result.problems.append(f"{reference.source}: #{fragment} is not an id on {target}")
    return result


def fetch_file(url: str) -> Response:
    """A file:// address read from disk; a folder does not answer, since a
    browser shows a listing, or nothing, for it."""
    path = Path(unquote(urlsplit(url).path))
    if not path.is_file():
        return Response(404, "", b"")
    return Response(200, content_type(path), path.read_bytes())


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET url without any proxy, percent-encoded as a browser sends it;
    returns status, Content-Type and body."""
    opener = build_opener(ProxyHandler({}))
    try:
        with opener.open(iri_to_uri(url), timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def fetch_http(url: str) -> Response:
    return Response(*fetch(url))


def crawl_disk(site: Path, start: str = "index.html", follow=lambda kind: True) -> Crawl:
    """The crawl of a built site from its files, starting at `start`."""
    root = site.resolve().as_uri() + "/"
    return crawl([root + start], fetch_file, root, follow)


def loaded_by(site: Path, page: str) -> dict[str, bytes]:
    """The page and every file of the site it loads, by name."""
    result = crawl_disk(site, page, follow=lambda kind: kind not in NAVIGATION)
    return {
        file_name(result.site, url): response.body
        for url, response in result.responses.items()
        if response.status == 200
    }
