"""Settings for publishing: `make publish`, `make dist`, `make archive`,
`make epub`, `make github`. They are pelicanconf.py's, with what publishing
changes.

SITEURL is the address the site is published at. Set it here once, for
example SITEURL = "https://news.example.org". `SITEURL=... make publish`
overrides it for that run only; with neither, the GitHub origin remote gives
https://USER.github.io/REPO (newsarchive.address), else the build stops.
"""

from pathlib import Path
from urllib.parse import urlsplit

from pelican.settings import get_settings_from_file

from newsarchive.address import publishing_address

PROJECT = Path(__file__).resolve().parent
globals().update(get_settings_from_file(str(PROJECT / "pelicanconf.py")))

SITEURL = ""

SITEURL, SITEURL_FROM = publishing_address(SITEURL, PROJECT)
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
# The subscription documents hold the newest 20 articles in full (about
# 160 KB each at the seed article's length); every other article is in an
# RFC 5005 archive document of 50, feeds/archive/NUMBER.atom.xml and .rss.xml
# (FEED_ARCHIVE_SAVE_AS), and each full one is recorded in feed-archives.txt
# (FEED_ARCHIVE_RECORD): newsarchive.feed_archive, README.md, "Feeds".
FEED_MAX_ITEMS = 20
FEED_ARCHIVE_ITEMS = 50
# RSS carries each article's full text, as Atom does: readers that prefer RSS
# and read offline get the article, not its summary.
RSS_FEED_SUMMARY_ONLY = False
# A draft never leaves the machine: `make html` shows drafts under drafts/,
# published builds write none (and no feed, sitemap or copy lists them).
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
# Crawlers read robots.txt only at a domain root. Under a project subpath
# (https://USER.github.io/REPO/) none is written: every page names the
# sitemap with <link rel="sitemap"> instead.
ROBOTS_SAVE_AS = "" if urlsplit(SITEURL).path.strip("/") else "robots.txt"
