"""Write each article that records its Source_sha256 a second time, as one
self-contained HTML file (template ``article_standalone.html``, named by
STANDALONE_SAVE_AS): it loads nothing, links to the canonical site, and
records in its <head> where the text came from, so it can be saved, mailed
and archived on its own. Without the checksum it could not say what it was
built from.
"""

from __future__ import annotations

import base64
from itertools import chain
from pathlib import Path

import pelican
from pelican import signals

from newsarchive.plugins.copies import absolute_site_url, copy_name

TEMPLATE = "article_standalone"
FAVICON = Path("static") / "favicon.svg"


def data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def add_template_globals(generator) -> None:
    favicon = (Path(generator.theme) / FAVICON).read_bytes()
    generator.env.globals["favicon_data_uri"] = data_uri(favicon, "image/svg+xml")
    generator.env.globals["pelican_version"] = pelican.__version__


def mark_copyable(content) -> None:
    if name := copy_name(content, "STANDALONE_SAVE_AS"):
        content.standalone_url = name


def write_standalone_copies(generator, writer) -> None:
    template = generator.get_template(TEMPLATE)
    site_url = absolute_site_url(generator.settings)
    context = generator.context
    # The writer keeps the last page's link base in the shared context, where
    # the article body reads it; give it back once the copies are written.
    previous = context.get("localsiteurl")
    try:
        for article in chain(generator.articles, generator.hidden_articles):
            if not getattr(article, "standalone_url", None):
                continue
            writer.write_file(
                article.standalone_url,
                template,
                context,
                relative_urls=False,
                article=article,
                category=article.category,
                SITEURL=site_url,
                localsiteurl=site_url,
                # The copy has no link to download itself.
                standalone_copy=True,
            )
    finally:
        context["localsiteurl"] = previous


def register() -> None:
    signals.generator_init.connect(add_template_globals)
    signals.content_object_init.connect(mark_copyable)
    signals.article_writer_finalized.connect(write_standalone_copies)
