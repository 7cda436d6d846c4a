"""Build speed at scale and page weight: the project's theme and plugins
against Pelican's default theme, on synthetic sites of 1, 100 and 1,000
articles (and 5,000 with --with-5000).

    python benchmarks/bench.py [--with-5000] [--sizes 1 100] [--runs 5]
                               [--output BENCHMARKS.md] [--work-dir DIR]
                               [--project DIR]

--project builds another copy of the project (its publishconf.py, theme and
plugins), for example to measure a change before making it here.

Every figure is the median of --runs builds, each a fresh `python -m pelican`
process with no content cache and an empty output folder; the two themes
alternate in the same run so both see the same machine load. Peak memory is
the largest resident set of the build process (wait4). The table is printed
and written to --output.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.memory import TreePeak  # noqa: E402
from benchmarks.synthetic_site import REAL_ARTICLE, split_article, write_articles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEXT = ROOT / "provenance" / "000_10f95968676637c0.txt"
ARTICLE_PAGE = dict(split_article(REAL_ARTICLE.read_text(encoding="utf-8"))[0])["Slug"] + ".html"
DEFAULT_SIZES = (1, 100, 1000)
TARGET_SIZE = 1000
TARGETS = {"cold": 0.75, "incremental": 0.35, "memory": 1.0}
SITEURL = "http://localhost:8000"
PROCESSED = re.compile(r"Processed (\d+) articles?,")
LINEAR_BAND = (0.75, 1.33)
# Everything from this heading on in the output file is written by hand and
# kept when the file is rewritten.
NOTES_HEADING = "## Notes"
TABLE_COLUMNS = (
    "articles",
    "ours cold (s)",
    "default cold (s)",
    "time ours/default",
    "ours peak (MiB)",
    "default peak (MiB)",
    "memory ours/default",
    "incremental (s)",
    "incremental/cold",
    "page weight (gzip B)",
    "weight/text",
)

DEFAULT_THEME_SETTINGS = '''"""The project's publishing settings with Pelican's default theme and no
project plugins: the baseline of benchmarks/bench.py. Generated; do not edit."""

import sys

sys.path.insert(0, {project!r})

from publishconf import *  # noqa: E402,F403
from pelican.settings import DEFAULT_CONFIG  # noqa: E402

THEME = DEFAULT_CONFIG["THEME"]
PLUGINS = []
JINJA_ENVIRONMENT = dict(DEFAULT_CONFIG["JINJA_ENVIRONMENT"])
TEMPLATE_EXTENSIONS = list(DEFAULT_CONFIG["TEMPLATE_EXTENSIONS"])
# The project's sitemap, robots, .nojekyll, CNAME and 404 are its own templates.
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]
'''


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    # All of the build's processes together (benchmarks/memory.py).
    peak_mib: float
    # The largest single process (the kernel's ru_maxrss).
    largest_process_mib: float
    processes: int
    articles: int


@dataclass
class Weight:
    page: int
    loaded: dict[str, int]

    @property
    def total(self) -> int:
        return self.page + sum(self.loaded.values())


@dataclass
class SizeResult:
    articles: int
    ours: list[Build] = field(default_factory=list)
    default: list[Build] = field(default_factory=list)
    incremental: list[Build] = field(default_factory=list)
    weight: Weight | None = None
    default_weight: Weight | None = None

    def median(self, builds: str, attribute: str) -> float:
        return statistics.median(getattr(build, attribute) for build in getattr(self, builds))


def progress(message: str) -> None:
    print(message, flush=True)


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "jinja2": version("jinja2"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, mtime=0))


def run_pelican(
    project: Path, settings: Path, content: Path, output: Path, extra: list[str] | None = None
) -> Build:
    """One build in a fresh process: wall time, peak RSS and articles processed."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "--settings",
        str(settings),
        "--output",
        str(output),
        "--fatal",
        "warnings",
    ]
    if extra:
        command += ["--extra-settings", *extra]
    env = dict(os.environ, PYTHONHASHSEED="0", SITEURL=SITEURL, COLUMNS="200")
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        memory = TreePeak(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        tree_mib = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"build failed ({process.returncode}): {' '.join(command)}\n{text}")
    match = PROCESSED.search(text)
    if not match:
        raise RuntimeError(f"no 'Processed N articles' line in the build log:\n{text}")
    cpu = usage.ru_utime + usage.ru_stime
    largest = usage.ru_maxrss / 1024
    peak = tree_mib if tree_mib is not None else largest
    return Build(seconds, cpu, peak, largest, max(memory.processes, 1), int(match.group(1)))


def describe(build: Build) -> str:
    return (
        f"{build.seconds:6.2f} s (CPU {build.cpu_seconds:6.2f} s) {build.peak_mib:7.1f} MiB "
        f"in {build.processes} process(es), largest {build.largest_process_mib:.1f} MiB"
    )


