"""Settings for local work: `make html`, `make serve`, `make devserver`.

Only what this site decides is here; everything else is Pelican's default.
publishconf.py imports this file and changes what publishing needs.
"""

from newsarchive import leftovers

SITENAME = "Aleppo Dispatch Archive"
SITESUBTITLE = "A preserved news article from July 2014"
# Absolute address of the site; canonical links, feeds and the sitemap use it.
# Navigation links stay relative (RELATIVE_URLS) so the same output also works
# from disk and under any subpath.
SITEURL = "http://localhost:8000"
RELATIVE_URLS = True
# Kept beside SITEURL because Pelican rewrites SITEURL per page when
# RELATIVE_URLS is on; templates read the absolute form from here.
SITE_ABSOLUTE_URL = SITEURL

PATH = "content"
# Every file in content/ is an article, checked against the schema
# (newsarchive.plugins.content_schema): no pages, no static files.
PAGE_PATHS = []
# Editors' and systems' leftovers in content/ are not articles: hidden files
# (.DS_Store, .#lock files, .name.swp), backups (name~), Emacs autosaves
# (#name#) and swap files. Any other file that is not Markdown stops the build.
# make verify COPY= leaves the same out of an unpacked copy (one list, there).
IGNORE_FILES = list(leftovers.LEFTOVERS)
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "America/New_York"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
# The source names no author: AUTHOR stays unset, and the schema has no
# Author field, so there are no author pages or feeds.

# The project's own plugins, from its installed package (newsarchive). Other
# installed namespace plugins (pelican.plugins.*) are ignored unless named here.
# build_manifest comes first: it works out the source date the books carry.
PLUGINS = [
    "newsarchive.plugins.build_manifest",
    "newsarchive.plugins.content_schema",
    "newsarchive.plugins.source_proof",
    "newsarchive.plugins.plain_text_feeds",
    "newsarchive.plugins.feed_archives",
    "newsarchive.plugins.sitemap_and_robots",
    "newsarchive.plugins.inline_stylesheet",
    "newsarchive.plugins.reading_time",
    "newsarchive.plugins.text_direction",
    "newsarchive.plugins.standalone_copy",
    "newsarchive.plugins.epub_copy",
    "newsarchive.plugins.citations",
]

# Metadata is plain text everywhere; only the article body is Markdown, with
# no SmartyPants and no code highlighting: the source's quotes and dashes are
# kept as written.
FORMATTED_FIELDS = []
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
JINJA_ENVIRONMENT = {"autoescape": True}

# Each article that records its Source_sha256 also as one self-contained HTML
# file (newsarchive.plugins.standalone_copy) and as an EPUB 3 book (newsarchive.plugins.epub_copy),
# both linked from the article page; empty to write none.
STANDALONE_SAVE_AS = "{slug}.standalone.html"
EPUB_SAVE_AS = "{slug}.epub"
# And its citation as BibTeX and RIS files beside the page, linked from it
# (newsarchive.plugins.citations); empty to write none.
BIB_SAVE_AS = "{slug}.bib"
RIS_SAVE_AS = "{slug}.ris"
# Every address names a file, so links work from disk (file://).
CATEGORIES_URL = "categories.html"
TAGS_URL = "tags.html"
ARCHIVES_URL = "archives.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "404"]
# Category and tag addresses keep the letters of their names in any script
# (tag/سوريا.html, not a transliteration such as tag/swry.html): readable to
# the readers of the language. README.md, "Articles in Arabic and other
# right-to-left languages", says why.
SLUGIFY_USE_UNICODE = True
# Written by newsarchive.plugins.sitemap_and_robots: past 50,000 addresses or
# 50 MB (SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES), a sitemap index.
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"

# Later pages live in a folder named after the first, so page 2 of tag "x1"
# (tag/x1/page-2.html) can never be the file of tag "x12" (tag/x12.html):
# a slug never contains "/".
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = [
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}/page-{number}{extension}", "{name}/page-{number}{extension}"),
]

# Feeds are produced by publishconf.py only.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
