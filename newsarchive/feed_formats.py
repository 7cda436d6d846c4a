"""The Atom and RSS documents the site writes: Pelican's feedgenerator classes,
with what they lack for this archive.

- Atom entries say their own language (``xml:lang``, RFC 4287 §2), from the
  ``language`` their item names.
- Feed paging and archiving (RFC 5005): a document may carry ``history``
  links (``current``, ``prev-archive``, ``next-archive``) and, when it is an
  archive document, the ``fh:archive`` element. Atom writes them as its own
  links; RSS 2.0 as ``atom:link``, beside the ``fh:archive`` element, as
  RFC 5005's Appendix B shows. An archive document with no entries yet
  (the newest, when the one before it has just filled) is dated by the
  ``updated_when_empty`` its feed names.

Pelican creates each feed; ``take_over`` gives it these classes before it is
written, so every other choice stays Pelican's.
"""

from __future__ import annotations

from feedgenerator import Atom1Feed, Rss201rev2Feed

# RFC 5005's namespace for fh:archive (and fh:complete).
FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0"


class FeedHistory:
    """RFC 5005's links and fh:archive, written after the document's own
    head, and the date of a document with no entries: feedgenerator would
    take the clock's, and the archive's bytes would change with every build."""

    feed: dict
    items: list
    history_link = "link"  # the element each history link is written as

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        for rel, href in self.feed.get("history", ()):
            handler.addQuickElement(self.history_link, None, {"rel": rel, "href": href})
        if self.feed.get("archive"):
            handler.addQuickElement("fh:archive", None)

    def latest_post_date(self):
        if not self.items and self.feed.get("updated_when_empty"):
            return self.feed["updated_when_empty"]
        return super().latest_post_date()


class AtomFeed(FeedHistory, Atom1Feed):
    def root_attributes(self) -> dict:
        attributes = super().root_attributes()
        if self.feed.get("archive"):
            attributes["xmlns:fh"] = FEED_HISTORY_NS
        return attributes

    def item_attributes(self, item: dict) -> dict:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class RssFeed(FeedHistory, Rss201rev2Feed):
    history_link = "atom:link"

    def rss_attributes(self) -> dict:
        attributes = super().rss_attributes()
        if self.feed.get("archive"):
            attributes["xmlns:fh"] = FEED_HISTORY_NS
        return attributes


def take_over(feed) -> None:
    """Write the feed Pelican made with this module's class of its format."""
    if type(feed) is Atom1Feed:
        feed.__class__ = AtomFeed
    elif type(feed) is Rss201rev2Feed:
        feed.__class__ = RssFeed


def is_rss(feed) -> bool:
    return isinstance(feed, Rss201rev2Feed)
