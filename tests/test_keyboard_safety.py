"""What a person at the keyboard can do wrong, and what the project does
then: builds started together take turns, a draft never leaves the machine,
errors read as one line each, editor leftovers are ignored, the servers stop
cleanly and answer like GitHub Pages, and make says what it does. Each test
runs the real commands (make, or the build in its own process)."""

from __future__ import annotations

import fcntl
import io
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import pytest

from newsarchive.archive.make_archive import make_archive
from newsarchive.books import copy_books
from newsarchive.devtools.git_sandbox import grep_branch
from newsarchive.devtools.site_builder import (
    ARTICLE_FILE,
    ARTICLE_SLUG,
    ROOT,
    TEST_SITEURL,
    build,
    build_process,
    copy_project,
    make,
    make_command,
    make_environment,
    make_project,
    soup_of,
)
from newsarchive.devtools.site_crawl import fetch
from newsarchive.header import read_header
from newsarchive.manifest import read_manifest
from newsarchive.offline_zip import make_zip

DRAFT = """Title: A draft that must stay here
Date: 2014-07-09T10:00:00-04:00
Category: World
Tags: Unpublished tag
Slug: a-draft-that-must-stay-here
Status: draft
Summary: Text written for the tests; never published.

This draft exists only to test that drafts stay on the machine.
"""
NO_SOURCE = DRAFT.replace("Status: draft\n", "").replace("a-draft", "an-article")
LOCAL_SITEURL = "http://localhost:8000"


def canonical_links(output: Path) -> list[str]:
    pattern = re.compile(r'<link rel="canonical" href="([^"]+)"')
    return [
        pattern.search(page.read_text(encoding="utf-8")).group(1)
        for page in sorted(output.rglob("*.html"))
    ]


# 1. Builds never collide ------------------------------------------------------


def test_a_second_build_waits_for_the_first_then_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    held = os.open(project, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # a build in progress
    waiting = build_process(project, "pelicanconf.py")
    # Its first line, however long a loaded machine takes to start Python.
    ready, _, _ = select.select([waiting.stdout], [], [], 60)
    said = waiting.stdout.readline() if ready else ""
    assert said == f"waiting for another build in {project}/ to finish ...\n", said
    assert waiting.poll() is None, "the second build did not wait"
    assert not (project / "output").exists()
    os.close(held)
    stdout, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stdout + stderr
    assert read_manifest(project / "output").site_url == LOCAL_SITEURL


def test_a_published_build_racing_a_local_one_leaves_one_whole_site(tmp_path):
    project = copy_project(tmp_path / "project")
    for _ in range(3):
        local = build_process(project, "pelicanconf.py")
        published = build_process(project, "publishconf.py", TEST_SITEURL)
        for process in (local, published):
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stdout + stderr
        output = project / "output"
        assert output.is_dir()
        built_for = read_manifest(output).site_url
        assert built_for in (LOCAL_SITEURL, TEST_SITEURL)
        # Every page is of that one build: none names the other address.
        links = canonical_links(output)
        assert len(links) > 5
        assert [link for link in links if not link.startswith(f"{built_for}/")] == []
        assert not (project / ".output.building").exists()
        assert not (project / ".output.previous").exists()


# 2. A draft never leaves the machine ------------------------------------------


def everything_in(folder: Path) -> bytes:
    """Every file's bytes, and those of every member of a zip inside."""
    data = b""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data += path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(name) for name in archive.namelist())
    return data


