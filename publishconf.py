"""Settings for publishing: `make publish`, `make dist`, `make archive`,
`make github`.

SITEURL, the address the site is published at, comes from the environment:
`make` finds it (scripts/site_address.py), and the Pages workflow takes it
from actions/configure-pages.
"""

import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit(
        "error: publishconf.py needs SITEURL, the address the site is published at, "
        "for example SITEURL=https://USER.github.io/REPO"
    )
SITE_ABSOLUTE_URL = SITEURL
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_MAX_ITEMS = None
RSS_FEED_SUMMARY_ONLY = True
# Crawlers read robots.txt only at a domain root. Under a project subpath
# (https://USER.github.io/REPO/) none is written: every page names the
# sitemap with <link rel="sitemap"> instead.
ROBOTS_SAVE_AS = "" if urlsplit(SITEURL).path.strip("/") else "robots.txt"
