"""The published site works on GitHub Pages, at a domain root and under /REPO/.

A local server answers the way Pages does (tests/static_server.py): the site
is built for the exact address it is served from, then crawled
(tests/site_crawl.py) from index.html and robots.txt, through the sitemap
and the feeds. Also checked here: the 404 page at any depth in Chromium, the
artifact rules of actions/upload-pages-artifact and the `make github`
(ghp-import) publishing branch.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from newsarchive.devtools.browser import CSP_RECORDER, csp_violations, default_styles
from newsarchive.devtools.browser import unstyled_properties as unstyled
from newsarchive.devtools.git_sandbox import isolated_git_env
from newsarchive.devtools.site_builder import ROOT, build, copy_project, output_files
from newsarchive.devtools.site_crawl import crawl, fetch, fetch_http
from newsarchive.manifest import MANIFEST_NAME
from newsarchive.pages_limits import FILE_LIMIT, SITE_LIMIT
from newsarchive.serve import serve

SUBPATH = "/some-repo/"
# Answered by the server for every missing path, so no crawl from index.html
# reaches it (test_404_page_* load it); and the build's manifest, which no
# page names (newsarchive.manifest).
NOT_LINKED = {"404.html", MANIFEST_NAME}
# Missing addresses at several depths, each answered with 404.html.
MISSING = (
    "a/b/c/missing.html",
    "a/b/c/",
    "missing",
    "tag/a/b/nothing.html",
    "category/world/page-9.html",
)


@dataclass
class Served:
    mode: str
    base: str  # ends with "/"
    output: Path


@pytest.fixture(scope="module", params=["root", "subpath"])
def served(request, tmp_path_factory) -> Iterator[Served]:
    """The real site built with publishconf.py for the address it is served at."""
    prefix = "/" if request.param == "root" else SUBPATH
    work = tmp_path_factory.mktemp(f"pages-{request.param}")
    output = work / "output"
    with serve(output, prefix) as base:
        result = build(copy_project(work / "project"), output=output, siteurl=base.rstrip("/"))
        assert result.returncode == 0, result.log
        yield Served(request.param, base, output)


def report(mode: str, pages: int, links: int, assets: int) -> None:
    print(f"\n[{mode}] checked {pages} pages, {links} links, {assets} assets")


def test_every_address_resolves_and_every_file_is_reached(served):
    start = [served.base + "index.html"]
    # robots.txt, written at a domain root only, is read, not linked to.
    start += [served.base + "robots.txt"] if served.mode == "root" else []
    result = crawl(start, fetch_http, served.base)
    report(served.mode, len(result.pages), len(result.references), len(result.assets))
    assert result.problems == []
    reached = result.pages | result.assets
    generated = set(output_files(served.output))
    assert generated - reached - NOT_LINKED == set()
    assert reached <= generated


def test_the_site_keeps_the_pages_artifact_rules(served):
    """actions/upload-pages-artifact (README, "Artifact validation"): the tar
    file contains only files and directories, no symbolic or hard links, and
    stays under the size Pages supports."""
    entries = files = total = 0
    for folder, folders, names in os.walk(served.output, followlinks=False):
        for name in folders + names:
            path = Path(folder, name)
            status = path.lstat()
            entries += 1
            assert stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode), path
            if stat.S_ISREG(status.st_mode):
                files += 1
                total += status.st_size
                assert status.st_nlink == 1, path
                assert status.st_size < FILE_LIMIT, path
    assert files == len(output_files(served.output)) > 0
    assert entries > files, "the site has folders"
    assert total < SITE_LIMIT


def test_robots_txt_only_where_crawlers_read_it_and_the_sitemap_is_found(served):
    """Crawlers read /robots.txt at a domain root only. Under a subpath there
    is none; every page names the sitemap with <link rel="sitemap">."""
    robots = served.output / "robots.txt"
    assert robots.exists() == (served.mode == "root")
    if robots.exists():
        sitemap_lines = [line for line in robots.read_text().splitlines() if "Sitemap:" in line]
        assert sitemap_lines == [f"Sitemap: {served.base}sitemap.xml"]
    found = crawl([served.base + "index.html"], fetch_http, served.base)
    rel_sitemap = {r.url for r in found.references if r.kind == "link sitemap"}
    assert rel_sitemap == {served.base + "sitemap.xml"}
    naming = {r.source for r in found.references if r.kind == "link sitemap"}
    # The one-file copy loads nothing from the site, the sitemap included.
    pages = {page for page in found.pages if not page.endswith(".standalone.html")}
    assert {served.base + page for page in pages} <= naming | {served.base}


@pytest.mark.parametrize("missing", MISSING)
def test_missing_paths_are_answered_with_the_404_page(served, missing):
    status, content_type, body = fetch(served.base + missing)
    assert status == 404
    assert content_type.startswith("text/html")
    assert body == (served.output / "404.html").read_bytes()


def test_404_page_is_styled_and_its_links_resolve_at_depth(served, browser):
    """Loaded at each missing address, the 404 page finds its style and links."""
    urls = [served.base + missing for missing in MISSING]
    failed: list[str] = []
    bad: list[str] = []
    problems: list[str] = []
    addresses: dict[str, str] = {}
    links = assets = 0

    def record_error(response) -> None:
        if response.status >= 400 and response.url not in urls:
            bad.append(f"{response.url} answered {response.status}")

    context = browser.new_context()
    context.add_init_script(CSP_RECORDER)
    # Going on to the next address aborts the icon's request if it is still
    # on its way (net::ERR_ABORTED); a missing file answers 404 (record_error).
    context.on(
        "requestfailed",
        lambda request: request.failure == "net::ERR_ABORTED" or failed.append(request.url),
    )
    context.on("response", record_error)
    defaults = default_styles(context)
    page = context.new_page()
    for url in urls:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 404, url
        assert page.title().startswith("Page not found"), url
        missing_style = unstyled(page, defaults)
        if missing_style:
            problems.append(f"{url}: {', '.join(missing_style)} as the browser default")
        problems.extend(f"{url}: {violation}" for violation in csp_violations(page))
        found_links = page.eval_on_selector_all("a[href]", "found => found.map(a => a.href)")
        found_assets = page.eval_on_selector_all(
            "link[href], img[src], script[src]", "found => found.map(e => e.href || e.src)"
        )
        assert found_links and found_assets, url
        links += len(found_links)
        assets += len(found_assets)
        addresses.update((urldefrag(address)[0], url) for address in found_links + found_assets)
    context.close()
    report(f"404 at depth, {served.mode}", len(urls), links, assets)
    assert failed == []
    assert bad == []
    for address, url in sorted(addresses.items()):
        if address == url:
            continue  # "Skip to content": the page itself (its own test is below)
        if not address.startswith(served.base):
            problems.append(f"{url}: {address} is outside {served.base}")
        elif fetch(address)[0] != 200:
            problems.append(f"{url}: {address} does not answer 200")
    assert problems == []


def test_404_skip_link_stays_on_the_page_three_folders_deep(served, browser):
    """Tab to "Skip to content" and press Enter: the page moves to its own
    main content; it does not leave for another address."""
    url = served.base + "a/b/c/missing.html"
    page = browser.new_page()
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 404
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    # Following a link is asynchronous: wait until the address has changed.
    page.wait_for_url(lambda address: address != url, timeout=10_000)
    page.wait_for_load_state("networkidle")
    assert page.url == url + "#main"
    assert page.title().startswith("Page not found")
    assert page.evaluate("document.querySelector(':target')?.id") == "main"


def make_github_command(output: Path, cname: str) -> list[str]:
    """The ghp-import command `make github` runs, as make prints it (-n)."""
    variables = [f"PY={sys.executable}", f"OUTPUTDIR={output}", f"CNAME={cname}"]
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(ROOT), "github", *variables],
        capture_output=True,
        text=True,
        check=True,
    )
    (command,) = [line for line in dry_run.stdout.splitlines() if "ghp_import" in line]
    return shlex.split(command)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env=isolated_git_env(repo.parent),
    )
    return result.stdout


def test_make_github_publishes_the_site_on_a_gh_pages_branch(tmp_path):
    """The `make github` command, run in a throwaway copy of the project."""
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Sources")
    main_before = git(repo, "rev-parse", "main")
    result = build(repo, output=repo / "output")
    assert result.returncode == 0, result.log

    published = subprocess.run(
        make_github_command(repo / "output", "news.example.org"),
        cwd=repo,
        capture_output=True,
        text=True,
        env=isolated_git_env(repo.parent),
    )
    assert published.returncode == 0, published.stdout + published.stderr

    tree = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    # Branch publishing runs Jekyll unless told not to: ghp-import adds .nojekyll.
    assert tree == set(output_files(repo / "output")) | {".nojekyll", "CNAME"}
    assert git(repo, "show", "gh-pages:CNAME").strip() == "news.example.org"
    assert git(repo, "show", "gh-pages:index.html") == (repo / "output/index.html").read_text(
        encoding="utf-8"
    )
    # The sources branch and the working tree are untouched.
    assert git(repo, "rev-parse", "main") == main_before
    assert git(repo, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert git(repo, "status", "--porcelain") == ""
