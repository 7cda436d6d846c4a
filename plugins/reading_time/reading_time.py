"""Give each article ``reading_minutes``, counted once when it is read.

Counting in the template would repeat the work for every page that shows the
article (its page and its one-file copy), on its whole rendered HTML.

With Pelican's content cache settings on, counts are also kept in the cache
folder, keyed by a digest of the article's HTML: an article read from
Pelican's cache is not counted again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from pathlib import Path

from pelican import signals
from pelican.contents import Article

WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
CACHE_NAME = "reading_time.json"

# Counts by HTML digest: those of the last build, then those of this one.
_known: dict[str, int] = {}
_counted: dict[str, int] = {}


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    words = len(_WORD.findall(_TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def html_digest(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def add_reading_time(content) -> None:
    if not isinstance(content, Article):
        return
    digest = html_digest(content._content)
    minutes = _known.get(digest)
    if minutes is None:
        minutes = reading_minutes(content._content)
    _counted[digest] = minutes
    content.reading_minutes = minutes


def code_digest() -> str:
    """Counts made by other code (another regex, another rate) do not count."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def cache_file(settings: dict) -> Path:
    return Path(settings["CACHE_PATH"]) / CACHE_NAME


def load_counts(pelican_object) -> None:
    _known.clear()
    _counted.clear()
    settings = pelican_object.settings
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    try:
        saved = json.loads(cache_file(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(saved, dict) and saved.get("code") == code_digest():
        counts = saved.get("minutes")
        if isinstance(counts, dict):
            _known.update(counts)


def save_counts(pelican_object) -> None:
    settings = pelican_object.settings
    if not settings.get("CACHE_CONTENT"):
        return
    path = cache_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    data = {"code": code_digest(), "minutes": _counted}
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def register() -> None:
    signals.initialized.connect(load_counts)
    signals.content_object_init.connect(add_reading_time)
    signals.finalized.connect(save_counts)
