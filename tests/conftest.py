from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.site_builder import ARTICLE_SLUG, Build, build, copy_project
from tests.static_server import serve


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
