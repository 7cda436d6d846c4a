"""The rules of the W3C Feed Validation Service that the tests hold every
feed document to, as problems found in one parsed document: RFC 4287
(Atom), RSS 2.0 as the validator reads it, and RFC 5005's archived feeds.

Each problem names the validator's own message where it has one: an Atom
entry with no author in reach ("Missing entry element: author"), an RSS guid
that is no address without isPermaLink="false", a feed with no language, a
feed without a ``self`` link ("Missing atom:link with rel=\"self\""), a link
relation IANA has not registered, a feed-history link in an entry
(FeedHistoryRelInEntry), an archive document without archive links or a
``current`` link (ArchiveIncomplete, MissingCurrentInArchive).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
FH_ARCHIVE = "{http://purl.org/syndication/history/1.0}archive"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, as RFC 4287 §3.3 requires.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
# The link relations the validator knows as registered (its link.py).
REGISTERED_RELS = {
    "alternate", "current", "describedby", "edit", "edit-media", "enclosure", "first", "hub",
    "last", "license", "next", "next-archive", "payment", "prev-archive", "previous", "related",
    "replies", "search", "self", "service", "up", "via",
}  # fmt: skip
RFC5005_RELS = {"current", "first", "last", "next", "next-archive", "prev-archive", "previous"}


def links(element: ElementTree.Element, name: str = f"{ATOM}link") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in element.findall(name):
        found.setdefault(link.get("rel", "alternate"), []).append(link.get("href") or "")
    return found


def link_problems(head: dict[str, list[str]], archive: bool) -> list[str]:
    problems = [f"unregistered link relation {rel!r}" for rel in head if rel not in REGISTERED_RELS]
    if "self" not in head:
        problems.append('Missing atom:link with rel="self"')
    if archive and not {"prev-archive", "next-archive"} & set(head):
        problems.append("ArchiveIncomplete: an archive document without archive links")
    if archive and "current" not in head:
        problems.append("MissingCurrentInArchive")
    problems += [f"{rel} given {len(hrefs)} times" for rel, hrefs in head.items() if len(hrefs) > 1]
    return problems


def atom_problems(feed: ElementTree.Element) -> list[str]:
    problems = []
    if not feed.get(XML_LANG):
        problems.append("the feed declares no language (xml:lang)")
    feed_author = bool(feed.findall(f"{ATOM}author"))
    ids = []
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            if len(element.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{element.tag}: not exactly one atom:{name}")
        if not RFC3339.fullmatch(element.findtext(f"{ATOM}updated") or ""):
            problems.append(f"{element.tag}: atom:updated is no RFC 3339 date")
        for author in element.findall(f"{ATOM}author"):
            if len(author.findall(f"{ATOM}name")) != 1:
                problems.append(f"{element.tag}: an author without exactly one atom:name")
        ids.append(element.findtext(f"{ATOM}id"))
    for entry in feed.findall(f"{ATOM}entry"):
        if not feed_author and not entry.findall(f"{ATOM}author"):
            problems.append("Missing entry element: author")
        entry_links = links(entry)
        if not entry_links.get("alternate"):
            problems.append("an entry without an alternate link")
        problems += [f"FeedHistoryRelInEntry: {rel}" for rel in RFC5005_RELS & set(entry_links)]
    if len(ids) != len(set(ids[1:])) + 1:
        problems.append("entry ids are not unique")
    return problems + link_problems(links(feed), feed.find(FH_ARCHIVE) is not None)


def rss_problems(rss: ElementTree.Element) -> list[str]:
    channel = rss.find("channel")
    problems = [f"the channel has no {name}" for name in ("title", "link", "description")
                if not channel.findtext(name)]  # fmt: skip
    if not channel.findtext("language"):
        problems.append("the channel should contain a language element")
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("an item without title or description")
        if parsedate_to_datetime(item.findtext("pubDate")).tzinfo is None:
            problems.append("a pubDate without its zone")
        if item.find("author") is not None:
            problems.append("an RSS author, which must be an email address")
        guid = item.find("guid")
        if (
            urlsplit(guid.text).scheme not in ("http", "https")
            and guid.get("isPermaLink") != "false"
        ):
            problems.append("guid must be a full URL, unless isPermaLink attribute is false")
        problems += [f"FeedHistoryRelInEntry: {rel}" for rel in RFC5005_RELS & set(links(item))]
    head = links(channel)
    return problems + link_problems(head, channel.find(FH_ARCHIVE) is not None)


def feed_problems(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    return atom_problems(root) if root.tag == f"{ATOM}feed" else rss_problems(root)


def entry_links(data: bytes) -> list[str]:
    """The address of each entry of a feed document, in its order."""
    root = ElementTree.fromstring(data)
    if root.tag == f"{ATOM}feed":
        return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    return [item.findtext("link") for item in root.iter("item")]
