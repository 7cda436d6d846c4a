"""Which way a language's text runs: the one rule the templates, the feeds and
the EPUB book share.

A language tag (BCP 47, such as ``ar``, ``fa-IR`` or ``pa-Arab``) is read by
its script subtag when it has one, else by its primary language subtag,
whatever the case: ``pa-Arab`` (Punjabi in Shahmukhi) runs right to left,
``sd-Deva`` (Sindhi in Devanagari) left to right.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

# Languages whose usual script runs right to left: Arabic, Aramaic, South
# Azerbaijani, Central Kurdish (Sorani), Dhivehi, Persian, Hebrew, Luri,
# Mazanderani, N'Ko, Pashto, Sindhi, Syriac, Uyghur, Urdu, Yiddish.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "azb", "ckb", "dv", "fa", "he", "lrc", "mzn", "nqo", "ps", "sd", "syr", "ug",
     "ur", "yi"}
)  # fmt: skip
# ISO 15924 codes of the scripts that run right to left, for tags that name
# their script: Adlam, Arabic, Imperial Aramaic, Hebrew, Mandaic, N'Ko,
# Hanifi Rohingya, Samaritan, Syriac, Thaana, Yezidi.
RTL_SCRIPTS = frozenset(
    {"adlm", "arab", "armi", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)
# Unicode bidirectional classes of right-to-left letters.
RTL_CLASSES = frozenset({"R", "AL"})


# Every page asks these of the same few language tags and term names, so each
# answer is worked out once per build, not once per page: they depend on
# their arguments alone.
@lru_cache(maxsize=256)
def subtags(lang: str | None) -> tuple[str, ...]:
    return tuple((lang or "").strip().replace("_", "-").lower().split("-"))


@lru_cache(maxsize=256)
def text_direction(lang: str | None) -> str:
    """The direction of the language: "rtl" when written right to left, else "ltr"."""
    tags = subtags(lang)
    script = next((tag for tag in tags[1:3] if len(tag) == 4 and tag.isalpha()), None)
    if script:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if tags[0] in RTL_LANGUAGES else "ltr"


def same_language(lang: str | None, other: str | None) -> bool:
    return subtags(lang) == subtags(other)


@lru_cache(maxsize=256)
def lang_attributes(lang: str | None, within: str | None, direction: bool = True) -> Markup:
    """` lang="…" dir="…"` for text in `lang` inside text in `within`, or
    nothing when both are the same language. Without `direction`, only
    lang: for a line whose runs keep their order in either direction."""
    if not lang or same_language(lang, within):
        return Markup("")
    attributes = Markup(' lang="{}"').format(lang)
    if direction:
        attributes += Markup(' dir="{}"').format(text_direction(lang))
    return attributes


@lru_cache(maxsize=4096)
def holds_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in RTL_CLASSES for character in text)


def isolated(text, lang: str | None = None, within: str | None = None) -> Markup:
    """The text set apart in a <bdi>, so that its direction cannot reorder the
    words and punctuation around it, when it needs to be: when it is in
    another language than its surroundings (`lang` and `within`), or, its
    language unknown (a tag, a category), when it holds right-to-left
    letters. Otherwise the text as it is: an isolate where none is needed
    would still shift the Latin glyphs around it by fractions of a pixel."""
    markup = escape(text)
    if lang and within:
        if same_language(lang, within):
            return markup
        return Markup('<bdi lang="{}">{}</bdi>').format(lang, markup)
    if holds_rtl_letters(str(text)):
        return Markup("<bdi>{}</bdi>").format(markup)
    return markup
