"""Lighthouse gives the article and the home page 100 for accessibility, best
practices and SEO. Performance is reported by `make lighthouse`, not asserted,
and not run here: it is the slowest category to measure, and the only one
that depends on how busy the machine is."""

from concurrent.futures import ThreadPoolExecutor

from newsarchive.devtools.lighthouse import failed_audits, scores
from newsarchive.devtools.site_builder import ARTICLE_SLUG

ASSERTED = ("accessibility", "best-practices", "seo")
PAGES = ("index.html", f"{ARTICLE_SLUG}.html")


def test_lighthouse_scores_are_perfect(served_site, lighthouse):
    # Each run is a Lighthouse process with its own Chromium: both at once.
    with ThreadPoolExecutor(len(PAGES)) as pool:
        reports = list(
            pool.map(lambda page: lighthouse(served_site.url + page, categories=ASSERTED), PAGES)
        )
    for page, report in zip(PAGES, reports, strict=True):
        result = scores(report)
        print(f"lighthouse mobile {page}: {result}")
        assert set(result) == set(ASSERTED)
        for category in ASSERTED:
            assert result[category] == 100, (page, failed_audits(report, category))
