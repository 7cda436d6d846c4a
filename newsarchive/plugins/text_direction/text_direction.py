"""Give templates the project's one rule for text direction
(newsarchive.text_direction): ``text_direction`` (a language tag to "rtl" or
"ltr"), ``lang_attributes`` (the lang and dir attributes of text in one
language set inside text in another, or nothing when they are the same) and
``isolated`` (text in a <bdi> where its direction could reorder what is around
it), as filters and globals. The EPUB book renders with the same environment.
"""

from __future__ import annotations

from pelican import signals

from newsarchive.text_direction import isolated, lang_attributes, text_direction

HELPERS = {
    "text_direction": text_direction,
    "lang_attributes": lang_attributes,
    "isolated": isolated,
}


def add_helpers(generator) -> None:
    generator.env.filters.update(HELPERS)
    generator.env.globals.update(HELPERS)


def register() -> None:
    signals.generator_init.connect(add_helpers)
