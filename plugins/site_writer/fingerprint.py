"""Stable fingerprints of what a page is rendered from.

A fingerprint is a SHA-256 over a canonical serialization: the same inputs
give the same digest in every process, and any change to a value that a
template can reach changes it. Values of a type this module does not know
raise ``Uncacheable``, so an unknown input means "render again", never a
stale page.
"""

from __future__ import annotations

import datetime
import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.contents import Article, Content
from pelican.urlwrappers import URLWrapper

# Content attributes left out of a content fingerprint: the settings are in
# the site fingerprint, and the context is the whole site (what a page uses of
# it is fingerprinted separately).
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})
MISSING = object()


class Uncacheable(Exception):
    """A value whose changes this module cannot see."""


def _token(parts: list[str], tag: str, text: str) -> None:
    # Tag and length first: no two different sequences of values join into
    # the same text.
    parts.append(f"{tag}{len(text)}:")
    parts.append(text)


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Fingerprints:
    """Fingerprints for one build. Content fingerprints are kept per object,
    since listing pages show the same articles again and again."""

    def __init__(self, site_structure: Callable[[], str]) -> None:
        self._content: dict[int, str] = {}
        self._site_structure = site_structure

    def of(self, *values: Any) -> str:
        parts: list[str] = []
        for value in values:
            self.feed(parts, value)
        return _digest(parts)

    def content(self, content: Content) -> str:
        known = self._content.get(id(content))
        if known is None:
            parts: list[str] = []
            attributes = vars(content)
            for name in sorted(attributes):
                if name == "metadata":
                    self._feed_metadata(parts, attributes)
                elif name not in SKIPPED_ATTRIBUTES:
                    _token(parts, "a", name)
                    self.feed(parts, attributes[name], nested=True)
            if links_to_other_content(content):
                # Links written as {filename}... resolve to other pages'
                # addresses: any address in the site may change this one.
                _token(parts, "l", self._site_structure())
            known = _digest(parts)
            self._content[id(content)] = known
        return known

    def _feed_metadata(self, parts: list[str], attributes: dict) -> None:
        """Pelican copies most metadata to attributes: a value that is the
        very object of the attribute of the same name is fed once."""
        metadata = attributes["metadata"]
        _token(parts, "M", str(len(metadata)))
        for key in sorted(metadata):
            value = metadata[key]
            _token(parts, "k", key)
            if attributes.get(key, MISSING) is value:
                _token(parts, "=", "")
            else:
                self.feed(parts, value, nested=True)

    def feed(self, parts: list[str], value: Any, nested: bool = False) -> None:
        kind = type(value)
        # The commonest types first, by exact type: most of the time goes here.
        if kind is str:
            parts.append(f"s{len(value)}:")
            parts.append(value)
        elif kind is list:
            parts.append(f"l{len(value)}:")
            for item in value:
                if not nested and type(item) is Article:
                    _token(parts, "C", self.content(item))
                else:
                    self.feed(parts, item, nested)
        elif value is MISSING:
            _token(parts, "m", "")
        elif value is None or isinstance(value, bool | int | float):
            _token(parts, "p", repr(value))
        elif isinstance(value, Markup):
            _token(parts, "h", str(value))
        elif isinstance(value, str):
            _token(parts, "s", value)
        elif isinstance(value, bytes):
            _token(parts, "b", value.hex())
        elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
            _token(parts, "d", f"{value.isoformat()}|{value.tzinfo!r}")
        elif isinstance(value, datetime.tzinfo):
            _token(parts, "z", repr(value))
        elif isinstance(value, Content):
            if nested:
                # Another article seen from this one (a translation, say):
                # what a template would show of it, not everything it holds.
                _token(parts, "c", value.source_path or "")
                self.feed(parts, value.metadata, nested=True)
            else:
                _token(parts, "C", self.content(value))
        elif isinstance(value, URLWrapper):
            _token(parts, "u", f"{type(value).__name__}|{value.name}|{value.slug}")
        elif isinstance(value, list | tuple):
            parts.append(f"l{len(value)}:")
            for item in value:
                self.feed(parts, item, nested)
        elif isinstance(value, set | frozenset):
            items = sorted(self.of(item) for item in value)
            _token(parts, "S", ",".join(items))
        elif isinstance(value, dict):
            _token(parts, "D", str(len(value)))
            for key in sorted(value, key=repr):
                self.feed(parts, key, nested)
                self.feed(parts, value[key], nested)
        elif isinstance(value, Path):
            _token(parts, "P", str(value))
        elif callable(value) and hasattr(value, "__qualname__"):
            # By name and, for Python functions (a filter defined in the
            # settings file, say), by their compiled code as well.
            code = getattr(value, "__code__", None)
            body = hashlib.sha256(marshal.dumps(code)).hexdigest() if code else ""
            _token(parts, "f", f"{getattr(value, '__module__', '')}.{value.__qualname__}|{body}")
        else:
            raise Uncacheable(f"{type(value).__module__}.{type(value).__qualname__}")


def links_to_other_content(content: Content) -> bool:
    pattern = content._get_intrasite_link_regex()
    texts = (getattr(content, "_content", "") or "", getattr(content, "_summary", "") or "")
    return any(pattern.search(text) for text in texts if isinstance(text, str))


def is_test(path: Path) -> bool:
    return path.suffix == ".py" and path.name.startswith("test_")


def files_digest(folders: list[Path]) -> str:
    """Digest of every file under the folders (names and bytes), compiled
    Python caches left out."""
    parts: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            # Tests beside a plugin do not change what it does.
            if path.is_file() and "__pycache__" not in path.parts and not is_test(path):
                _token(parts, "n", str(path))
                _token(parts, "f", hashlib.sha256(path.read_bytes()).hexdigest())
    return _digest(parts)