def test_a_draft_is_in_no_published_output(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "draft.md").write_text(DRAFT, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    dist = project / "dist"
    with redirect_stdout(io.StringIO()):
        copy_books(built.output, dist)
        make_zip(built.output, dist)
        make_archive(built.output, dist, project)
    for folder in (built.output, dist):
        contents = everything_in(folder)
        for trace in (
            b"a-draft-that-must-stay-here",
            b"A draft that must stay here",
            b"Unpublished",
        ):
            assert trace not in contents, (folder.name, trace)
    assert not (built.output / "drafts").exists()
    assert [a.slug for a in read_manifest(built.output).articles] == [ARTICLE_SLUG]
    # `make html` shows it, for a look before publishing.
    local = build(project, settings="pelicanconf.py", siteurl=None)
    assert local.returncode == 0, local.log
    assert (local.output / "drafts" / "a-draft-that-must-stay-here.html").is_file()


def test_a_drafts_page_links_only_to_files_the_build_wrote(tmp_path):
    """A draft that records its source still gets no copies (book, one-file
    page, citation files): no build writes them, so its page offers none."""
    project = copy_project(tmp_path / "project")
    recorded = ARTICLE_FILE.read_text(encoding="utf-8")
    draft = recorded.replace(f"Slug: {ARTICLE_SLUG}", "Slug: a-recorded-draft").replace(
        "Status: published", "Status: draft"
    )
    assert draft.count("a-recorded-draft") == draft.count("Status: draft") == 1
    (project / "content" / "draft.md").write_text(draft, encoding="utf-8")
    local = build(project, settings="pelicanconf.py", siteurl=None)
    assert local.returncode == 0, local.log
    page = local.output / "drafts" / "a-recorded-draft.html"
    links = [a["href"] for a in soup_of(page).find_all("a", href=True)]
    local_files = [href for href in links if "://" not in href and not href.startswith("#")]
    assert local_files, links
    missing = [href for href in local_files if not (page.parent / href).resolve().is_file()]
    assert missing == []
    # The published article beside it keeps its copies.
    published = soup_of(local.output / f"{ARTICLE_SLUG}.html")
    assert published.find("a", href=f"./{ARTICLE_SLUG}.epub")


def test_make_github_never_deploys_a_draft(tmp_path):
    project = make_project(tmp_path / "project", "https://github.com/someone/news.git")
    (project / "content" / "draft.md").write_text(DRAFT, encoding="utf-8")
    result = make(project, "github")
    assert result.returncode == 0, result.stdout + result.stderr
    # git grep says 1 for no match, and 128 when there is no gh-pages to search.
    draft = grep_branch(project, read_header(DRAFT)[0]["slug"])
    assert draft.returncode == 1, draft.stdout + draft.stderr
    published = grep_branch(project, ARTICLE_SLUG)
    assert published.returncode == 0 and published.stdout, published.stderr


# 4. Errors read cleanly ------------------------------------------------------


@pytest.mark.parametrize("target", ["html", "publish"])
def test_a_content_error_is_one_line_per_problem_and_no_traceback(tmp_path, target):
    project = make_project(tmp_path / "project", "https://github.com/someone/news.git")
    assert make(project, "html").returncode == 0
    broken = ARTICLE_FILE.read_text(encoding="utf-8").replace(
        "Date: 2014-07-08T00:00:00-04:00", "Date: 2014-07-10 14:15"
    )
    (project / "content" / "x.md").write_text(broken.replace("Slug: ", "Slug: x-"), "utf-8")
    result = make(project, target)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
    assert lines == [
        "error: content/x.md: Date: '2014-07-10 14:15' is not a complete ISO 8601 date-time "
        "with a timezone (for example 2014-07-08T09:30:00-04:00)",
        "error: 1 problem(s) in content; nothing was written",
        "output/ kept as it was",
    ]
    assert "Traceback" not in result.stdout
    assert (project / "output" / "index.html").is_file()


def break_template(project: Path, text: str) -> int:
    """The article list the home page includes, as in the theme with text
    added at its end; returns the line text is on."""
    name = Path("theme", "templates", "partials", "article_list.html")
    source = (ROOT / name).read_text(encoding="utf-8")
    template = project / name
    template.write_text(source + text, encoding="utf-8")
    return source.count("\n") + 1


def test_a_template_that_does_not_compile_is_named_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    line = break_template(project, "{% if %}")
    process = build_process(project, "pelicanconf.py")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert stderr.splitlines() == [
        f"error: theme/templates/partials/article_list.html:{line}: "
        "Expected an expression, got 'end of statement block'",
        "output/ not created",
    ]
    assert not (project / "output").exists()


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--settings", "missing.py"], "error: missing.py: no such settings file"),
        (["--content", "elsewhere"], "error: elsewhere/: no such content folder"),
        (["--output", "no/such/output"], "/no/such/ does not exist; create it first"),
    ],
)
def test_a_build_pointed_at_nothing_says_so_in_one_line(tmp_path, arguments, said):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive.build", *arguments],
        cwd=project,
        env=make_environment(project),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert said in result.stderr.splitlines()[0]
    assert "Traceback" not in result.stderr


def test_an_unexpected_crash_keeps_its_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    break_template(project, "{{ 1 / 0 }}")
    process = build_process(project, "pelicanconf.py")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback (most recent call last)" in stderr
    assert "ZeroDivisionError" in stderr
    assert not (project / "output").exists()