def tree_differences(first: Path, second: Path) -> list[str]:
    """Relative paths of files missing from one tree or different in bytes."""
    files = {
        path.relative_to(root)
        for root in (first, second)
        for path in root.rglob("*")
        if path.is_file()
    }
    return [
        str(name)
        for name in sorted(files)
        if not ((first / name).is_file() and (second / name).is_file())
        or (first / name).read_bytes() != (second / name).read_bytes()
    ]


def cold_build(project: Path, settings: Path, content: Path, output: Path) -> Build:
    shutil.rmtree(output, ignore_errors=True)
    return run_pelican(project, settings, content, output)


class _References(HTMLParser):
    """Collect what a browser fetches for a page: stylesheets, icons, scripts
    and images."""

    LOADED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and self.LOADED_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img", "source", "iframe") and values.get("src"):
            self.urls.append(values["src"])


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# A @font-face src lists alternatives; a browser fetches the first it supports.
FONT_SRC = re.compile(r"\bsrc\s*:([^;}]*)")


def css_references(css: str) -> list[str]:
    urls = []
    for declaration in FONT_SRC.findall(css):
        urls += [a or b for a, b in CSS_URL.findall(declaration)][:1]
    rest = FONT_SRC.sub("", css)
    return urls + [a or b for a, b in CSS_URL.findall(rest)]


