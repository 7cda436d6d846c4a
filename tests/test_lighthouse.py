"""Lighthouse gives the article and the home page 100 for accessibility, best
practices and SEO. Performance is reported by `make lighthouse`, not asserted,
and not run here: it is the slowest category to measure."""

import pytest

from newsarchive.devtools.lighthouse import failed_audits, scores
from newsarchive.devtools.site_builder import ARTICLE_SLUG

ASSERTED = ("accessibility", "best-practices", "seo")


@pytest.mark.parametrize("page", ["index.html", f"{ARTICLE_SLUG}.html"])
def test_lighthouse_scores_are_perfect(served_site, page, lighthouse):
    report = lighthouse(served_site.url + page, categories=ASSERTED)
    result = scores(report)
    print(f"lighthouse mobile {page}: {result}")
    assert set(result) == set(ASSERTED)
    for category in ASSERTED:
        assert result[category] == 100, failed_audits(report, category)
