"""Convert Markdown files in worker processes, ahead of Pelican's reading loop.

Pelican reads content files one after another in one process. On a machine
with several cores, the Markdown conversion (about half of a cold build) can
run in forked workers while the main process builds the articles from the
results, in Pelican's own order.

Workers are used only where forking is safe and worth it: on Linux, with more
than one core, with no other thread running (``pelican --listen`` serves from
one; the thread that draws Pelican's progress line is
harmless), and for at least ``MARKDOWN_WORKERS_MIN_FILES`` files that no content
cache already holds. A file a worker cannot convert is read again in the main
process, so its error is reported exactly as without workers.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from markdown import Markdown
from pelican.utils import pelican_open

DEFAULT_MIN_FILES = 64
# Chunks each worker may have queued or in hand ahead of the reader.
CHUNKS_AHEAD_PER_WORKER = 8

logger = logging.getLogger(__name__)

_worker_markdown: Markdown | None = None

Converted = tuple[str, str | None, dict | None]


def _start_worker(markdown_settings: dict) -> None:
    global _worker_markdown
    gc.enable()
    _worker_markdown = Markdown(**markdown_settings)


def _convert(path: str) -> Converted:
    """The body's HTML and the raw metadata of one file, as the main process
    would get them; (path, None, None) if it fails."""
    md = _worker_markdown
    assert md is not None
    try:
        md.reset()
        with pelican_open(path) as text:
            html = md.convert(text)
        return path, html, getattr(md, "Meta", None)
    except Exception:
        return path, None, None


def _convert_chunk(paths: list[str]) -> list[Converted]:
    return [_convert(path) for path in paths]


def worker_count(settings: dict) -> int:
    """How many worker processes the settings and this machine allow."""
    configured = settings.get("MARKDOWN_WORKERS")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = (cores or 1) if configured is None else int(configured)
    start_methods = multiprocessing.get_all_start_methods()
    forkable = sys.platform.startswith("linux") and "fork" in start_methods
    if not forkable or other_threads():
        return 1
    return max(count, 1)


def other_threads() -> list[threading.Thread]:
    """Threads besides the main one, other than the one that redraws
    Pelican's progress line: it only writes to the terminal, which workers
    never do, so forking beside it cannot leave a worker waiting on its lock."""
    return [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and type(thread).__name__ != "_RefreshThread"
    ]


class Prefetch:
    """Conversions running in worker processes; ``take`` hands each one over
    once, waiting for it if need be.

    Files go to the workers in chunks, in reading order, a bounded number
    ahead of the reader: a build that stops early (the content checks fail)
    waits for those few, not for every file. If a worker process dies
    (killed for memory, say), the rest is converted in the main process,
    with a warning."""

    def __init__(self, paths: list[str], markdown_settings: dict, workers: int) -> None:
        # Objects that exist before the fork (modules, settings, templates)
        # leave the garbage collector's reach while the workers live, so no
        # collection writes to their pages and the workers keep sharing them
        # instead of each getting a copy. Garbage is collected first, so none
        # is kept.
        gc.collect()
        gc.freeze()
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(markdown_settings,),
        )
        size = max(1, min(16, len(paths) // (workers * 8)))
        self._chunks = deque(paths[i : i + size] for i in range(0, len(paths), size))
        self._ahead = workers * CHUNKS_AHEAD_PER_WORKER
        self._running: deque[Future] = deque()
        self._waiting: set[str] = set(paths)
        self._ready: dict[str, tuple[str, dict | None]] = {}
        self._submit()

    def _submit(self) -> None:
        while self._pool is not None and self._chunks and len(self._running) < self._ahead:
            self._running.append(self._pool.submit(_convert_chunk, self._chunks.popleft()))

    def take(self, path: str) -> tuple[str, dict | None] | None:
        if path not in self._waiting:
            return None
        self._waiting.discard(path)
        while path not in self._ready and self._running:
            try:
                results = self._running.popleft().result()
            except BrokenProcessPool as error:
                logger.warning(
                    "Markdown: a worker process stopped (%s); the remaining files are "
                    "converted in the main process",
                    error,
                )
                self.close()
                break
            for done, html, meta in results:
                if html is not None:
                    self._ready[done] = (html, meta)
            self._submit()
        if not self._waiting:
            self.close()
        return self._ready.pop(path, None)

    def close(self) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        self._chunks.clear()
        self._running.clear()
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
