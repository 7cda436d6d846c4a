"""Open a built site from disk, as a reader does who opens index.html: the
crawler (newsarchive.devtools.site_crawl) follows every reference through
the files, then Chromium, with its network off and every request that is not
file:// aborted and recorded, opens each page found and checks it is styled
and breaks no Content Security Policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsarchive.devtools.browser import CSP_RECORDER, csp_violations, default_styles
from newsarchive.devtools.browser import unstyled_properties as unstyled
from newsarchive.devtools.site_crawl import Crawl, crawl_disk

# Only served over HTTP: the host answers with it for a missing address.
SERVER_ONLY_PAGES = {"404.html"}


@dataclass
class Offline:
    site: Path
    crawl: Crawl
    requests: list[str] = field(default_factory=list)
    left_disk: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unstyled: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)

    def summary(self, mode: str) -> str:
        return (
            f"[{mode}] checked {len(self.crawl.pages)} pages, "
            f"{len(self.crawl.references)} references, {len(self.crawl.assets)} other files; "
            f"{len(self.requests)} requests, {len(self.left_disk)} left file://"
        )


def open_offline(browser, site: Path) -> Offline:
    """Crawl the site from disk, then load every page found in Chromium offline."""
    result = Offline(site.resolve(), crawl_disk(site))

    def route(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            result.left_disk.append(route.request.url)
            route.abort("internetdisconnected")

    def failed(request) -> None:
        # Chromium asks for the icon after "load"; going on to the next page
        # aborts that request. A missing file fails otherwise, and the crawl
        # has already checked that every referenced file is there.
        if request.failure != "net::ERR_ABORTED":
            result.failed.append(f"{request.url}: {request.failure}")

    context = browser.new_context(offline=True)
    context.add_init_script(CSP_RECORDER)
    context.route("**/*", route)
    context.on("request", lambda request: result.requests.append(request.url))
    context.on("requestfailed", failed)
    defaults = default_styles(context)
    page = context.new_page()
    for name in sorted(result.crawl.pages):
        page.goto((result.site / name).as_uri(), wait_until="load")
        missing = unstyled(page, defaults)
        if missing:
            result.unstyled.append(f"{name}: {', '.join(missing)} as the browser default")
        result.csp.extend(f"{name}: {violation}" for violation in csp_violations(page))
    context.close()
    return result


def expected_pages(site: Path) -> set[str]:
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    return pages - SERVER_ONLY_PAGES


def assert_works_offline(offline: Offline) -> None:
    """Every check of the offline reading, for reuse on other copies of the site."""
    assert offline.crawl.problems == []
    assert offline.crawl.pages == expected_pages(offline.site)
    assert offline.unstyled == []
    assert offline.csp == []
    assert offline.requests
    assert offline.left_disk == []
    assert all(url.startswith(("file:", "data:")) for url in offline.requests)
    assert offline.failed == []
