"""The built site works from disk: open index.html, follow every link, no network.

Chromium runs with its network switched off and every request that is not a
file:// request aborted and recorded. Starting at index.html the crawler
follows every <a href> to a file inside the site folder and checks that each
page loads, is styled, and that every link names a file (a folder link such as
"category/" shows a directory listing, or nothing, when read from disk).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from tests.browser import CSP_RECORDER, chromium, csp_violations, default_styles
from tests.browser import unstyled_properties as unstyled
from tests.site_builder import build, copy_project

# Only served over HTTP: the host answers with it for a missing address.
SERVER_ONLY_PAGES = {"404.html"}
ASSET_SELECTOR = "link[href], img[src], script[src], source[src]"


@dataclass
class OfflineCrawl:
    site: Path
    pages: list[str] = field(default_factory=list)
    links: int = 0
    assets: set[str] = field(default_factory=set)
    external: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    left_disk: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    directory_links: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    unstyled: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)

    def summary(self, mode: str) -> str:
        return (
            f"[{mode}] checked {len(self.pages)} pages, {self.links} links, "
            f"{len(self.assets)} assets; {len(self.requests)} requests, "
            f"{len(self.left_disk)} left file://"
        )


def names_a_file(href: str) -> bool:
    """True if the address ends in a file name ("tags.html"), not a folder."""
    path = urldefrag(href)[0].split("?", 1)[0]
    last = path.rsplit("/", 1)[-1]
    return last not in ("", ".", "..")


def local_file(url: str, site: Path) -> Path | None:
    """The file inside site that a file:// URL names, or None."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if site == path or site in path.parents else None


def crawl_offline(site: Path) -> OfflineCrawl:
    """Open site/index.html from disk and follow every link on every page."""
    site = site.resolve()
    result = OfflineCrawl(site)

    def route(route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            result.left_disk.append(url)
            route.abort("internetdisconnected")

    with chromium() as browser:
        context = browser.new_context(offline=True)
        context.add_init_script(CSP_RECORDER)
        context.route("**/*", route)
        context.on("request", lambda request: result.requests.append(request.url))
        context.on(
            "requestfailed",
            lambda request: result.failed.append(f"{request.url}: {request.failure}"),
        )
        defaults = default_styles(context)
        page = context.new_page()
        start = (site / "index.html").as_uri()
        queue, queued = deque([start]), {start}
        while queue:
            url = queue.popleft()
            name = local_file(url, site).relative_to(site).as_posix()
            page.goto(url, wait_until="networkidle")
            result.pages.append(name)
            missing = unstyled(page, defaults)
            if missing:
                result.unstyled.append(f"{name}: {', '.join(missing)} as the browser default")
            result.csp.extend(f"{name}: {violation}" for violation in csp_violations(page))
            ids = set(page.eval_on_selector_all("[id]", "found => found.map(e => e.id)"))
            anchors = page.eval_on_selector_all(
                "a[href]", "found => found.map(a => [a.getAttribute('href'), a.href])"
            )
            for raw, absolute in anchors:
                result.links += 1
                where = f"{name}: {raw}"
                if raw.startswith("#"):
                    if raw[1:] not in ids:
                        result.broken.append(f"{where} names no id on the page")
                    continue
                if urlsplit(absolute).scheme in ("http", "https", "mailto"):
                    result.external.add(absolute)
                    continue
                if not names_a_file(raw):
                    result.directory_links.append(where)
                target = local_file(absolute, site)
                if target is None or not target.is_file():
                    result.broken.append(f"{where} is not a file in the site")
                    continue
                if target.suffix == ".html":
                    page_url = urldefrag(absolute)[0]
                    if page_url not in queued:
                        queued.add(page_url)
                        queue.append(page_url)
                else:
                    result.assets.add(target.relative_to(site).as_posix())
            sources = page.eval_on_selector_all(
                ASSET_SELECTOR,
                "found => found.map(e => [e.getAttribute('href') ?? e.getAttribute('src'),"
                " e.href || e.src, e.rel ? e.rel : ''])",
            )
            for raw, absolute, rel in sources:
                scheme = urlsplit(absolute).scheme
                if scheme == "data" or (scheme in ("http", "https") and rel == "canonical"):
                    continue  # inline, or the page's address on the web: never loaded
                target = local_file(absolute, site)
                if target is None or not target.is_file():
                    result.broken.append(f"{name}: {raw} is not a file in the site")
                else:
                    result.assets.add(target.relative_to(site).as_posix())
        context.close()
    return result


def expected_pages(site: Path) -> set[str]:
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    return pages - SERVER_ONLY_PAGES


def assert_works_offline(crawl: OfflineCrawl) -> None:
    """Every check of the offline crawl, for reuse on other copies of the site."""
    assert set(crawl.pages) == expected_pages(crawl.site)
    assert crawl.unstyled == []
    assert crawl.left_disk == []
    assert all(url.startswith(("file:", "data:")) for url in crawl.requests)
    assert crawl.failed == []
    assert crawl.directory_links == []
    assert crawl.broken == []
    assert crawl.csp == []


@pytest.fixture(scope="module", params=["publishconf.py", "pelicanconf.py"])
def offline(request, site, tmp_path_factory) -> OfflineCrawl:
    """The site of `make publish` (and `make dist`) and of `make html`, crawled."""
    if request.param == "publishconf.py":
        output = site
    else:
        project = copy_project(tmp_path_factory.mktemp("local"))
        built = build(project, settings="pelicanconf.py")
        assert built.returncode == 0, built.log
        output = built.output
    crawl = crawl_offline(output)
    print("\n" + crawl.summary(f"file://, {request.param}"))
    return crawl


@pytest.mark.browser
def test_every_page_is_reached_from_index(offline):
    assert offline.pages[0] == "index.html"
    assert set(offline.pages) == expected_pages(offline.site)
    assert offline.links > len(offline.pages)


@pytest.mark.browser
def test_every_page_is_styled(offline):
    assert offline.unstyled == []
    assert offline.csp == []


@pytest.mark.browser
def test_no_request_leaves_the_disk(offline):
    assert offline.requests
    assert offline.left_disk == []
    assert all(url.startswith(("file:", "data:")) for url in offline.requests)


@pytest.mark.browser
def test_no_request_fails(offline):
    assert offline.failed == []


@pytest.mark.browser
def test_every_link_names_a_file_in_the_site(offline):
    assert offline.directory_links == []
    assert offline.broken == []


def test_folder_links_are_recognised():
    assert names_a_file("./index.html")
    assert names_a_file("../tag/syria.html#main")
    for folder in ("./", "category/", "", ".", "..", "../", "?page=2"):
        assert not names_a_file(folder)
