"""A ``reading_minutes`` template filter: the minutes an article's HTML takes
to read, at READING_WORDS_PER_MINUTE (default 230).

Words are what is left between whitespace once the tags are gone; one
regular expression and a split, cheap enough for every article page.
"""

from __future__ import annotations

import math
import re

from pelican import signals

DEFAULT_WORDS_PER_MINUTE = 230
TAG = re.compile(r"<[^>]*>")


def reading_minutes(html: str, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    words = len(TAG.sub(" ", str(html)).split())
    return max(1, math.ceil(words / words_per_minute))


def add_filter(generator) -> None:
    rate = generator.settings.get("READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    generator.env.filters["reading_minutes"] = lambda html: reading_minutes(html, rate)


def register() -> None:
    signals.generator_init.connect(add_filter)
