"""Give each article ``reading_minutes``, counted once when it is read.

Counting in the template would repeat the work for every page that shows the
article (its page and its one-file copy), on its whole rendered HTML.
"""

from __future__ import annotations

import math
import re

from pelican import signals
from pelican.contents import Article

WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    words = len(_WORD.findall(_TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(content) -> None:
    if isinstance(content, Article):
        content.reading_minutes = reading_minutes(content._content)


def register() -> None:
    signals.content_object_init.connect(add_reading_time)
