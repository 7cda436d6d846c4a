"""Links between the files of a built site, read from disk."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from markdown import Markdown

from tests.site_builder import TEST_SITEURL


def local_targets(page: Path, site: Path) -> set[Path]:
    """Files of the site that page links to with <a href>."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    targets = set()
    for anchor in soup.find_all("a", href=True):
        parts = urlsplit(anchor["href"])
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if site in target.parents:
            targets.add(target)
    return targets


def reachable_pages(site: Path, start: str = "index.html") -> set[Path]:
    """Every file reached by following links from start."""
    site = site.resolve()
    seen: set[Path] = set()
    queue = [site / start]
    while queue:
        page = queue.pop()
        if page in seen or not page.is_file():
            continue
        seen.add(page)
        if page.suffix == ".html":
            queue.extend(local_targets(page, site) - seen)
    return seen


def content_metadata(project: Path) -> list[dict[str, str]]:
    """The raw metadata of every article file of a project."""
    md = Markdown(extensions=["meta"])
    records = []
    for path in sorted((project / "content").glob("*.md")):
        md.reset()
        md.convert(path.read_text(encoding="utf-8"))
        records.append({key: "\n".join(value) for key, value in md.Meta.items()})
    return records


def article_pages(site: Path, siteurl: str = TEST_SITEURL) -> dict[str, Path]:
    """Pages that present an article at its own canonical address, by slug."""
    pages = {}
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        og_type = soup.find("meta", property="og:type")
        canonical = soup.find("link", rel="canonical")
        own_address = f"{siteurl}/{page.relative_to(site)}"
        if og_type and og_type["content"] == "article" and canonical["href"] == own_address:
            assert page.stem not in pages, f"two pages for {page.stem}"
            pages[page.stem] = page
    return pages
