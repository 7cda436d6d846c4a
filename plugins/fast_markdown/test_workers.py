"""Markdown converted in worker processes is the Markdown the main process
would have converted, and the build falls back to it whenever workers cannot
be used or fail on a file."""

from __future__ import annotations

import faulthandler
import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

from markdown import Markdown

from benchmarks.synthetic_site import write_articles
from tests.site_builder import ROOT, output_files

from . import workers
from .fast_markdown import ReusingMarkdownReader
from .test_fast_markdown import DOCUMENTS, settings
from .workers import Prefetch


def test_worker_results_match_the_main_process(tmp_path: Path):
    paths = []
    for name, text in DOCUMENTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    serial = ReusingMarkdownReader(settings())
    expected = [serial.read(path) for path in paths]

    parallel = ReusingMarkdownReader(settings())
    # The reader completes the Markdown settings (its extension list) first.
    parallel.prefetch = Prefetch(paths, parallel.settings["MARKDOWN"], 2)
    assert [parallel.read(path) for path in paths] == expected


def test_the_reader_uses_the_workers_html(tmp_path: Path, monkeypatch):
    paths = []
    for name, text in DOCUMENTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    reader = ReusingMarkdownReader(settings(formatted=[]))
    reader.prefetch = Prefetch(paths, reader.settings["MARKDOWN"], 2)
    # The workers are running; from now on a conversion here is counted.
    converted_here = []
    original = Markdown.convert
    monkeypatch.setattr(
        Markdown, "convert", lambda md, text: converted_here.append(text) or original(md, text)
    )
    results = [reader.read(path) for path in paths]
    assert converted_here == []
    assert all(html for html, _ in results)


def crash_on_second(path: str):
    if path.endswith("second.md"):
        os._exit(3)
    return workers._worker_markdown and (path, "<p>from a worker</p>", {"title": ["W"]})


def test_a_worker_that_dies_leaves_the_files_to_the_main_process(tmp_path, monkeypatch, caplog):
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        paths = []
        for name in ("first.md", "second.md", "third.md"):
            (tmp_path / name).write_text("Title: T\n\nText.\n", encoding="utf-8")
            paths.append(str(tmp_path / name))
        monkeypatch.setattr(workers, "_convert", crash_on_second)
        monkeypatch.setattr(workers, "CHUNKS_AHEAD_PER_WORKER", 1)
        reader = ReusingMarkdownReader(settings())
        prefetch = Prefetch(paths, reader.settings["MARKDOWN"], 1)
        taken = [prefetch.take(path) for path in paths]
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert gc.get_freeze_count() == 0, "objects frozen for the workers are released"
    assert taken[0] == ("<p>from a worker</p>", {"title": ["W"]})
    assert taken[1:] == [None, None], "the main process converts these itself"
    assert "Markdown: a worker process stopped" in caplog.text


def test_a_file_the_workers_cannot_read_is_read_again_here(tmp_path: Path):
    good = tmp_path / "good.md"
    good.write_text("Title: Good\n\nText.\n", encoding="utf-8")
    missing = str(tmp_path / "missing.md")
    reader = ReusingMarkdownReader(settings())
    prefetch = Prefetch([missing, str(good)], reader.settings["MARKDOWN"], 2)
    assert prefetch.take(missing) is None
    html, meta = prefetch.take(str(good))
    assert html == "<p>Text.</p>"
    assert meta == {"title": ["Good"]}
    assert prefetch.take(str(good)) is None, "each result is handed over once"


def test_worker_count_follows_the_setting(monkeypatch):
    monkeypatch.setattr(workers, "other_threads", list)
    assert workers.worker_count({"MARKDOWN_WORKERS": 1}) == 1
    assert workers.worker_count({"MARKDOWN_WORKERS": 3}) == 3
    assert workers.worker_count({}) == len(os.sched_getaffinity(0))


def test_no_workers_beside_another_thread():
    release = threading.Event()
    server = threading.Thread(target=release.wait)
    server.start()
    try:
        assert server in workers.other_threads()
        assert workers.worker_count({"MARKDOWN_WORKERS": 3}) == 1
    finally:
        release.set()
        server.join()


def build(content: Path, output: Path, workers: int) -> str:
    command = [sys.executable, "-m", "pelican", str(content), "--settings", "publishconf.py"]
    command += ["--output", str(output), "--fatal", "warnings", "--verbose"]
    command += ["-e", f"MARKDOWN_WORKERS={workers}", "MARKDOWN_WORKERS_MIN_FILES=2"]
    env = dict(os.environ, PYTHONHASHSEED="0", SITEURL="http://localhost:8000", COLUMNS="200")
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_site_built_with_workers_is_byte_for_byte_the_serial_one(tmp_path: Path):
    content = tmp_path / "content"
    write_articles(content, 40, seed=3)
    parallel_log = build(content, tmp_path / "parallel", workers=2)
    serial_log = build(content, tmp_path / "serial", workers=1)
    assert "Markdown: 40 file(s) in 2 worker process(es)" in parallel_log
    assert "worker process" not in serial_log
    parallel = output_files(tmp_path / "parallel")
    assert len(parallel) > 40
    assert parallel == output_files(tmp_path / "serial")
