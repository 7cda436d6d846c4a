"""sitemap.xml, and robots.txt naming it (SITEMAP_SAVE_AS, ROBOTS_SAVE_AS;
empty writes none). Built here, not from Jinja templates: neither is a page a
reader sees, and compiling their templates cost a one-article build more
than anything else in it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pelican import signals

from newsarchive.iri import iri_to_uri
from newsarchive.plugins.copies import absolute_site_url


def sitemap_entries(context: dict) -> list[tuple[str, str | None]]:
    """(address relative to the site, last modification or None), in order:
    the listings, each category, each tag by name, each article."""
    entries: list[tuple[str, str | None]] = [
        (context[name], None)
        for name in ("INDEX_SAVE_AS", "ARCHIVES_URL", "CATEGORIES_URL", "TAGS_URL")
    ]
    entries += [(category.url, None) for category, _ in context["categories"]]
    entries += [(tag.url, None) for tag, _ in sorted(context["tags"], key=lambda t: t[0].name)]
    for article in context["articles"]:
        changed = getattr(article, "modified", None) or article.date
        entries.append((article.url, changed.isoformat()))
    return entries


def sitemap_xml(site_url: str, entries: list[tuple[str, str | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for address, modified in entries:
        lastmod = f"<lastmod>{escape(modified)}</lastmod>" if modified else ""
        # A <loc> is a URI: a name in another script is percent-encoded.
        loc = escape(iri_to_uri(f"{site_url}/{address}"))
        lines.append(f"<url><loc>{loc}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, sitemap: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/{sitemap}\n"


def write_files(generator, writer) -> None:
    settings = generator.settings
    site_url = absolute_site_url(settings)
    sitemap = settings.get("SITEMAP_SAVE_AS")
    robots = settings.get("ROBOTS_SAVE_AS")
    output = Path(writer.output_path)
    if sitemap:
        xml = sitemap_xml(site_url, sitemap_entries(generator.context))
        (output / sitemap).write_text(xml, encoding="utf-8")
    if robots and sitemap:
        (output / robots).write_text(robots_txt(site_url, sitemap), encoding="utf-8")


def register() -> None:
    signals.article_writer_finalized.connect(write_files)
