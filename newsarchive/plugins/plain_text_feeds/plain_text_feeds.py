"""Valid Atom and RSS feeds that carry the metadata as the plain text it is
(newsarchive.feed_entries), corrected on Pelican's ``feed_generated`` signal
before each feed is written."""

from __future__ import annotations

from pelican import signals

from newsarchive.feed_entries import correct_feed


def register() -> None:
    signals.feed_generated.connect(correct_feed)
