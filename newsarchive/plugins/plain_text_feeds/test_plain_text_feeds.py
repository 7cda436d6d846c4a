"""Pelican's own writer, with the plugin connected, writes feeds whose
entries carry the metadata exactly."""

from __future__ import annotations

import copy
import html
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pelican import signals
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category
from pelican.writers import Writer

from .plain_text_feeds import correct_feed

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = 'Fighters <b> & "allies" &amp; more'
SUMMARY = "Less < more & 2 > 1."


@pytest.fixture
def connected():
    """The plugin on Pelican's feed_generated signal, as a build connects it.
    Each test that uses it fails with the signal muted: the plugin is what
    it checks."""
    with signals.feed_generated.connected_to(correct_feed):
        yield


def write_feeds(folder: Path, articles: list[Article], settings: dict) -> dict[str, Path]:
    context = {**settings, "articles": articles}
    writer = Writer(str(folder), settings=settings)
    for feed_type in ("atom", "rss"):
        writer.write_feed(articles, context, f"{feed_type}.xml", feed_type=feed_type)
    return {feed_type: folder / f"{feed_type}.xml" for feed_type in ("atom", "rss")}


def site_settings(**changes) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(
        SITEURL="https://example.org/archive", FEED_DOMAIN="https://example.org/archive",
        SITENAME="Example Archive", FORMATTED_FIELDS=[], RSS_FEED_SUMMARY_ONLY=True,
        TIMEZONE="UTC", **changes,
    )  # fmt: skip
    return settings


def article(settings: dict, slug: str, **metadata) -> Article:
    values = {
        "title": TITLE,
        "summary": SUMMARY,
        "date": datetime(2014, 7, 8, tzinfo=ZoneInfo("America/New_York")),
        "category": Category("World", settings),
        "slug": slug,
        **metadata,
    }
    return Article("<p>Body.</p>", metadata=values, settings=settings, context={})


def test_titles_and_summaries_reach_the_feeds_exactly(tmp_path, connected):
    settings = site_settings()
    feeds = write_feeds(tmp_path, [article(settings, "one")], settings)

    entry = ElementTree.parse(feeds["atom"]).getroot().find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == TITLE
    assert html.unescape(entry.findtext(f"{ATOM}summary")) == SUMMARY

    item = ElementTree.parse(feeds["rss"]).getroot().find("channel/item")
    assert html.unescape(item.findtext("title")) == TITLE
    assert html.unescape(item.findtext("description")) == SUMMARY


def test_without_the_plugin_pelican_changes_the_title(tmp_path):
    """What the plugin is for: Pelican alone strips what looks like a tag.
    A build earlier in this process leaves the plugin connected to the
    signal: it is muted while the feeds are written."""
    settings = site_settings()
    with signals.feed_generated.muted():
        feeds = write_feeds(tmp_path, [article(settings, "one")], settings)
    entry = ElementTree.parse(feeds["atom"]).getroot().find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") != TITLE


def test_feed_settings_still_apply(tmp_path, connected):
    settings = site_settings(FEED_MAX_ITEMS=1, FEED_APPEND_REF=True)
    articles = [article(settings, "one"), article(settings, "two", title="Second")]
    feeds = write_feeds(tmp_path, articles, settings)
    entries = ElementTree.parse(feeds["atom"]).getroot().findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "https://example.org/archive/one.html?ref=feed"
    assert entries[0].findtext(f"{ATOM}title") == TITLE


def test_an_entry_that_matches_no_article_stops_the_build(tmp_path, connected):
    settings = site_settings()
    stray = article(settings, "stray")
    with pytest.raises(LookupError, match="stray.html matches no article"):
        writer = Writer(str(tmp_path), settings=settings)
        writer.write_feed([stray], {**settings, "articles": []}, "atom.xml")


def test_authors_language_and_guid(tmp_path, connected):
    settings = site_settings()
    articles = [
        article(settings, "one", publisher="Example Times", lang="fr"),
        article(settings, "two", lang="fr"),
    ]
    feeds = write_feeds(tmp_path, articles, settings)
    atom = ElementTree.parse(feeds["atom"]).getroot()
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "Example Archive"
    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}author/{ATOM}name") for e in entries] == ["Example Times", None]
    channel = ElementTree.parse(feeds["rss"]).getroot().find("channel")
    assert channel.findtext("language") == "fr"
    assert channel.find("item/author") is None
    assert {guid.get("isPermaLink") for guid in channel.iter("guid")} == {"false"}


def test_entries_in_several_languages_take_the_sites(tmp_path, connected):
    settings = site_settings(DEFAULT_LANG="en")
    articles = [article(settings, "one", lang="fr"), article(settings, "two", lang="de")]
    feeds = write_feeds(tmp_path, articles, settings)
    assert ElementTree.parse(feeds["rss"]).getroot().findtext("channel/language") == "en"
