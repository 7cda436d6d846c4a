"""Peak memory of a process together with every process it starts.

A build may fork worker processes; their memory counts as much as the main
process's. The kernel's own peak (``ru_maxrss``) is per process, so here the
tree's proportional set sizes (PSS: each shared page split between the
processes that map it, so the sum is what the tree occupies) are added up
and sampled while it runs. Linux only; elsewhere ``None``.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")
INTERVAL_SECONDS = 0.01


def process_tree(pid: int) -> list[int]:
    found = [pid]
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text()
        except OSError:
            continue
        for child in children.split():
            found += process_tree(int(child))
    return found


def pss_kib(pid: int) -> int:
    try:
        with open(PROC / str(pid) / "smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreePeak:
    """Sample a running process tree from a thread until ``stop()``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self.processes = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.available = (PROC / str(pid) / "smaps_rollup").exists()
        if self.available:
            self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            pids = process_tree(self.pid)
            total = sum(pss_kib(pid) for pid in pids)
            if total > self.peak_kib:
                self.peak_kib = total
            self.processes = max(self.processes, len(pids))
            self._done.wait(INTERVAL_SECONDS)

    def stop(self) -> float | None:
        """The peak in MiB, or None where it cannot be measured."""
        self._done.set()
        if self.available:
            self._thread.join()
            return self.peak_kib / 1024
        return None
