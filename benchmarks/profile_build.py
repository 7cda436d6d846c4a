"""Profile one cold build of a synthetic site with the project's settings and
say where the time goes: by package, by project plugin and template, and the
slowest calls.

    python benchmarks/profile_build.py [--articles 1000] [--top 40]
                                       [--pyinstrument] [--project DIR]

cProfile roughly doubles the run time; compare shares, not seconds, with the
benchmark. --pyinstrument also writes a call tree (sampling, lower overhead)
next to the statistics. Profilers see one process, so Markdown is converted
in it (MARKDOWN_WORKERS=1) unless --workers says otherwise.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_site import write_articles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def origin(filename: str, project: Path) -> str:
    """Group a profiled function by where its code lives."""
    path = Path(filename)
    for folder in ("plugins", "theme"):
        base = project / folder
        if path.is_relative_to(base):
            parts = path.relative_to(base).parts
            return f"ours: {folder}/{parts[0]}" if folder == "plugins" else f"ours: {path.name}"
    if "site-packages" in path.parts:
        index = path.parts.index("site-packages")
        return path.parts[index + 1] if len(path.parts) > index + 1 else "site-packages"
    if filename == "~":
        return "built-in functions"
    return "python" if filename.startswith(("/", "<frozen")) else filename


def by_origin(stats: pstats.Stats, project: Path) -> list[tuple[str, float]]:
    """Own time (tottime) summed by origin, largest first."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[origin(filename, project)] += tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--workers", type=int, default=1, help="MARKDOWN_WORKERS for the build")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "work")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    work = args.work_dir.resolve() / f"profile-{args.articles}"
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    write_articles(content, args.articles)
    pelican_args = [
        str(content),
        "--settings",
        str(project / "publishconf.py"),
        "--output",
        str(work / "output"),
        "--fatal",
        "warnings",
        "--extra-settings",
        f"MARKDOWN_WORKERS={args.workers}",
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    stats_file = work / "build.pstats"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "pelican"]
    subprocess.run(command + pelican_args, cwd=project, env=env, check=True)
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\n{args.articles} articles, {total:.2f} s under cProfile\n")
    print("Own time by origin:")
    for name, seconds in by_origin(stats, project):
        if seconds >= total * 0.005:
            print(f"  {seconds:7.2f} s {seconds / total:6.1%}  {name}")
    print("\nProject code (plugins and templates), cumulative; nested calls overlap:")
    ours = re.escape(str(project)) + r"/(plugins|theme)/"
    stats.sort_stats("cumulative").print_stats(ours, 25)
    print(f"\nSlowest {args.top} calls, cumulative:")
    stats.sort_stats("cumulative").print_stats(args.top)
    if args.pyinstrument:
        shutil.rmtree(work / "output", ignore_errors=True)
        tree = work / "build.pyinstrument.txt"
        command = [sys.executable, "-m", "pyinstrument", "-o", str(tree), "-m", "pelican"]
        subprocess.run(command + pelican_args, cwd=project, env=env, check=True)
        print(f"pyinstrument call tree: {tree}")
    print(f"cProfile statistics: {stats_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
