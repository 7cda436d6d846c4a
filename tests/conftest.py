from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site_builder import ARTICLE_SLUG, Build, build, copy_project


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
