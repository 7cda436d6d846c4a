"""The published site works on GitHub Pages, at a domain root and under /REPO/.

A local server answers the way Pages does (tests/static_server.py): the site
is built for the exact address it is served from, then crawled from
index.html, robots.txt and the sitemap. Also checked here: the 404 page at any
depth in Chromium, the artifact rules of actions/upload-pages-artifact,
.nojekyll, CNAME and the `make github` (ghp-import) publishing branch.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser import CSP_RECORDER, chromium, csp_violations, default_styles
from tests.browser import unstyled_properties as unstyled
from tests.git_sandbox import isolated_git_env
from tests.site_builder import ROOT, build, copy_project, output_files
from tests.static_server import fetch, serve

SUBPATH = "/some-repo/"
# Generated files that no crawl from index.html can reach, and why:
NOT_LINKED = {
    # Answered by the server for every missing path; test_404_page_* load it.
    "404.html",
    # A marker for GitHub Pages (publish as is, no Jekyll), not a page.
    ".nojekyll",
    # The custom domain for GitHub Pages, written only when one is set.
    "CNAME",
}
# Missing addresses at several depths, each answered with 404.html.
MISSING = (
    "a/b/c/missing.html",
    "a/b/c/",
    "missing",
    "tag/a/b/nothing.html",
    "category/world/page-9.html",
)
# Elements and attributes that name another resource.
REFERENCES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"))


@dataclass
class Served:
    mode: str
    base: str  # ends with "/"
    output: Path


@dataclass
class Crawl:
    pages: set[str] = field(default_factory=set)
    assets: set[str] = field(default_factory=set)
    links: int = 0
    external: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


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


def html_references(url: str, soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(kind, absolute URL) for every reference in an HTML page."""
    base_tag = soup.find("base", href=True)
    base = urljoin(url, base_tag["href"]) if base_tag else url
    found = []
    for name, attribute in REFERENCES:
        for element in soup.find_all(name, attrs={attribute: True}):
            kind = " ".join([name, *element.get("rel", [])])
            found.append((kind, urljoin(base, element[attribute])))
    return found


def xml_references(body: bytes) -> list[tuple[str, str]]:
    """Sitemap <loc>, Atom <link href> and RSS <link> addresses."""
    found = []
    for element in ElementTree.fromstring(body).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "loc" or (name == "link" and not element.get("href")):
            found.append((name, (element.text or "").strip()))
        elif name == "link":
            found.append((name, element.get("href")))
    return found


def robots_references(body: bytes) -> list[tuple[str, str]]:
    lines = body.decode("utf-8").splitlines()
    return [
        ("robots sitemap", line.split(":", 1)[1].strip())
        for line in lines
        if line.lower().startswith("sitemap:")
    ]


def served_file(base: str, url: str) -> str:
    """The output file a URL under base is answered with."""
    relative = unquote(urlsplit(url).path)[len(urlsplit(base).path) :]
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def crawl(base: str, start: list[str]) -> Crawl:
    """Fetch every same-site address reachable from start; record what fails."""
    result = Crawl()
    origin = urlsplit(base)[:2]
    queue = deque((url, "start", "start") for url in start)
    seen: set[str] = set()
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url, kind, source = queue.popleft()
        result.links += kind != "start"
        target, fragment = urldefrag(url)
        if urlsplit(target).scheme == "data":
            continue  # inline content: nothing to fetch
        if urlsplit(target)[:2] != origin:
            # A link may lead to another site, and a canonical address is only
            # followed on this one; whatever a page loads must come from here.
            if kind.split()[0] == "a" or kind == "link canonical":
                result.external.add(target)
            else:
                result.problems.append(f"{source}: {kind} loads {target} from another site")
            continue
        if not target.startswith(base):
            result.problems.append(f"{source}: {kind} {target} is outside {base}")
            continue
        if fragment:
            fragments.append((target, fragment, source))
        if target in seen:
            continue
        seen.add(target)
        status, content_type, body = fetch(target)
        if status != 200:
            result.problems.append(f"{source}: {kind} {target} answered {status}")
            continue
        if content_type.startswith("text/html"):
            result.pages.add(served_file(base, target))
            soup = BeautifulSoup(body, "html5lib")
            ids[target] = {element["id"] for element in soup.find_all(id=True)}
            references = html_references(target, soup)
        else:
            result.assets.add(served_file(base, target))
            if target.endswith("robots.txt"):
                references = robots_references(body)
            elif "xml" in content_type:
                references = xml_references(body)
            else:
                references = []
        queue.extend((found, found_kind, target) for found_kind, found in references)
    for target, fragment, source in fragments:
        if target in ids and fragment not in ids[target]:
            result.problems.append(f"{source}: #{fragment} is not an id on {target}")
    return result


