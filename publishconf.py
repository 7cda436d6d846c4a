"""Settings for publishing: `make publish`.

SITEURL comes from the environment (the Pages workflow sets it from
actions/configure-pages); without it the site is built for http://localhost:8000.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_MAX_ITEMS = None
RSS_FEED_SUMMARY_ONLY = True
