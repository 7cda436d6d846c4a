"""The article page and everything it loads weigh at most twice the gzip size
of the article's own text."""

from newsarchive.devtools.page_weight import page_weight, text_gzip_size
from newsarchive.devtools.site_builder import ARTICLE_SLUG

LIMIT_RATIO = 2.0


def test_article_page_weight_is_within_twice_the_text(served_site, browser):
    weights = page_weight(browser, served_site.url + f"{ARTICLE_SLUG}.html")
    total = sum(weights.values())
    text = text_gzip_size()
    print(
        f"article page: {weights} total {total} B gzip; text {text} B gzip; "
        f"ratio {total / text:.2f}"
    )
    assert len(weights) >= 2  # the page and its favicon
    assert total <= LIMIT_RATIO * text