def report(mode: str, pages: int, links: int, assets: int) -> None:
    print(f"\n[{mode}] checked {pages} pages, {links} links, {assets} assets")


def test_every_address_resolves_and_every_file_is_reached(served):
    result = crawl(served.base, [served.base + "index.html", served.base + "robots.txt"])
    report(served.mode, len(result.pages), result.links, len(result.assets))
    assert result.problems == []
    reached = result.pages | result.assets
    generated = set(output_files(served.output))
    assert generated - reached - NOT_LINKED == set()
    assert reached <= generated
    # Only robots.txt names the sitemap, by its absolute address: reaching it
    # proves that address is this server's.
    assert "sitemap.xml" in result.assets


@pytest.mark.parametrize("missing", MISSING)
def test_missing_paths_are_answered_with_the_404_page(served, missing):
    status, content_type, body = fetch(served.base + missing)
    assert status == 404
    assert content_type.startswith("text/html")
    assert body == (served.output / "404.html").read_bytes()


@pytest.mark.browser
def test_404_page_is_styled_and_its_links_resolve_at_depth(served):
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

    with chromium() as browser:
        context = browser.new_context()
        context.add_init_script(CSP_RECORDER)
        context.on("requestfailed", lambda request: failed.append(request.url))
        context.on("response", record_error)
        defaults = default_styles(context)
        page = context.new_page()
        for url in urls:
            response = page.goto(url, wait_until="networkidle")
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
        if not address.startswith(served.base):
            problems.append(f"{url}: {address} is outside {served.base}")
        elif fetch(address)[0] != 200:
            problems.append(f"{url}: {address} does not answer 200")
    assert problems == []


def test_output_is_a_valid_pages_artifact(site):
    """actions/upload-pages-artifact takes only files and folders: no links."""
    entries = list(site.rglob("*"))
    assert entries
    for entry in entries:
        assert not entry.is_symlink(), entry
        assert entry.is_dir() or entry.is_file(), entry
        if entry.is_file():
            assert entry.stat().st_nlink == 1, f"{entry} is a hard link"


def test_nojekyll_is_published_and_cname_only_when_set(site):
    assert (site / ".nojekyll").is_file()
    assert not (site / "CNAME").exists()


def test_cname_is_written_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CNAME", "news.example.org")
    result = build(copy_project(tmp_path / "project"), siteurl="https://news.example.org")
    assert result.returncode == 0, result.log
    assert (result.output / "CNAME").read_text(encoding="utf-8").strip() == "news.example.org"
    assert (result.output / ".nojekyll").is_file()


def makefile_github_command(output: str) -> list[str]:
    """The ghp-import command of `make github`, read from the Makefile."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("github:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().lstrip("@"))
    command = next(line for line in recipe if "ghp_import" in line)
    command = command.replace("$(PY)", shlex.quote(sys.executable))
    command = command.replace("$(OUTPUTDIR)", shlex.quote(output))
    assert "$(" not in command, command
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
    (repo / ".gitignore").write_text("/output/\n", encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Sources")
    main_before = git(repo, "rev-parse", "main")
    result = build(repo, output=repo / "output")
    assert result.returncode == 0, result.log

    published = subprocess.run(
        makefile_github_command("output"),
        cwd=repo,
        capture_output=True,
        text=True,
        env=isolated_git_env(repo.parent),
    )
    assert published.returncode == 0, published.stdout + published.stderr

    tree = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    assert {"index.html", ".nojekyll"} <= tree
    assert tree == set(output_files(repo / "output"))
    assert git(repo, "show", "gh-pages:index.html") == (repo / "output/index.html").read_text(
        encoding="utf-8"
    )
    # The sources branch and the working tree are untouched.
    assert git(repo, "rev-parse", "main") == main_before
    assert git(repo, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert git(repo, "status", "--porcelain") == ""
