"""Settings for local work: `make html`, `make serve`, `make devserver`.

publishconf.py imports everything here and only changes what publishing needs.
"""

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
ARTICLE_PATHS = [""]
PAGE_PATHS = []
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DEFAULT_DATE = None
# The source names no author: AUTHOR stays unset, and there are no author pages.

# Installed namespace plugins (pelican.plugins.*) are ignored unless named here.
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # First: on a cold build its workers start converting Markdown before the
    # content checks, and run beside them.
    "fast_markdown",
    "content_schema",
    "site_writer",
    "inline_stylesheet",
    "reading_time",
    "standalone_copy",
]

# Metadata is plain text everywhere; only the article body is Markdown.
FORMATTED_FIELDS = []
# No SmartyPants, no typogrify: the source's quotes and dashes are kept as written.
TYPOGRIFY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Markdown is converted in this many worker processes (None: one per core),
# for at least MARKDOWN_WORKERS_MIN_FILES files; 1 converts in one process,
# with less memory (plugins/fast_markdown/workers.py).
MARKDOWN_WORKERS = None
MARKDOWN_WORKERS_MIN_FILES = 64

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
}

# Every address names a file, so links work from disk (file://).
ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
ARTICLE_LANG_URL = "{slug}-{lang}.html"
ARTICLE_LANG_SAVE_AS = "{slug}-{lang}.html"
# Each article that records its Source_sha256 also as one self-contained HTML
# file (plugins/standalone_copy), linked from the article page; empty to write none.
STANDALONE_SAVE_AS = "{slug}.standalone.html"
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = "drafts/{slug}.html"
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = "pages/{slug}.html"
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = "category/{slug}.html"
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = "tag/{slug}.html"
CATEGORIES_URL = "categories.html"
CATEGORIES_SAVE_AS = "categories.html"
TAGS_URL = "tags.html"
TAGS_SAVE_AS = "tags.html"
ARCHIVES_URL = "archives.html"
ARCHIVES_SAVE_AS = "archives.html"
INDEX_SAVE_AS = "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
DIRECT_TEMPLATES = [
    "index", "tags", "categories", "archives", "404", "sitemap", "robots", "nojekyll", "cname",
]  # fmt: skip
# GitHub Pages: publish files as they are, with no Jekyll step.
NOJEKYLL_SAVE_AS = ".nojekyll"
# A custom domain for GitHub Pages: set CNAME (in publishconf.py) to write it.
CNAME = ""
CNAME_SAVE_AS = ""
# sitemap.xml, robots.txt, .nojekyll and CNAME are templates too, so they share the escaping rules.
TEMPLATE_EXTENSIONS = [".html", ".xml", ".txt"]

# Later pages live in a folder named after the first, so page 2 of tag "x1"
# (tag/x1/page-2.html) can never be the file of tag "x12" (tag/x12.html):
# a slug never contains "/".
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
PAGINATION_PATTERNS = [
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}/page-{number}{extension}", "{name}/page-{number}{extension}"),
]

# Feeds are produced by publishconf.py only.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

DELETE_OUTPUT_DIRECTORY = False
LOAD_CONTENT_CACHE = False
OUTPUT_SOURCES = False
