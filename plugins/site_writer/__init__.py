"""The site's writer: feeds that keep metadata as plain text (``feeds``), and
pages left as they are when nothing they are made from changed
(``page_cache``, with Pelican's content cache settings)."""

from pelican import signals

from .page_cache import PageCacheWriter, save_manifests


def get_writer(pelican_object) -> type[PageCacheWriter]:
    return PageCacheWriter


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(save_manifests)


__all__ = ["PageCacheWriter", "register"]