# 5. Editor and system leftovers ----------------------------------------------

LEFTOVERS = ("x.md~", ".#x.md", "#x.md#", ".x.md.swp", "x.md.swp", ".DS_Store")


def test_editor_leftovers_are_ignored_and_other_files_say_how_to_fix_them(tmp_path):
    project = copy_project(tmp_path / "project")
    for name in LEFTOVERS:
        (project / "content" / name).write_text("Title: leftover\n", encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    (project / "content" / "notes.txt").write_text("notes\n", encoding="utf-8")
    failed = build(project)
    assert failed.returncode == 2
    assert (
        "error: content/notes.txt: is not a Markdown (.md) file; articles are Markdown: rename "
        "it to .md, move it out of content/, or add a pattern for it to IGNORE_FILES in "
        "pelicanconf.py"
    ) in failed.stderr.splitlines()


# 6. Servers behave -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {condition.__name__}")
        time.sleep(0.1)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_make(project: Path, target: str, port: int) -> subprocess.Popen:
    """`make TARGET PORT=port` in a session of its own, as from a terminal;
    what it prints goes to make.log beside the project."""
    with (project.parent / "make.log").open("w") as log:
        return subprocess.Popen(
            make_command(target, f"PORT={port}"),
            cwd=project,
            env=make_environment(project),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def printed_by_make(project: Path) -> str:
    return (project.parent / "make.log").read_text(encoding="utf-8")


def descendants(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    found = [int(child) for child in children.stdout.split()]
    return found + [grandchild for child in found for grandchild in descendants(child)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_and_check_nothing_is_left(server: subprocess.Popen, port: int, signum: int) -> None:
    """Send signum as a person would (SIGINT: Ctrl-C, to the whole terminal
    session; SIGTERM: to the process make started), then check that make
    ended, the port is free and none of its processes is left."""
    started = descendants(server.pid)
    if signum == signal.SIGINT:
        os.killpg(server.pid, signal.SIGINT)
    else:
        (child,) = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        os.kill(int(child), signum)
    server.wait(timeout=30)
    wait_for(lambda: not listening(port), 10)
    assert started
    assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []


@contextmanager
def serving(project: Path, target: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """`make serve` or `make devserver` on a free port, once it listens;
    whatever is left of it is killed at the end, whatever the test did."""
    port = free_port()
    server = start_make(project, target, port)
    try:
        wait_for(lambda: listening(port))
        yield port, server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


@contextmanager
def devserver(tmp_path: Path) -> Iterator[tuple[Path, int, subprocess.Popen]]:
    project = make_project(tmp_path / "project")
    with serving(project, "devserver") as (port, server):
        # Edits from here on are seen: the devserver says so once it watches.
        wait_for(lambda: "rebuilding on every change" in printed_by_make(project))
        yield project, port, server


def test_devserver_stops_on_ctrl_c_and_leaves_nothing_listening(tmp_path):
    with devserver(tmp_path) as (project, port, server):
        assert fetch(f"http://127.0.0.1:{port}/index.html")[0] == 200
        stop_and_check_nothing_is_left(server, port, signal.SIGINT)


@pytest.mark.slow
def test_devserver_waits_idle_after_a_failed_rebuild_and_stops_on_sigterm(tmp_path):
    with devserver(tmp_path) as (project, port, server):
        (python,) = descendants(server.pid)
        (project / "content" / "broken.md").write_text("Title: no date\n\nText.\n", "utf-8")

        def reported() -> bool:
            return "output/ kept as it was" in printed_by_make(project)

        wait_for(reported)
        assert fetch(f"http://127.0.0.1:{port}/index.html")[0] == 200, "the last good site"
        before = cpu_seconds(python)
        time.sleep(10)
        used = cpu_seconds(python) - before
        print(f"\n[devserver] CPU seconds over 10 idle seconds after a failed rebuild: {used:.2f}")
        assert used < 0.5
        stop_and_check_nothing_is_left(server, port, signal.SIGTERM)
    printed = printed_by_make(project)
    assert "error: content/broken.md: Date: is missing" in printed
    assert "Traceback" not in printed


def test_devserver_keeps_serving_through_a_broken_template(tmp_path):
    with devserver(tmp_path) as (project, port, server):
        break_template(project, "{% if %}")
        wait_for(lambda: "Expected an expression" in printed_by_make(project))
        break_template(project, "{{ 1 / 0 }}")
        wait_for(lambda: "ZeroDivisionError" in printed_by_make(project))
        assert fetch(f"http://127.0.0.1:{port}/index.html")[0] == 200, "the last good site"
        assert server.poll() is None, printed_by_make(project)
        stop_and_check_nothing_is_left(server, port, signal.SIGTERM)
    printed = printed_by_make(project)
    assert "error: theme/templates/partials/article_list.html:" in printed
    assert printed.count("output/ kept as it was") >= 2


@pytest.mark.parametrize("target", ["serve", "devserver"])
def test_a_port_in_use_is_one_line_naming_another(tmp_path, target):
    project = make_project(tmp_path / "project")
    assert make(project, "html").returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            make_command(target, f"PORT={port}"),
            cwd=project,
            env=make_environment(project),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert errors == [
        f"error: port {port} is in use, perhaps by another server; stop it, or choose "
        f"another port: PORT={port + 1} make {target}"
    ]


def test_make_serve_answers_a_missing_page_with_the_404_page(tmp_path):
    project = make_project(tmp_path / "project")
    assert make(project, "html").returncode == 0
    with serving(project, "serve") as (port, server):
        status, kind, body = fetch(f"http://127.0.0.1:{port}/no/such/page.html")
        assert status == 404
        assert kind.startswith("text/html")
        assert body == (project / "output" / "404.html").read_bytes()
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 200


# 7. Say what was skipped -----------------------------------------------------


def test_epub_dist_and_archive_name_each_article_they_made_no_copy_for(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "plain.md").write_text(NO_SOURCE, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    said = (
        "content/plain.md: it records no Source_sha256, so a copy could not say what it was "
        "made from"
    )
    plain = read_header(NO_SOURCE)[0]["slug"]
    (record,) = [a for a in read_manifest(built.output).articles if a.slug == plain]
    assert (record.epub, record.standalone) == (None, None)
    assert "Source_sha256" in record.no_copy_reason
    dist = tmp_path / "dist"
    written = []
    for step in (copy_books, make_zip, lambda site, dist: make_archive(site, dist, project)):
        printed = io.StringIO()
        with redirect_stdout(printed):
            made = step(built.output, dist)
        assert said in printed.getvalue()
        if step is not make_zip:
            written += [Path(path).name for path in made]
    # The real article's copies are there; none is named for the plain one.
    assert f"{ARTICLE_SLUG}.epub" in written
    assert f"{ARTICLE_SLUG}.standalone.html" in written
    assert [name for name in written if plain in name] == []
    assert [path.name for path in dist.iterdir() if plain in path.name] == []
    assert "SHA256SUMS" in written
    assert plain not in (dist / "SHA256SUMS").read_text(encoding="utf-8")


# 8. Make's own words are true ------------------------------------------------

GENERATED = (
    "output/index.html", ".output.building/x", ".output.previous/x", "dist/x.zip", "cache/x",
    ".bench/x", ".pytest_cache/x", ".ruff_cache/x", ".hypothesis/x", "content/__pycache__/x.pyc",
    "theme/templates/__pycache__/x.pyc", "x.egg-info/PKG-INFO",
)  # fmt: skip
TOOLS = (".venv/marker", "node_modules/marker", ".venv/lib/__pycache__/kept.pyc")


def test_make_clean_removes_every_generated_file_and_keeps_the_tools(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    for name in GENERATED + TOOLS:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("x", encoding="utf-8")
    subprocess.run(["make", "--no-print-directory", "clean"], cwd=project, check=True)
    assert [name for name in GENERATED if (project / name).exists()] == []
    assert [path for path in project.rglob("__pycache__") if ".venv" not in path.parts] == []
    assert all((project / name).exists() for name in TOOLS)
    subprocess.run(["make", "--no-print-directory", "distclean"], cwd=project, check=True)
    assert not (project / ".venv").exists() and not (project / "node_modules").exists()
    assert (project / "content").is_dir() and (project / "Makefile").is_file()


def test_make_help_prints_the_real_port():
    for variables, port in (([], "8000"), (["PORT=8123"], "8123")):
        listing = subprocess.run(
            ["make", "--no-print-directory", "help", *variables],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "$(PORT)" not in listing
        assert f"http://localhost:{port}" in listing
        (clean,) = [line for line in listing.splitlines() if line.split()[1] == "clean"]
        assert "keeps .venv/ and node_modules/" in clean
