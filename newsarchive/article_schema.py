"""The metadata schema of an article, as a table: one row per field, saying
whether it is required and what its value must be.

Each check takes the raw value and Pelican's settings and returns the
problems it finds, as sentences that follow the field's name.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from pelican.urlwrappers import Category, Tag, URLWrapper

Check = Callable[[str, dict], list[str]]

# Complete calendar date, a time and an explicit offset: nothing left for a
# parser to guess.
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})"
)
STATUSES = ("published", "draft", "hidden")
# Control, surrogate and unassigned characters; a line break is allowed.
FORBIDDEN_CATEGORIES = ("Cc", "Cs", "Cn")


def complete_datetime(value: str, settings: dict) -> list[str]:
    if not ISO_DATETIME.fullmatch(value):
        return [
            f"{value!r} is not a complete ISO 8601 date-time with a timezone "
            "(for example 2014-07-08T09:30:00-04:00)"
        ]
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        return [f"{value!r} is not a real date: {error}"]
    return []


def matching(pattern: str, problem: str) -> Check:
    """A check that the whole value matches pattern; problem names {value}."""
    compiled = re.compile(pattern)
    return lambda value, settings: (
        [] if compiled.fullmatch(value) else [problem.format(value=value)]
    )


slug_form = matching(
    r"[a-z0-9]+(-[a-z0-9]+)*", "{value!r} must be lowercase letters, digits and single hyphens"
)
language_tag = matching(
    r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", "{value!r} is not a language tag such as en or en-GB"
)
sha256_hex = matching(
    r"[0-9a-f]{64}", "{value!r} is not a SHA-256 digest (64 lowercase hex characters)"
)


def one_of_statuses(value: str, settings: dict) -> list[str]:
    if value.lower() in STATUSES:
        return []
    return [f"{value!r} is not one of {', '.join(STATUSES)}"]


def absolute_http_url(value: str, settings: dict) -> list[str]:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and " " not in value:
        return []
    return [f"{value!r} is not an absolute http(s) URL"]


@contextmanager
def wrapper_warnings_held() -> Iterator[None]:
    """Keep back what Pelican's URL wrappers warn about (a name that gives
    no slug): the schema reports it as a problem of the file and field it
    came from, and the build would fail on the warning itself."""

    def hold(record: logging.LogRecord) -> bool:
        return False

    logger = logging.getLogger(URLWrapper.__module__)
    logger.addFilter(hold)
    try:
        yield
    finally:
        logger.removeFilter(hold)


def address_problems(wrapper: type[URLWrapper], name: str, settings: dict) -> list[str]:
    """Problems with the address Pelican gives a category or tag of this name.
    Names repeat from file to file: each is checked once (TERMS)."""
    with wrapper_warnings_held():
        slug = wrapper(name, settings).slug
    if not slug:
        kind = wrapper.__name__.lower()
        return [f"{kind} {name!r} gives an empty address; use letters or digits"]
    return []


def tag_names(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",")]


def tag_list(value: str, settings: dict) -> list[str]:
    if all(tag_names(value)):
        return []
    return ["has an empty tag (check the commas)"]


def text_problems(value: str) -> list[str]:
    """Every field: printable text (isprintable() is a quick pass for it)."""
    if value.isprintable():
        return []
    bad = {c for c in value if unicodedata.category(c) in FORBIDDEN_CATEGORIES} - {"\n"}
    if not bad:
        return []
    codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(bad))
    return [f"contains control or unassigned characters ({codes})"]


@dataclass(frozen=True)
class Field:
    required: bool = False
    check: Check | None = None


FIELDS: dict[str, Field] = {
    "title": Field(required=True),
    "date": Field(required=True, check=complete_datetime),
    "category": Field(required=True),
    "slug": Field(required=True, check=slug_form),
    "summary": Field(required=True),
    "modified": Field(check=complete_datetime),
    "tags": Field(check=tag_list),
    "lang": Field(check=language_tag),
    "status": Field(check=one_of_statuses),
    "publisher": Field(),
    "original_url": Field(check=absolute_http_url),
    "photo_alt": Field(),
    "photo_caption": Field(),
    "photo_credit": Field(),
    "source_sha256": Field(check=sha256_hex),
    "capture_sha256": Field(check=sha256_hex),
}
REQUIRED = tuple(key for key, field in FIELDS.items() if field.required)
# A field that means nothing without another: a captured page is kept as the
# page a source text was read from, and the build proves the two together.
NEEDS = {"capture_sha256": "source_sha256"}


def missing_partners(metadata: dict[str, str]) -> list[tuple[str, str]]:
    """(field, problem) for each field given without the one it needs."""
    return [
        (key, f"is recorded without {other.capitalize()}; record the source text read from "
         "the page too")
        for key, other in NEEDS.items()
        if key in metadata and other not in metadata
    ]  # fmt: skip


@dataclass(frozen=True)
class Term:
    """A field naming categories or tags: each name must give Pelican an address."""

    wrapper: type[URLWrapper]
    names: Callable[[str], list[str]]


TERMS: dict[str, Term] = {
    "category": Term(Category, lambda value: [value.strip()]),
    "tags": Term(Tag, tag_names),
}


def value_problems(key: str, value: str, settings: dict) -> list[str]:
    """What is wrong with one known field's value."""
    problems = text_problems(value)
    field = FIELDS[key]
    if field.required and not value.strip():
        return [*problems, "is empty"]
    if field.check:
        problems += field.check(value, settings)
    return problems
