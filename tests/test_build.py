"""The build is strict, complete and reproducible."""

import shutil
import signal
import subprocess

from newsarchive.devtools.site_builder import (
    ARTICLE_SLUG,
    ROOT,
    TEST_SITEURL,
    build,
    build_process,
    copy_project,
    output_files,
)
from newsarchive.devtools.site_content import article_pages, content_metadata

MALFORMED = ROOT / "newsarchive" / "plugins" / "content_schema" / "malformed"

EXPECTED_PAGES = {
    ".build.json",
    "404.html",
    "archives.html",
    "categories.html",
    "category/world.html",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "index.html",
    "sitemap.xml",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.bib",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.epub",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.html",
    "syrian-opposition-braces-second-battle-aleppo-still-hopes-us-support.ris",
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
    # Every file, the EPUB book and the one-file copy among them.
    files = output_files(again.output)
    assert {f"{ARTICLE_SLUG}.epub", f"{ARTICLE_SLUG}.standalone.html"} <= set(files)
    assert files == output_files(site)


def test_builds_in_fresh_processes_are_byte_identical_whatever_the_hash_seed(tmp_path, site):
    """Each `make` runs the build in a new process, with its own string hash
    seed: nothing in the output may depend on set or dict order by hash."""
    project = copy_project(tmp_path / "processes")
    for seed in ("1", "2"):
        output = tmp_path / f"output-{seed}"
        process = build_process(
            project, "publishconf.py", TEST_SITEURL,
            arguments=["--output", str(output)], PYTHONHASHSEED=seed,
        )  # fmt: skip
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stdout + stderr
        assert output_files(output) == output_files(site), seed


def test_content_problems_stop_the_build_all_at_once(tmp_path):
    """Three malformed files: every problem on its own line, exit 2, no output."""
    project = copy_project(tmp_path / "broken")
    for name in ("partial_date.md", "misspelled_key.md", "empty.md"):
        shutil.copy(MALFORMED / name, project / "content" / name)
    result = build(project)
    assert result.returncode == 2, result.log
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: content/")]
    assert errors == [
        "error: content/empty.md: the file is empty",
        "error: content/misspelled_key.md: Title: is missing",
        "error: content/misspelled_key.md: Titel: is not a known field; did you mean 'Title'?",
        "error: content/partial_date.md: Date: '2014-07' is not a complete ISO 8601 date-time "
        "with a timezone (for example 2014-07-08T09:30:00-04:00)",
    ]
    assert "4 problem(s) in content; nothing was written" in result.log
    assert not result.output.exists()


def test_a_failed_build_leaves_the_last_good_output_byte_identical(tmp_path):
    project = copy_project(tmp_path / "site")
    good = build(project)
    assert good.returncode == 0, good.log
    before = output_files(good.output)
    shutil.copy(MALFORMED / "tag_without_letters.md", project / "content")
    failed = build(project)
    assert failed.returncode == 2, failed.log
    assert "error: content/tag_without_letters.md: Tags: tag '&amp;'" in failed.stderr
    assert "output/ kept as it was" in failed.stderr
    assert output_files(good.output) == before


# Runs the build (newsarchive.build), killed (SIGKILL) between the two renames that
# put a new build in place: output/ is already moved aside, the new build not
# yet moved in.
KILLED_BETWEEN_SWAPS = """
import os, signal, sys
from pathlib import Path
from newsarchive import build
rename = Path.rename
def rename_then_die(path, target):
    if path.name == ".output.building":
        os.kill(os.getpid(), signal.SIGKILL)
    return rename(path, target)
Path.rename = rename_then_die
sys.exit(build.main(sys.argv[1:]))
"""


def test_a_build_killed_between_the_swap_steps_loses_nothing(tmp_path):
    project = copy_project(tmp_path / "site")
    good = build(project)
    assert good.returncode == 0, good.log
    before = output_files(good.output)
    killed = build_process(project, "publishconf.py", TEST_SITEURL, code=KILLED_BETWEEN_SWAPS)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert not good.output.exists()
    assert output_files(project / ".output.previous") == before

    # The next build fails, and still puts the last good site back.
    shutil.copy(MALFORMED / "empty.md", project / "content")
    failed = build(project)
    assert failed.returncode == 2
    assert "restored output/ from .output.previous/" in failed.stdout
    assert output_files(good.output) == before
    assert not (project / ".output.previous").exists()


def test_pelican_warnings_are_fatal(tmp_path):
    project = copy_project(tmp_path / "warning")
    article = next((project / "content").glob("*.md"))
    # A link to a missing file is only a warning to Pelican, which would
    # publish the page with a dead link. The words stay the source's.
    header, body = article.read_text(encoding="utf-8").split("\n\n", 1)
    linked = body.replace(" Akhtarin ", " [Akhtarin]({filename}/missing.md) ", 1)
    assert linked != body
    article.write_text(f"{header}\n\n{linked}", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "missing.md" in result.log
    assert "every warning fails the build" in result.stderr
    assert not result.output.exists()
    # Pelican logs a warning once per process unless told otherwise; a second
    # build in the same process (as make devserver runs them) fails again.
    again = build(project)
    assert again.returncode != 0
    assert "missing.md" in again.log
    assert not again.output.exists()


def test_make_help_lists_the_quickstart_targets():
    listing = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    listed = {line.split()[1] for line in listing.splitlines() if line.strip()}
    assert {"html", "publish", "serve", "devserver", "clean", "test", "help"} <= listed
    assert {"github", "dist", "archive", "bench", "lighthouse", "screenshots"} <= listed
