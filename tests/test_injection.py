"""No metadata value can inject markup: generated titles, summaries and tags
come back exactly through an HTML parser, a JSON parser and a feed parser, and
the page holds no element or attribute the theme did not write."""

from __future__ import annotations

import html
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings
from pelican.urlwrappers import Tag

from newsarchive.devtools.site_builder import ROOT, build, copy_project

ATOM = {"a": "http://www.w3.org/2005/Atom"}
# Tags get their addresses as the site gives them (SLUGIFY_USE_UNICODE).
SITE_SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NASTY = ["&", "<", ">", '"', "'", "</script>", "<b>", "&amp;", "\u202e", "שלום", "--", "{{ x }}"]


# The schema rejects control, surrogate and unassigned characters, and a
# one-line header value cannot hold a line break.
REJECTED_CATEGORIES = ("Cc", "Cs", "Cn", "Zl", "Zp")
# "," and ";" separate tags.
TAG_SEPARATORS = ",;"


def text_values(excluded: str = ""):
    """Text mixing NASTY pieces with any allowed characters, around at least
    one letter or digit: never empty, never only punctuation or space."""
    piece = st.one_of(
        st.sampled_from([nasty for nasty in NASTY if not set(nasty) & set(excluded)]),
        st.text(
            st.characters(
                codec="utf-8", exclude_categories=REJECTED_CATEGORIES, exclude_characters=excluded
            ),
            min_size=1,
            max_size=8,
        ),
    )
    pieces = st.lists(piece, max_size=3).map("".join)
    anchor = st.characters(codec="utf-8", categories=("L", "N"))
    return st.tuples(pieces, anchor, pieces).map("".join).map(str.strip)


def has_an_address(tag: str) -> bool:
    # A tag whose letters slugify to nothing has no address, which the schema
    # rejects (malformed/tag_without_letters.md).
    return bool(Tag(tag, SITE_SETTINGS).slug)


metadata = st.fixed_dictionaries(
    {
        "title": text_values(),
        "summary": text_values(),
        "tags": st.lists(
            text_values(excluded=TAG_SEPARATORS).filter(has_an_address),
            min_size=1,
            max_size=3,
            unique_by=str.casefold,
        ),
    }
)


def write_article(content: Path, values: dict) -> None:
    content.joinpath("generated.md").write_text(
        f"Title: {values['title']}\nDate: 2014-07-09T10:00:00-04:00\nCategory: World\n"
        f"Tags: {', '.join(values['tags'])}\nSlug: generated\n"
        f"Summary: {values['summary']}\n\nBody text.\n",
        encoding="utf-8",
    )


def as_feedparser(value: str) -> str:
    """feedparser "repairs" text whose Latin-1 bytes form valid UTF-8, taking
    it for doubly-encoded UTF-8 (so "Ï»" reads as "ϻ"); expect the same."""
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def structure(soup: BeautifulSoup) -> set[tuple[str, tuple[str, ...]]]:
    """The kinds of element in a page, each with its attribute names."""
    return {(tag.name, tuple(sorted(tag.attrs))) for tag in soup.find_all(True)}


def build_with(project: Path, values: dict) -> Path:
    content = project / "content"
    shutil.rmtree(content)
    content.mkdir()
    write_article(content, values)
    result = build(project)
    assert result.returncode == 0, result.log
    return result.output


def parsed_page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "generated.html").read_text(encoding="utf-8"), "html5lib")


def test_values_round_trip_and_inject_nothing(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("injection"))
    # A tag written right to left is set apart in a <bdi> the theme writes.
    plain = {"title": "Plain title", "summary": "Plain summary.", "tags": ["Alpha", "בטא"]}
    baseline = structure(parsed_page(build_with(project, plain)))

    # Each example is a full build; shrinking a failure would take many more,
    # so a failure is reported as found. No health check is suppressed: none
    # fires (the builds are the test's time, not the data's), and one that
    # did would name a problem of the strategy.
    @settings(
        max_examples=25,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(metadata)
    # Cases found earlier: text that feedparser takes for doubly-encoded UTF-8.
    @example({"title": "33Ï»", "summary": '¹"', "tags": ["%ø", "'ú", "3sVÚ´ß¦!Q="]})
    @example({"title": "a </script><script>x", "summary": "&amp; <b>", "tags": ["x1", "ש"]})
    def check(values):
        site = build_with(project, values)
        soup = parsed_page(site)
        title, summary, tags = values["title"], values["summary"], values["tags"]

        assert structure(soup) <= baseline
        assert len(soup.find_all("script")) == 1
        assert soup.find("h1").get_text() == title
        assert soup.find("title").get_text().startswith(title + " · ")
        assert soup.find("meta", attrs={"name": "description"})["content"] == summary
        assert soup.find("meta", property="og:title")["content"] == title
        assert [m["content"] for m in soup.find_all("meta", property="article:tag")] == tags
        assert [a.get_text() for a in soup.select(".tags a")] == tags

        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["headline"] == title

        atom = ET.parse(site / "feeds" / "all.atom.xml").getroot()
        assert atom.findtext("a:entry/a:title", namespaces=ATOM) == title
        assert html.unescape(atom.findtext("a:entry/a:summary", namespaces=ATOM)) == summary
        rss = ET.parse(site / "feeds" / "all.rss.xml").getroot()
        assert html.unescape(rss.findtext("channel/item/title")) == title
        # RSS carries the article's text, as Atom's content does.
        assert rss.findtext("channel/item/description") == "<p>Body text.</p>"

        for feed_name in ("all.atom.xml", "all.rss.xml"):
            feed = feedparser.parse((site / "feeds" / feed_name).read_bytes())
            assert not feed.bozo, feed.bozo_exception
            (entry,) = feed.entries
            # Readers take RSS titles as HTML when they hold markup or entities.
            shown = entry.title_detail.type == "text/html"
            assert (html.unescape(entry.title) if shown else entry.title) == as_feedparser(title)
            # The summary travels as HTML: the text, escaped once. RSS has
            # the article's text in its place.
            if feed_name == "all.atom.xml":
                assert html.unescape(entry.summary) == as_feedparser(summary)
            # Atom carries tags in attributes, which feedparser leaves alone.
            expected_tags = tags if feed_name == "all.atom.xml" else map(as_feedparser, tags)
            assert [t.term for t in entry.tags][1:] == list(expected_tags)

    check()
