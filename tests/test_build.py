"""The build is strict, complete and reproducible."""

import subprocess

from tests.site_builder import ROOT, build, copy_project, output_files
from tests.site_links import article_pages, content_metadata

EXPECTED_PAGES = {
    ".nojekyll",
    "404.html",
    "archives.html",
    "categories.html",
    "category/world.html",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "index.html",
    "robots.txt",
    "sitemap.xml",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.html",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.standalone.html",
    "tag/aleppo.html",
    "tag/free-syrian-army.html",
    "tag/isis.html",
    "tag/syria.html",
    "tags.html",
    "theme/favicon.svg",
}


def test_generates_exactly_the_expected_files(site):
    assert set(output_files(site)) == EXPECTED_PAGES


def test_one_article_page_per_article_file(published, site):
    article_files = sorted((ROOT / "content").glob("*.md"))
    assert set(article_pages(site)) == {record["slug"] for record in content_metadata(ROOT)}
    assert len(article_files) == 1
    assert f"Processed {len(article_files)} article," in published.log


def test_two_builds_are_byte_identical(tmp_path, site):
    project = copy_project(tmp_path / "again")
    again = build(project)
    assert again.returncode == 0, again.log
    assert output_files(again.output) == output_files(site)


def test_broken_content_fails_the_build_naming_the_file(tmp_path):
    project = copy_project(tmp_path / "broken")
    broken = project / "content" / "broken.md"
    broken.write_text(
        "Title: A broken article\nDate: 2014-13-45T00:00:00-04:00\nCategory: World\n"
        "Slug: broken\nSummary: Broken.\n\nBody.\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode != 0
    assert "content/broken.md: Date:" in result.stderr
    assert not result.output.exists()


def test_pelican_warnings_are_fatal(tmp_path):
    project = copy_project(tmp_path / "warning")
    article = next((project / "content").glob("*.md"))
    # A link to a missing file is only a warning to Pelican, which would
    # publish the page with a dead link.
    with article.open("a", encoding="utf-8") as text:
        text.write("\n[see also]({filename}/missing.md)\n")
    result = build(project)
    assert result.returncode != 0
    assert "missing.md" in result.log
    assert "build failed" in result.stderr
    assert not result.output.exists()


def test_make_help_lists_the_quickstart_targets():
    listing = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    listed = {line.split()[1] for line in listing.splitlines() if line.strip()}
    assert {"html", "publish", "serve", "devserver", "clean", "test", "help"} <= listed
    assert {"github", "dist", "archive", "bench", "lighthouse", "screenshots"} <= listed
