"""The sitemap (newsarchive.sitemaps; SITEMAP_SAVE_AS, and past
SITEMAP_MAX_URLS or SITEMAP_MAX_BYTES a sitemap index with sitemaps under it),
and robots.txt naming it (ROBOTS_SAVE_AS); an empty setting writes none. The
files are worked out once the articles are read, so the manifest can name
them, and written with the articles."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from newsarchive.plugins.copies import absolute_site_url
from newsarchive.sitemaps import FILES, MAX_BYTES, MAX_URLS, robots_txt, sitemap_entries
from newsarchive.sitemaps import sitemap_files as plan_files


def plan_sitemaps(generator) -> None:
    settings = generator.settings
    save_as = settings.get("SITEMAP_SAVE_AS")
    generator.context[FILES] = save_as and plan_files(
        absolute_site_url(settings),
        sitemap_entries(generator.context),
        save_as,
        settings.get("SITEMAP_MAX_URLS", MAX_URLS),
        settings.get("SITEMAP_MAX_BYTES", MAX_BYTES),
    )


def write_files(generator, writer) -> None:
    settings = generator.settings
    files = dict(generator.context[FILES] or {})
    if files and settings.get("ROBOTS_SAVE_AS"):
        robots = robots_txt(absolute_site_url(settings), settings["SITEMAP_SAVE_AS"])
        files[settings["ROBOTS_SAVE_AS"]] = robots
    for name, text in files.items():
        destination = Path(writer.output_path, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")


def register() -> None:
    signals.article_generator_finalized.connect(plan_sitemaps)
    signals.article_writer_finalized.connect(write_files)