def local_file(site: Path, base: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (base.parent / unquote(parts.path)).resolve()
    return target if target.is_file() and target.is_relative_to(site.resolve()) else None


def page_weight(site: Path, page: Path) -> Weight:
    """Gzip bytes of a page and of every local file it loads, each compressed
    on its own as a server would send it; CSS imports and url()s included."""
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    queue = [(page, url) for url in parser.urls]
    loaded: dict[str, int] = {}
    while queue:
        base, url = queue.pop(0)
        target = local_file(site, base, url)
        if target is None:
            continue
        name = str(target.relative_to(site.resolve()))
        if name in loaded:
            continue
        data = target.read_bytes()
        loaded[name] = gzip_size(data)
        if target.suffix == ".css":
            css = data.decode("utf-8", errors="replace")
            queue += [(target, url) for url in css_references(css)]
    return Weight(gzip_size(page.read_bytes()), loaded)


def edit_article(path: Path, number: int) -> None:
    """Change one article's text, as an author would, and move its mtime on."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\nCorrection {number}: an edit for the benchmark.\n", "utf-8")
    stamp = time.time() + number
    os.utime(path, (stamp, stamp))


def measure_size(
    articles: int, runs: int, project: Path, work: Path, default_settings: Path, seed: int
) -> SizeResult:
    site = work / f"articles-{articles}"
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    paths = write_articles(content, articles, seed=seed)
    progress(f"[{articles}] wrote {len(paths)} articles into {content}")
    ours_settings = project / "publishconf.py"
    result = SizeResult(articles)
    for run in range(runs):
        order = ("ours", "default") if run % 2 == 0 else ("default", "ours")
        for theme in order:
            settings = ours_settings if theme == "ours" else default_settings
            build = cold_build(project, settings, content, site / f"output-{theme}")
            if build.articles != articles:
                raise RuntimeError(f"{theme}: built {build.articles} articles, not {articles}")
            getattr(result, theme).append(build)
            progress(f"[{articles}] run {run + 1}/{runs} {theme:<7} cold        {describe(build)}")

    # Incremental: a copy of the content, a warm cache, then one edited article.
    edited = site / "content-incremental"
    shutil.copytree(content, edited)
    cache = site / "cache"
    output = site / "output-incremental"
    cached = [
        "CACHE_CONTENT=true",
        "LOAD_CONTENT_CACHE=true",
        f'CACHE_PATH="{cache}"',
    ]
    warm = run_pelican(project, ours_settings, edited, output, cached)
    progress(f"[{articles}] warm build         {warm.seconds:6.2f} s (fills the cache)")
    target = edited / REAL_ARTICLE.name
    for run in range(runs):
        edit_article(target, run + 1)
        build = run_pelican(project, ours_settings, edited, output, cached)
        page = (output / ARTICLE_PAGE).read_text(encoding="utf-8")
        if build.articles != articles or f"Correction {run + 1}:" not in page:
            raise RuntimeError(f"the incremental build missed the edit of {target.name}")
        result.incremental.append(build)
        progress(f"[{articles}] run {run + 1}/{runs} ours    incremental {describe(build)}")

    # The skipped pages must be the very pages a cold build writes.
    check = site / "output-incremental-check"
    cold_build(project, ours_settings, edited, check)
    differences = tree_differences(output, check)
    if differences:
        raise RuntimeError(f"incremental and cold builds differ: {differences[:5]}")
    progress(f"[{articles}] incremental output is byte for byte a cold build's")

    result.weight = page_weight(site / "output-ours", site / "output-ours" / ARTICLE_PAGE)
    result.default_weight = page_weight(
        site / "output-default", site / "output-default" / ARTICLE_PAGE
    )
    return result


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def results_table(results: list[SizeResult], text_gzip: int) -> str:
    lines = [
        "| " + " | ".join(TABLE_COLUMNS) + " |",
        "|" + "---:|" * len(TABLE_COLUMNS),
    ]
    for r in results:
        ours, default = r.median("ours", "seconds"), r.median("default", "seconds")
        ours_mib, default_mib = r.median("ours", "peak_mib"), r.median("default", "peak_mib")
        incremental = r.median("incremental", "seconds")
        weight = r.weight.total if r.weight else 0
        cells = [
            f"{r.articles:,}",
            f"{ours:.2f}",
            f"{default:.2f}",
            ratio(ours, default),
            f"{ours_mib:.1f}",
            f"{default_mib:.1f}",
            ratio(ours_mib, default_mib),
            f"{incremental:.2f}",
            ratio(incremental, ours),
            f"{weight:,}",
            ratio(weight, text_gzip),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_table(results: list[SizeResult]) -> str:
    lines = [
        "| articles | ours CPU (s) | default CPU (s) | CPU ours/default "
        "| incremental CPU (s) | incremental/cold CPU | incremental peak (MiB) "
        "| ours processes | ours largest process (MiB) | default largest process (MiB) "
        "| largest process ours/default |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, default = r.median("ours", "cpu_seconds"), r.median("default", "cpu_seconds")
        incremental = r.median("incremental", "cpu_seconds")
        ours_largest = r.median("ours", "largest_process_mib")
        default_largest = r.median("default", "largest_process_mib")
        cells = [
            f"{r.articles:,}",
            f"{ours:.2f}",
            f"{default:.2f}",
            ratio(ours, default),
            f"{incremental:.2f}",
            ratio(incremental, ours),
            f"{r.median('incremental', 'peak_mib'):.1f}",
            str(max(build.processes for build in r.ours)),
            f"{ours_largest:.1f}",
            f"{default_largest:.1f}",
            ratio(ours_largest, default_largest),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def weight_table(result: SizeResult, text_gzip: int) -> str:
    lines = ["| theme | file | gzip bytes |", "|---|---|---:|"]
    for theme, weight in (("ours", result.weight), ("default", result.default_weight)):
        if weight is None:
            continue
        lines.append(f"| {theme} | {ARTICLE_PAGE} | {weight.page:,} |")
        for name, size in sorted(weight.loaded.items()):
            lines.append(f"| {theme} | {name} | {size:,} |")
        lines.append(
            f"| {theme} | **total** (×{weight.total / text_gzip:.2f} the text) "
            f"| **{weight.total:,}** |"
        )
    lines.append(f"| | article text, {SOURCE_TEXT.name} | {text_gzip:,} |")
    return "\n".join(lines)


def slope_table(results: list[SizeResult]) -> tuple[str, list[str]]:
    """Marginal cost per added article between consecutive sizes from 100 up."""
    steps = [r for r in results if r.articles >= 100]
    lines = [
        "| articles | ours ms/article | ours KiB/article "
        "| default ms/article | default KiB/article |",
        "|---|---:|---:|---:|---:|",
    ]
    slopes: list[tuple[float, float]] = []
    for a, b in zip(steps, steps[1:], strict=False):
        added = b.articles - a.articles
        cells = [f"{a.articles:,} → {b.articles:,}"]
        for theme in ("ours", "default"):
            seconds = (b.median(theme, "seconds") - a.median(theme, "seconds")) / added
            mib = (b.median(theme, "peak_mib") - a.median(theme, "peak_mib")) / added
            cells += [f"{seconds * 1000:.2f}", f"{mib * 1024:.1f}"]
            if theme == "ours":
                slopes.append((seconds, mib))
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    if len(slopes) < 2:
        notes.append(
            "Linearity needs two intervals from 100 articles up: run with --with-5000 to judge."
        )
    for (t1, m1), (t2, m2), a, b in zip(slopes, slopes[1:], steps[1:], steps[2:], strict=False):
        for what, first, second in (("time", t1, t2), ("memory", m1, m2)):
            growth = second / first if first > 0 else float("inf")
            verdict = (
                "linear"
                if LINEAR_BAND[0] <= growth <= LINEAR_BAND[1]
                else ("faster than linear" if growth > LINEAR_BAND[1] else "slower than linear")
            )
            notes.append(
                f"Ours, {what}: the marginal cost per article from {a.articles:,} to "
                f"{b.articles:,} is {growth:.2f}× the one below it: {verdict} "
                f"(linear when within {LINEAR_BAND[0]}–{LINEAR_BAND[1]}×)."
            )
    if lines[2:]:
        return "\n".join(lines), notes
    return "", notes


def targets_table(results: list[SizeResult]) -> str:
    at = next((r for r in results if r.articles == TARGET_SIZE), None)
    if at is None:
        return f"Not measured: this run has no {TARGET_SIZE:,}-article site."
    ours = at.median("ours", "seconds")
    figures = {
        "cold": ("cold build, ours/default", ours / at.median("default", "seconds")),
        "incremental": ("incremental rebuild / cold", at.median("incremental", "seconds") / ours),
        "memory": (
            "peak memory, ours/default",
            at.median("ours", "peak_mib") / at.median("default", "peak_mib"),
        ),
    }
    lines = ["| at 1,000 articles | target | measured | met |", "|---|---:|---:|---|"]
    for key, (label, value) in figures.items():
        met = "yes" if value <= TARGETS[key] else "no"
        lines.append(f"| {label} | ≤ {TARGETS[key]:.2f} | {value:.3f} | {met} |")
    return "\n".join(lines)


def report(results: list[SizeResult], runs: int, info: dict[str, str]) -> str:
    text_gzip = gzip_size(SOURCE_TEXT.read_bytes())
    slopes, notes = slope_table(results)
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`benchmarks/bench.py`), which rewrites everything above "
        f"`{NOTES_HEADING}` (kept as written) on each run.",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cores']} cores (shared; figures from one run)",
        f"- Python {info['python']}, Pelican {info['pelican']}, Markdown {info['markdown']}, "
        f"Jinja2 {info['jinja2']}",
        f"- Each figure: median of {runs} build(s), each a fresh `python -m pelican` process.",
        "",
        "**ours** is `publishconf.py` with the project's theme and plugins. **default** is the "
        "same settings with Pelican's default theme (`notmyidea`), no project plugins, "
        "Pelican's default Jinja options and template extensions, and only the direct "
        "templates that theme has. Both build the same synthetic content "
        "(`benchmarks/synthetic_site.py`: the real article, then copies of its text under "
        "other titles, slugs, dates, 5 categories and 20 tags).",
        "",
        "- cold: empty output folder, no content cache, `--fatal warnings`.",
        "- peak: the most memory the build's processes held together (the sum of their "
        "proportional set sizes, sampled every 10 ms: `benchmarks/memory.py`). Ours converts "
        "Markdown in worker processes (`plugins/fast_markdown/workers.py`), so their memory "
        "counts; the largest single process is in the second table.",
        "- incremental: ours with `CACHE_CONTENT` and `LOAD_CONTENT_CACHE` on, after a warm "
        "build, with one article edited; its ratio is to ours cold. After the runs, a cold "
        "build of the edited content must give the same files, byte for byte, or the "
        "benchmark stops.",
        "- page weight: gzip bytes of the article page plus every file it loads (our "
        "stylesheet is inline; the favicon is loaded), each compressed on its own; the ratio "
        "is to the gzip size of the article's text "
        f"(`provenance/{SOURCE_TEXT.name}`, {text_gzip:,} bytes).",
        "",
        results_table(results, text_gzip),
        "",
        "CPU time (user + system, all processes) of the same builds, less sensitive to other "
        "load on a shared machine than wall time; the peak memory of the incremental builds "
        "(they load the cache beside the site); and the largest single process "
        "(`ru_maxrss`), the figure a per-process measure would give:",
        "",
        cpu_table(results),
        "",
        "## Targets",
        "",
        targets_table(results),
        "",
        "## Growth",
        "",
    ]
    if slopes:
        parts += [slopes, ""]
    parts += [f"- {note}" for note in notes]
    if results and results[0].weight:
        parts += ["", "## Page weight, file by file", "", weight_table(results[0], text_gzip)]
    return "\n".join(parts) + "\n"


def kept_notes(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    start = text.find(f"\n{NOTES_HEADING}\n")
    return text[start + 1 :] if start >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--with-5000", action="store_true", help="also build 5,000 articles")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument(
        "--project",
        type=Path,
        default=ROOT,
        help="project to build (its publishconf.py, theme and plugins); default: this one",
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([5000] if args.with_5000 else [])))
    project = args.project.resolve()
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    default_settings = work / "default_theme_settings.py"
    default_settings.write_text(DEFAULT_THEME_SETTINGS.format(project=str(project)), "utf-8")
    info = machine()
    progress(f"benchmark: sizes {sizes}, {args.runs} run(s) each, project {project}")
    progress(f"machine: {info['cpu']}, {info['cores']} cores")
    results = []
    for articles in sizes:
        results.append(
            measure_size(articles, args.runs, project, work, default_settings, args.seed)
        )
    text = report(results, args.runs, info)
    notes = kept_notes(args.output)
    args.output.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")
    print()
    print(text)
    progress(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
