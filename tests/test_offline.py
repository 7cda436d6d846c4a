"""The site works from disk: open index.html, follow every link, no network.

The crawler (tests/site_crawl.py) follows every reference from index.html
through the files on disk: each must name a file of the site (a folder link
such as "category/" shows a listing, or nothing, when read from disk). Then
Chromium, with its network off and every request that is not file://
aborted and recorded, opens each page found and checks it is styled and
breaks no Content Security Policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser import CSP_RECORDER, chromium, csp_violations, default_styles
from tests.browser import unstyled_properties as unstyled
from tests.site_builder import build, copy_project
from tests.site_crawl import Crawl, crawl_disk

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


def open_offline(site: Path) -> Offline:
    """Crawl the site from disk, then load every page found in Chromium offline."""
    result = Offline(site.resolve(), crawl_disk(site))

    def route(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            result.left_disk.append(route.request.url)
            route.abort("internetdisconnected")

    with chromium() as browser:
        context = browser.new_context(offline=True)
        context.add_init_script(CSP_RECORDER)
        context.route("**/*", route)
        context.on("request", lambda request: result.requests.append(request.url))
        context.on("requestfailed", lambda r: result.failed.append(f"{r.url}: {r.failure}"))
        defaults = default_styles(context)
        page = context.new_page()
        for name in sorted(result.crawl.pages):
            page.goto((result.site / name).as_uri(), wait_until="networkidle")
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


@pytest.fixture(scope="module", params=["publishconf.py", "pelicanconf.py"])
def offline(request, site, tmp_path_factory) -> Offline:
    """The site of `make publish` (and `make dist`) and of `make html`, opened from disk."""
    if request.param == "publishconf.py":
        output = site
    else:
        project = copy_project(tmp_path_factory.mktemp("local"))
        built = build(project, settings="pelicanconf.py")
        assert built.returncode == 0, built.log
        output = built.output
    result = open_offline(output)
    print("\n" + result.summary(f"file://, {request.param}"))
    return result


def test_every_page_is_reached_from_index_and_every_link_names_a_file(offline):
    assert offline.crawl.problems == []
    assert offline.crawl.pages == expected_pages(offline.site)
    assert len(offline.crawl.references) > len(offline.crawl.pages)


@pytest.mark.browser
def test_every_page_is_styled_and_keeps_its_policy(offline):
    assert offline.unstyled == []
    assert offline.csp == []


@pytest.mark.browser
def test_no_request_leaves_the_disk_or_fails(offline):
    assert offline.requests
    assert offline.left_disk == []
    assert all(url.startswith(("file:", "data:")) for url in offline.requests)
    assert offline.failed == []


def test_a_folder_link_is_a_problem_from_disk(tmp_path):
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "index.html").write_text(
        '<!doctype html><a href="category/">x</a><a href="gone.html">y</a>', encoding="utf-8"
    )
    (copy / "category").mkdir()
    problems = crawl_disk(copy).problems
    assert len(problems) == 2
    assert "category/ answered 404" in problems[0] and "gone.html answered 404" in problems[1]
