"""Give each article ``reading_minutes``, counted once when it is read.

Counting in the template would repeat the work for every page that shows the
article (its page and its one-file copy), on its whole rendered HTML.

With Pelican's content cache settings on, counts are also kept in Pelican's
file cache (``ReadingTime`` in ``CACHE_PATH``), by article, with a digest of
its HTML and of this module: an article read from Pelican's cache is not
counted again.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.contents import Article

WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
# Counts made by other code (another regex, another rate) do not count.
_CODE = hashlib.sha256(Path(__file__).read_bytes()).digest()

# The running build's counts, when its settings keep them.
_counts: list[FileDataCacher] = []


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    words = len(_WORD.findall(_TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(content) -> None:
    if not isinstance(content, Article):
        return
    if not _counts:
        content.reading_minutes = reading_minutes(content._content)
        return
    counts = _counts[0]
    html = content._content.encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(_CODE + html, digest_size=16).hexdigest()
    known = counts.get_cached_data(content.source_path, None)
    if known and known[0] == digest:
        minutes = known[1]
    else:
        minutes = reading_minutes(content._content)
        counts.cache_data(content.source_path, (digest, minutes))
    content.reading_minutes = minutes


def open_counts(pelican_object) -> None:
    settings = pelican_object.settings
    _counts.clear()
    if settings.get("LOAD_CONTENT_CACHE") or settings.get("CACHE_CONTENT"):
        _counts.append(
            FileDataCacher(
                settings,
                "ReadingTime",
                caching_policy=bool(settings.get("CACHE_CONTENT")),
                load_policy=bool(settings.get("LOAD_CONTENT_CACHE")),
            )
        )


def save_counts(pelican_object) -> None:
    for counts in _counts:
        counts.save_cache()


def register() -> None:
    signals.initialized.connect(open_counts)
    signals.content_object_init.connect(add_reading_time)
    signals.finalized.connect(save_counts)
