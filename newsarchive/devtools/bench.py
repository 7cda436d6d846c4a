"""Build time, peak memory and page weight: this project's theme and plugins
against Pelican's default theme, on the same synthetic content of 1, 100 and
1,000 articles (and 5,000 with --with-5000).

    python -m newsarchive.devtools.bench [--sizes 1 100 1000] [--with-5000] [--runs 11]
                               [--output BENCHMARKS.md] [--work-dir DIR]

Each size is built in --runs rounds (four times as many below 100 articles,
whose short builds give the noisiest ratios), a round being one build of
each kind with each kind first in turn, each build a fresh
`python -m pelican content -s SETTINGS` process. A ratio is the median of
the rounds' ratios, so both sides of a ratio ran under the same machine load;
the middle half of them is printed beside it. Below 100 articles, where a build is
mostly fixed costs, a third build in each round is ours without the
per-article copies (book, one-file page, citation files), to show what they
cost. Peak memory is the build process's
largest resident set (the kernel's ru_maxrss). The report is printed and
written to --output, keeping its hand-written notes.
"""

from __future__ import annotations

import argparse
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
from importlib.metadata import version
from pathlib import Path

from newsarchive.devtools.page_weight import gzip_size, text_gzip_size
from newsarchive.devtools.site_builder import ARTICLE_SLUG, SOURCE_TEXT
from newsarchive.devtools.site_crawl import loaded_by
from newsarchive.devtools.synthetic_site import write_articles
from newsarchive.devtools.system_tools import ROOT

ARTICLE_PAGE = f"{ARTICLE_SLUG}.html"
DEFAULT_SIZES = (1, 100, 1000)
SITEURL = "http://localhost:8000"
PROCESSED = re.compile(r"Processed (\d+) articles?,")
# Ours against the default theme, at most.
TARGETS = {(1, "time"): 1.10, (1000, "time"): 1.05, (1000, "memory"): 1.05}
# Growth per added article stays within this band of the step below it.
LINEAR_BAND = (0.75, 1.33)
# Pairs of builds per size are --runs times this below 100 articles.
SMALL_SITE_REPEAT = 4
# Everything from this heading on in the output file is written by hand.
NOTES_HEADING = "## Notes"

# The settings that name each per-article copy; empty writes none.
COPY_SETTINGS = ("EPUB_SAVE_AS", "STANDALONE_SAVE_AS", "BIB_SAVE_AS", "RIS_SAVE_AS")
WITHOUT_COPIES_SETTINGS = '''"""The project's publishing settings, theme and plugins, writing
no per-article copies: a comparison of newsarchive.devtools.bench.
Generated; do not edit."""

from pelican.settings import get_settings_from_file

globals().update(get_settings_from_file({settings!r}))

THEME = {theme!r}
{copies}
'''
DEFAULT_THEME_SETTINGS = '''"""The project's publishing settings with Pelican's default theme and no
project plugins: the baseline of newsarchive.devtools.bench. Generated; do not edit."""

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

globals().update(get_settings_from_file({settings!r}))

THEME = DEFAULT_CONFIG["THEME"]
PLUGINS = []
JINJA_ENVIRONMENT = DEFAULT_CONFIG["JINJA_ENVIRONMENT"]
TEMPLATE_EXTENSIONS = DEFAULT_CONFIG["TEMPLATE_EXTENSIONS"]
DIRECT_TEMPLATES = DEFAULT_CONFIG["DIRECT_TEMPLATES"]
'''


@dataclass
class Build:
    seconds: float
    peak_mib: float


@dataclass
class Size:
    articles: int
    # Builds by kind ("ours", "default", "without copies"), one per round.
    builds: dict[str, list[Build]] = field(default_factory=dict)
    weights: dict[str, dict[str, int]] = field(default_factory=dict)

    def median(self, kind: str, attribute: str) -> float:
        return statistics.median(getattr(build, attribute) for build in self.builds[kind])

    def ratios(self, attribute: str, kind: str = "ours") -> list[float]:
        """Kind over default, round by round."""
        pairs = zip(self.builds[kind], self.builds["default"], strict=True)
        return [getattr(a, attribute) / getattr(b, attribute) for a, b in pairs]

    def ratio(self, attribute: str, kind: str = "ours") -> float:
        return statistics.median(self.ratios(attribute, kind))

    def spread(self, attribute: str, kind: str = "ours") -> str:
        """The middle half of the rounds' ratios: how far the machine's noise
        moves the figure."""
        values = self.ratios(attribute, kind)
        if len(values) < 2:
            return "—"
        first, _, third = statistics.quantiles(values, n=4)
        return f"{first:.2f}–{third:.2f}"


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


