"""Valid Atom (RFC 4287) and RSS 2.0 feeds that carry the metadata as the
plain text it is. Pelican writes the feeds its settings ask for; this corrects
each on Pelican's ``feed_generated`` signal, before it is written:

- Titles: Pelican's ``striptags()`` would turn ``a <b> c`` into ``a c``.
  Atom titles are text; RSS titles, read as HTML, are escaped once.
- Summaries are text here, but both formats carry them as HTML: escaped once.
- Authors (RFC 4287 §4.1.1): the source names no person, so an entry's author
  is the article's ``Publisher`` and the feed's, standing in for any entry
  without one, is ``SITENAME``. RSS has none: its <author> is an email address.
- RSS ``guid``: a ``tag:`` URI, no address to open, so ``isPermaLink="false"``.
- Language: the one all entries share, else ``DEFAULT_LANG``. Each Atom entry
  also says its own, as ``xml:lang`` (RFC 4287 §2), written by a feedgenerator
  Atom1Feed whose ``item_attributes`` hook adds it. RSS 2.0 has no language per
  item: the HTML description of an item in another language than the channel's
  is wrapped in a ``<div>`` with its ``lang`` and ``dir``.
"""

from __future__ import annotations

from urllib.parse import unquote

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import escape
from pelican import signals

from newsarchive.text_direction import lang_attributes, same_language

FEED_REF = "?ref=feed"  # what FEED_APPEND_REF adds to each link


class EntryLanguageAtom1Feed(Atom1Feed):
    """Atom whose entries carry the language their item names (xml:lang)."""

    def item_attributes(self, item: dict) -> dict:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


def in_language(html: str, lang: str) -> str:
    """HTML that says its language and direction (for RSS, which cannot)."""
    return f"<div{lang_attributes(lang, None)}>{html}</div>"


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


def feed_articles(context: dict, feed) -> list:
    """The article behind each entry of the feed, in order."""
    by_link = articles_by_link(context, feed.feed["link"])
    found = []
    for item in feed.items:
        link = unquote(item["link"].removesuffix(FEED_REF))
        if link not in by_link:
            raise LookupError(f"feed entry {link} matches no article of the site")
        found.append(by_link[link])
    return found


def correct_feed(context: dict, feed) -> None:
    rss = isinstance(feed, Rss201rev2Feed)
    articles = feed_articles(context, feed)
    languages = {article.lang for article in articles}
    feed.feed["language"] = languages.pop() if len(languages) == 1 else context["DEFAULT_LANG"]
    if not rss:
        feed.feed["author_name"] = context["SITENAME"]
        # Pelican makes the feed; the subclass only adds each entry's xml:lang.
        if type(feed) is Atom1Feed:
            feed.__class__ = EntryLanguageAtom1Feed
    for item, article in zip(feed.items, articles, strict=True):
        summary = plain_summary(article, context)
        if rss:
            item["title"] = str(escape(article.title))
            item["unique_id_is_permalink"] = False
            if summary and context.get("RSS_FEED_SUMMARY_ONLY"):
                item["description"] = summary
        else:
            item["title"] = article.title
            # None leaves the entry to the feed's author (Pelican gives an
            # empty one, which RFC 4287 does not allow).
            item["author_name"] = article.metadata.get("publisher")
            item["language"] = article.lang
            if summary and item["description"] is not None:
                item["description"] = summary
        if rss and item["description"] and not same_language(article.lang, feed.feed["language"]):
            item["description"] = in_language(item["description"], article.lang)


def register() -> None:
    signals.feed_generated.connect(correct_feed)
