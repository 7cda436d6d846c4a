"""Feed entries that carry the metadata as the plain text it is, in valid
Atom (RFC 4287) and RSS 2.0. Pelican makes each feed; ``correct_feed``
corrects it before it is written (newsarchive.plugins.plain_text_feeds):

- Titles: Pelican's ``striptags()`` would turn ``a <b> c`` into ``a c``.
  Atom titles are text; RSS titles, read as HTML, are escaped once.
- Summaries are text here, but both formats carry them as HTML: escaped once.
- Authors (RFC 4287 §4.1.1): the source names no person, so an entry's author
  is the article's ``Publisher`` and the feed's, standing in for any entry
  without one, is ``SITENAME``. RSS has none: its <author> is an email address.
- RSS ``guid``: a ``tag:`` URI, no address to open, so ``isPermaLink="false"``.
- Language: the one all entries share, else ``DEFAULT_LANG``. Each Atom entry
  also says its own, as ``xml:lang`` (newsarchive.feed_formats). RSS 2.0 has
  no language per item: the HTML description of an item in another language
  than the channel's is wrapped in a ``<div>`` with its ``lang`` and ``dir``.
"""

from __future__ import annotations

from urllib.parse import unquote

from markupsafe import escape

from newsarchive.feed_formats import is_rss, take_over
from newsarchive.text_direction import lang_attributes, same_language

FEED_REF = "?ref=feed"  # what FEED_APPEND_REF adds to each link
# The context key of the build's articles by feed link, made once a build:
# an archive of thousands writes hundreds of feed documents.
BY_LINK = "FEED_ARTICLES_BY_LINK"


def in_language(html: str, lang: str) -> str:
    """HTML that says its language and direction (for RSS, which cannot)."""
    return f"<div{lang_attributes(lang, None)}>{html}</div>"


def articles_by_link(context: dict, site_link: str) -> dict:
    """Every article that can appear in a feed, by the link Pelican gives it."""
    cached = context.get(BY_LINK)
    if cached and cached[0] == site_link and cached[1] is context.get("articles"):
        return cached[2]
    found = {}
    for article in context.get("articles", []):
        for version in (article, *getattr(article, "translations", [])):
            found[unquote(site_link + version.url)] = version
    context[BY_LINK] = (site_link, context.get("articles"), found)
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
    rss = is_rss(feed)
    articles = feed_articles(context, feed)
    languages = {article.lang for article in articles}
    feed.feed["language"] = languages.pop() if len(languages) == 1 else context["DEFAULT_LANG"]
    take_over(feed)
    if not rss:
        feed.feed["author_name"] = context["SITENAME"]
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