def build(settings: Path, site: Path, output: Path, articles: int) -> Build:
    """One cold build in a fresh process: wall time and peak memory."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", "content", "-s", str(settings), "-o", str(output)]
    # Python's bytecode cache on, as on a usual machine: the first round of
    # builds writes it for the project's settings and plugins.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONHASHSEED="0", SITEURL=SITEURL, COLUMNS="200")
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=site, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        log.seek(0)
        text = log.read().decode("utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"build failed: {' '.join(command)} in {site}\n{text}")
    processed = PROCESSED.search(text)
    if not processed or int(processed.group(1)) != articles:
        raise RuntimeError(f"expected {articles} article(s) in the build log:\n{text}")
    return Build(seconds, usage.ru_maxrss / 1024)


def measure(articles: int, runs: int, work: Path, seed: int) -> Size:
    site = work / f"articles-{articles}"
    shutil.rmtree(site, ignore_errors=True)
    write_articles(site / "content", articles, seed=seed)
    settings = {"ours": ROOT / "publishconf.py", "default": work / "default_theme.py"}
    if articles < 100:
        runs *= SMALL_SITE_REPEAT
        settings["without copies"] = work / "without_copies.py"
    kinds = list(settings)
    result = Size(articles, {kind: [] for kind in kinds})
    for run in range(runs):
        # Each kind goes first in turn, so none always meets a cold cache.
        shift = run % len(kinds)
        for kind in kinds[shift:] + kinds[:shift]:
            done = build(settings[kind], site, output_folder(site, kind), articles)
            result.builds[kind].append(done)
            progress(
                f"[{articles:,}] run {run + 1}/{runs} {kind:<14} "
                f"{done.seconds:6.2f} s {done.peak_mib:6.1f} MiB"
            )
    for theme in ("ours", "default"):
        loaded = loaded_by(output_folder(site, theme), ARTICLE_PAGE)
        result.weights[theme] = {name: gzip_size(data) for name, data in loaded.items()}
    return result


def output_folder(site: Path, kind: str) -> Path:
    return site / f"output-{kind.replace(' ', '-')}"


def table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; align has one letter per column, l or r (default r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    rule = "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"
    lines = ["| " + " | ".join(headers) + " |", rule]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def results_table(sizes: list[Size], text_gzip: int) -> str:
    rows = [
        [
            f"{s.articles:,}",
            f"{s.median('ours', 'seconds'):.3f}",
            f"{s.median('default', 'seconds'):.3f}",
            f"**{s.ratio('seconds'):.2f}**",
            f"{s.median('ours', 'peak_mib'):.1f}",
            f"{s.median('default', 'peak_mib'):.1f}",
            f"**{s.ratio('peak_mib'):.2f}**",
            f"{sum(s.weights['ours'].values()) / text_gzip:.2f}",
        ]
        for s in sizes
    ]
    headers = ["articles", "ours (s)", "default (s)", "time ours/default"]
    headers += ["ours peak (MiB)", "default peak (MiB)", "memory ours/default", "weight/text"]
    return table(headers, rows, "r" * len(headers))


def targets_table(sizes: list[Size]) -> str:
    by_count = {s.articles: s for s in sizes}
    rows = []
    for (articles, what), limit in TARGETS.items():
        if articles not in by_count:
            rows.append([f"{articles:,} article(s), {what}", f"≤ {limit:.2f}", "not run", "", ""])
            continue
        attribute = "seconds" if what == "time" else "peak_mib"
        value = by_count[articles].ratio(attribute)
        met = "yes" if value <= limit else "no"
        spread = by_count[articles].spread(attribute)
        rows.append(
            [f"{articles:,} article(s), {what}", f"≤ {limit:.2f}", f"{value:.3f}", spread, met]
        )
    headers = ["ours/default", "target", "measured", "middle half of rounds", "met"]
    return table(headers, rows, "lrrrl")


def copies_table(sizes: list[Size]) -> str:
    rows = []
    for s in sizes:
        if "without copies" not in s.builds:
            continue
        for kind in ("ours", "without copies"):
            rows.append(
                [
                    f"{s.articles:,}",
                    kind,
                    f"{s.median(kind, 'seconds'):.3f}",
                    f"**{s.ratio('seconds', kind):.2f}**",
                    s.spread("seconds", kind),
                    f"{s.ratio('peak_mib', kind):.2f}",
                ]
            )
    headers = ["articles", "build", "time (s)", "time /default", "middle half of rounds"]
    headers.append("memory /default")
    return table(headers, rows, "rlrrrr") if rows else ""


def growth(sizes: list[Size]) -> tuple[str, list[str]]:
    """Marginal cost per added article between sizes from 100 up, and whether
    it stays linear from one step to the next."""
    steps = [s for s in sizes if s.articles >= 100]
    rows, slopes = [], []
    for a, b in zip(steps, steps[1:], strict=False):
        added = b.articles - a.articles
        row = [f"{a.articles:,} → {b.articles:,}"]
        for theme in ("ours", "default"):
            seconds = (b.median(theme, "seconds") - a.median(theme, "seconds")) / added
            mib = (b.median(theme, "peak_mib") - a.median(theme, "peak_mib")) / added
            row += [f"{seconds * 1000:.2f}", f"{mib * 1024:.1f}"]
            if theme == "ours":
                slopes.append((a, b, seconds, mib))
        rows.append(row)
    notes = []
    for (_, _, t1, m1), (a, b, t2, m2) in zip(slopes, slopes[1:], strict=False):
        for what, first, second in (("time", t1, t2), ("memory", m1, m2)):
            step = second / first if first > 0 else float("inf")
            low, high = LINEAR_BAND
            verdict = "linear" if low <= step <= high else "not linear"
            notes.append(
                f"Ours, {what}: each article from {a.articles:,} to {b.articles:,} costs "
                f"{step:.2f}× what it cost below {a.articles:,}: {verdict} "
                f"(linear within {low}–{high}×)."
            )
    if len(slopes) < 2:
        notes.append("Linearity needs two steps from 100 articles up: add --with-5000.")
    headers = ["articles", "ours ms/article", "ours KiB/article"]
    headers += ["default ms/article", "default KiB/article"]
    return (table(headers, rows) if rows else ""), notes


def weight_table(size: Size, text_gzip: int) -> str:
    rows = []
    for theme, files in size.weights.items():
        rows += [[theme, name, f"{value:,}"] for name, value in sorted(files.items())]
        total = sum(files.values())
        rows.append([theme, f"**total** (×{total / text_gzip:.2f} the text)", f"**{total:,}**"])
    rows.append(["", f"article text, {SOURCE_TEXT.name}", f"{text_gzip:,}"])
    return table(["theme", "file", "gzip bytes"], rows, "llr")


def report(sizes: list[Size], runs: int, info: dict[str, str]) -> str:
    text_gzip = text_gzip_size()
    growth_table, growth_notes = growth(sizes)
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`newsarchive/devtools/bench.py`), which rewrites "
        f"everything above `{NOTES_HEADING}` on each run.",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cores']} cores (shared; every figure from this run)",
        f"- Python {info['python']}, Pelican {info['pelican']}, Markdown {info['markdown']}, "
        f"Jinja2 {info['jinja2']}",
        f"- {runs} rounds of builds per size ({runs * SMALL_SITE_REPEAT} below 100 articles), "
        "one build of each kind a round, each kind first in turn, each a fresh "
        "`python -m pelican content -s SETTINGS` process with an empty output folder.",
        "",
        "**ours** is `publishconf.py` with this project's theme and plugins. **default** is "
        "the same settings with Pelican's default theme (`notmyidea`), no project plugins, and "
        "Pelican's default Jinja options, template extensions and direct templates. Both build "
        "the same content (`newsarchive/devtools/synthetic_site.py`: the real article, then "
        "copies of its text under other titles, slugs, dates, 5 categories and 20 tags). Times and "
        "memory are medians; a ratio is the median of the rounds' ratios, and the middle "
        "half of those ratios shows how much the machine's load moves it. Peak memory is the "
        "build process's largest resident set. Python's bytecode cache is on, as on a usual "
        "machine. Weight is the gzip size of the article page and every file it loads, over "
        "the gzip size of the article's own text.",
        "",
        results_table(sizes, text_gzip),
        "",
        "## Targets",
        "",
        targets_table(sizes),
        "",
    ]
    copies = copies_table(sizes)
    if copies:
        parts += [
            "## What the per-article copies cost",
            "",
            "Below 100 articles each round also builds **without copies**: ours with "
            + ", ".join(f"`{name}`" for name in COPY_SETTINGS)
            + " empty, so no EPUB book, one-file page or citation file is written. Its "
            "ratios are to the default builds of the same rounds.",
            "",
            copies,
            "",
        ]
    parts += ["## Growth", ""]
    if growth_table:
        parts += [growth_table, ""]
    parts += [f"- {note}" for note in growth_notes]
    parts += ["", "## Page weight, file by file", "", weight_table(sizes[0], text_gzip)]
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
    parser.add_argument("--runs", type=int, default=11, help="rounds of builds per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--work-dir", type=Path, default=ROOT / ".bench")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([5000] if args.with_5000 else [])))
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    (work / "default_theme.py").write_text(
        DEFAULT_THEME_SETTINGS.format(settings=str(ROOT / "publishconf.py")), encoding="utf-8"
    )
    (work / "without_copies.py").write_text(
        WITHOUT_COPIES_SETTINGS.format(
            settings=str(ROOT / "publishconf.py"),
            # The theme is named relative to the settings file it is set in.
            theme=str(ROOT / "theme"),
            copies="\n".join(f'{name} = ""' for name in COPY_SETTINGS),
        ),
        encoding="utf-8",
    )
    info = machine()
    progress(f"benchmark: sizes {sizes}, {args.runs} round(s) each; {info['cpu']}")
    results = [measure(articles, args.runs, work, args.seed) for articles in sizes]
    text = report(results, args.runs, info)
    notes = kept_notes(args.output)
    args.output.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")
    print()
    print(text)
    progress(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
