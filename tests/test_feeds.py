"""The published feeds keep the rules of RFC 4287 (Atom) and the RSS 2.0
specification as the W3C Feed Validation Service applies them.

Each test names the rule it checks. The validator's own checks for these
rules: an Atom entry with no author in reach is an error ("Missing entry
element: author"); an RSS guid that is not an http(s) address must say
isPermaLink="false" ("guid must be a full URL, unless isPermaLink attribute
is false"); a feed with no language gets "should contain a language element".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from pelican.settings import read_settings

from newsarchive.devtools.site_builder import PUBLISHER, ROOT, TEST_SITEURL

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITENAME = read_settings(str(ROOT / "pelicanconf.py"))["SITENAME"]
# RFC 3339 date-time, as RFC 4287 §3.3 requires.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


@pytest.fixture(scope="module")
def atom(site) -> ElementTree.Element:
    return ElementTree.parse(site / "feeds" / "all.atom.xml").getroot()


@pytest.fixture(scope="module")
def rss(site) -> ElementTree.Element:
    return ElementTree.parse(site / "feeds" / "all.rss.xml").getroot()


def names(element: ElementTree.Element) -> list[str]:
    """The atom:name of each atom:author directly inside element."""
    return [
        (author.findtext(f"{ATOM}name") or "").strip()
        for author in element.findall(f"{ATOM}author")
    ]


def test_atom_authors_are_the_publisher_and_the_archive_never_a_person(atom):
    """RFC 4287 §4.1.1: every entry has an author in reach (the feed's, or its
    own); §3.2: a Person construct has exactly one atom:name. The source names
    no person: the article's publisher authors the entry, the archive the feed."""
    for element in (atom, *atom.findall(f"{ATOM}entry")):
        for author in element.findall(f"{ATOM}author"):
            assert len(author.findall(f"{ATOM}name")) == 1
    assert names(atom) == [SITENAME]
    assert [names(entry) for entry in atom.findall(f"{ATOM}entry")] == [[PUBLISHER]]


def test_atom_text_is_in_a_declared_language(atom):
    """xml:lang on atom:feed is inherited by every Atom text construct."""
    assert atom.get(XML_LANG) == "en"


def test_atom_required_elements(atom):
    """RFC 4287 §4.1.1 and §4.1.2: the feed and each entry have exactly one
    atom:id, atom:title and atom:updated (an RFC 3339 date); ids are unique."""
    ids = []
    for element in (atom, *atom.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.fullmatch(element.findtext(f"{ATOM}updated"))
        ids.append(element.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    entries = atom.findall(f"{ATOM}entry")
    assert entries, "the feed has no entries to check"
    for entry in entries:
        links = entry.findall(f"{ATOM}link")
        alternate = [link for link in links if link.get("rel") in (None, "alternate")]
        assert alternate and alternate[0].get("href").startswith(f"{TEST_SITEURL}/")


def test_rss_guid_is_the_atom_id_and_says_it_is_no_permalink(rss, atom):
    """RSS 2.0 <guid>: isPermaLink defaults to true, and then the guid must be
    the item's address. Ours is the entry's tag: URI, the same as its Atom id,
    which no browser opens: it says isPermaLink="false"."""
    items = rss.findall("channel/item")
    atom_ids = [entry.findtext(f"{ATOM}id") for entry in atom.findall(f"{ATOM}entry")]
    assert items and len(items) == len(atom_ids)
    for item, atom_id in zip(items, atom_ids, strict=True):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text == atom_id
        assert urlsplit(guid.text).scheme == "tag"


def test_rss_channel_has_a_language(rss):
    """RSS 2.0 <language>: the language the channel is written in."""
    assert rss.findtext("channel/language") == "en"


def test_rss_required_elements_and_dates(rss):
    """RSS 2.0: a channel has title, link and description; an item has a
    title or a description; dates are RFC 822; no core <author> without an
    email address."""
    channel = rss.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), name
    items = channel.findall("item")
    assert items, "the channel has no items to check"
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        assert item.findtext("link").startswith(f"{TEST_SITEURL}/")
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert item.find("author") is None
