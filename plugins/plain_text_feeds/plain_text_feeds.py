"""Feeds that carry each article's metadata as the plain text it is.

Pelican writes the feeds its settings ask for (``FEED_ALL_ATOM``,
``TAG_FEED_RSS``, ``FEED_MAX_ITEMS``, ``RSS_FEED_SUMMARY_ONLY``, ...); this
plugin corrects each feed on Pelican's ``feed_generated`` signal, after its
entries are added and before it is written:

- Titles: Pelican passes them through ``Markup(...).striptags()``, which drops
  anything that looks like a tag and decodes entities, so ``a <b> c`` would
  reach readers changed. Atom titles (type text) get the title as it is; RSS
  titles, which readers decode as HTML, get it escaped once.
- Summaries: metadata is plain text here, but both formats carry the summary
  as HTML; it is escaped once.
"""

from __future__ import annotations

from urllib.parse import unquote

from feedgenerator import Rss201rev2Feed
from markupsafe import escape
from pelican import signals

FEED_REF = "?ref=feed"  # what FEED_APPEND_REF adds to each link


def articles_by_link(context: dict, site_link: str) -> dict:
    """Every article that can appear in a feed, by the link Pelican gives it."""
    found = {}
    for article in context.get("articles", []):
        for version in (article, *getattr(article, "translations", [])):
            found[unquote(site_link + version.url)] = version
    return found


def plain_summary(article, settings: dict) -> str | None:
    """The summary escaped into HTML, when it is metadata given as text."""
    if "summary" in article.metadata and "summary" not in settings["FORMATTED_FIELDS"]:
        return str(escape(article.metadata["summary"]))
    return None


def correct_feed(context: dict, feed) -> None:
    rss = isinstance(feed, Rss201rev2Feed)
    by_link = articles_by_link(context, feed.feed["link"])
    for item in feed.items:
        link = unquote(item["link"].removesuffix(FEED_REF))
        if link not in by_link:
            raise LookupError(f"feed entry {link} matches no article of the site")
        article = by_link[link]
        summary = plain_summary(article, context)
        if rss:
            item["title"] = str(escape(article.title))
            if summary and context.get("RSS_FEED_SUMMARY_ONLY"):
                item["description"] = summary
        else:
            item["title"] = article.title
            # Pelican gives an article without an author an empty one.
            item["author_name"] = None
            if summary and item["description"] is not None:
                item["description"] = summary


def register() -> None:
    signals.feed_generated.connect(correct_feed)
