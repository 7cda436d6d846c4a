"""The site's feed as RFC 5005 archived feeds (newsarchive.feed_archive): the
chain is worked out once the articles are read, each document gets its links
as Pelican makes it, the archive documents are written with the articles,
and every feed document is measured as it is written."""

from __future__ import annotations

from pelican import signals

from newsarchive.feed_archive import add_history, check_written, plan_build, write_archives


def register() -> None:
    signals.article_generator_finalized.connect(plan_build)
    signals.feed_generated.connect(add_history)
    signals.article_writer_finalized.connect(write_archives)
    signals.feed_written.connect(check_written)
