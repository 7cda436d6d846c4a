from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsarchive.devtools import lighthouse as lighthouse_runner
from newsarchive.devtools import validator
from newsarchive.devtools.browser import chromium
from newsarchive.devtools.site_builder import ARTICLE_SLUG, Build, build, copy_project
from newsarchive.serve import serve

# A test that uses one of these fixtures needs the real tool; it gets the
# marker by that use, so `-m "not browser and not validator"` is always true
# to what a test runs.
MARKED_FIXTURES = {
    "browser": "browser",
    "chromium_session": "browser",
    "nu_checker": "validator",
    "epubcheck": "validator",
    "lighthouse": "browser",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow", action="store_true", help="also run the tests marked slow (make test does)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in MARKED_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    # Tests that wait or repeat on purpose run with --run-slow, as `make test`
    # and CI run them; a quick run lists them as deselected.
    if not config.getoption("--run-slow"):
        slow = [item for item in items if item.get_closest_marker("slow")]
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item not in slow]


@pytest.fixture(scope="session")
def chromium_session():
    """One Chromium for the whole run: starting it costs about two seconds."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser(chromium_session):
    """The run's Chromium; each test opens its own contexts, closed after it."""
    yield chromium_session
    for context in chromium_session.contexts:
        context.close()


@pytest.fixture
def nu_checker():
    """The Nu Html Checker: nu_checker(*paths_and_options) -> messages."""
    return validator.nu_messages


@pytest.fixture
def epubcheck():
    """EPUBCheck: epubcheck(book) -> its JSON report."""
    return validator.epubcheck_report


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Build:
    """The real site, built once with the publishing settings."""
    project = copy_project(tmp_path_factory.mktemp("published"))
    result = build(project)
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def site(published) -> Path:
    return published.output


@pytest.fixture(scope="session")
def article_soup(site) -> BeautifulSoup:
    html = (site / f"{ARTICLE_SLUG}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html5lib")


@dataclass(frozen=True)
class ServedSite:
    url: str
    output: Path


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> Iterator[ServedSite]:
    """The real site served at a localhost root, built for that very address
    so that canonical links, feeds, robots.txt and the sitemap all resolve."""
    project = copy_project(tmp_path_factory.mktemp("served"))
    output = project / "output"
    output.mkdir()
    with serve(output) as base_url:
        result = build(project, siteurl=base_url.rstrip("/"))
        assert result.returncode == 0, result.log
        yield ServedSite(base_url, output)


@pytest.fixture
def lighthouse():
    """Lighthouse in Debian's Chromium: lighthouse(url, preset) -> its report."""
    return lighthouse_runner.lighthouse_report
