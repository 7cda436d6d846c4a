"""The sitemap of the site, at any size (sitemaps.org protocol 0.9), and the
robots.txt that names it.

One sitemap holds at most 50,000 addresses and 50 MB (52,428,800 bytes)
uncompressed. Past either limit (SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES), the
file named by SITEMAP_SAVE_AS becomes a sitemap index, and the addresses go
into sitemaps beside it, ``sitemap-1.xml``, ``sitemap-2.xml``, ..., each
within both limits. Built here, not from Jinja templates: neither is a page a
reader sees.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import PurePosixPath

from newsarchive.iri import iri_to_uri

MAX_URLS = 50_000
MAX_BYTES = 52_428_800
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# The context key of the files the build writes, by name, the first the one
# robots.txt and the pages name.
FILES = "SITEMAP_FILES"

Entry = tuple[str, str | None]  # address relative to the site, last modification


def sitemap_entries(context: dict) -> list[Entry]:
    """(address relative to the site, last modification or None), in order:
    the listings, each category, each tag by name, each article."""
    entries: list[Entry] = [
        (context[name], None)
        for name in ("INDEX_SAVE_AS", "ARCHIVES_URL", "CATEGORIES_URL", "TAGS_URL")
    ]
    entries += [(category.url, None) for category, _ in context["categories"]]
    entries += [(tag.url, None) for tag, _ in sorted(context["tags"], key=lambda t: t[0].name)]
    for article in context["articles"]:
        changed = getattr(article, "modified", None) or article.date
        entries.append((article.url, changed.isoformat()))
    return entries


def element(kind: str, site_url: str, address: str, modified: str | None) -> str:
    """One <url> or <sitemap>: a <loc> is a URI, so a name in another script
    is percent-encoded."""
    lastmod = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
    return f"<{kind}><loc>{escape(iri_to_uri(f'{site_url}/{address}'))}</loc>{lastmod}</{kind}>"


def document(root: str, lines: list[str]) -> str:
    opening = f'<{root} xmlns="{NAMESPACE}">'
    return "\n".join([XML_DECLARATION, opening, *lines, f"</{root}>"]) + "\n"


def part_name(save_as: str, number: int) -> str:
    path = PurePosixPath(save_as)
    return str(path.with_name(f"{path.stem}-{number}{path.suffix}"))


def split(lines: list[str], max_urls: int, max_bytes: int) -> list[range]:
    """Runs of the lines, in order, that each fit one sitemap."""
    fixed = len(document("urlset", []).encode("utf-8"))
    starts = [0]
    size = fixed
    for number, line in enumerate(lines):
        grown = size + len(line.encode("utf-8")) + 1
        if number > starts[-1] and (number - starts[-1] >= max_urls or grown > max_bytes):
            starts.append(number)
            grown = fixed + len(line.encode("utf-8")) + 1
        size = grown
    return [range(a, b) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def sitemap_files(
    site_url: str,
    entries: list[Entry],
    save_as: str,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> dict[str, str]:
    """Each file to write, by name: one sitemap, or an index first and then
    its sitemaps, each dated by the newest address it lists."""
    lines = [element("url", site_url, *entry) for entry in entries]
    runs = split(lines, max_urls, max_bytes)
    if len(runs) == 1:
        return {save_as: document("urlset", lines)}
    parts = {part_name(save_as, number): run for number, run in enumerate(runs, start=1)}
    index = []
    for name, run in parts.items():
        dates = [entries[i][1] for i in run if entries[i][1]]
        newest = max(dates, key=datetime.fromisoformat, default=None)
        index.append(element("sitemap", site_url, name, newest))
    files = {save_as: document("sitemapindex", index)}
    for name, run in parts.items():
        files[name] = document("urlset", lines[run.start : run.stop])
    return files


def robots_txt(site_url: str, sitemap: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/{sitemap}\n"
