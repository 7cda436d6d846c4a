"""Build time, peak memory and page weight: this project's settings, theme
and plugins against Pelican out of the box (pelican-quickstart's settings,
its default theme, no plugins) and against this project's settings with
Pelican's default theme, on the same synthetic content of 1, 100 and 1,000
articles (and 5,000 with --with-5000, 10,000 with --with-10000).

    python -m newsarchive.devtools.bench [--sizes 1 100 1000] [--with-5000] [--with-10000]
                               [--runs 11] [--large-runs 3]
                               [--output BENCHMARKS.md] [--work-dir DIR]

Each size is built in --runs rounds (four times as many below 100 articles,
whose short builds give the noisiest ratios; --large-runs at 10,000), a round
being one build of each kind with each kind first in turn, each build a fresh
`python -m pelican CONTENT -s SETTINGS` process. A ratio is the median of
the rounds' ratios, so both sides of a ratio ran under the same machine load;
the middle half of them is printed beside it. Time is the build process's
processor time (user and system), which other work on a shared machine
stretches far less than the wall time, printed too. Up to 1,000 articles
another build in each round is ours without the per-article copies (book,
one-file page, citation files), to show what they
cost. At 10,000 articles each round also builds ours at 1,000, so the time
per article at both sizes is compared under the same load. Peak memory is the
build process's largest resident set (the kernel's ru_maxrss). The report is
printed and written to --output, keeping its hand-written notes.
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

from pelican.settings import get_settings_from_file

from newsarchive.devtools.page_weight import gzip_size, text_gzip_size
from newsarchive.devtools.site_builder import ARTICLE_SLUG, SOURCE_TEXT
from newsarchive.devtools.site_crawl import loaded_by
from newsarchive.devtools.synthetic_site import write_articles
from newsarchive.devtools.system_tools import ROOT

ARTICLE_PAGE = f"{ARTICLE_SLUG}.html"
DEFAULT_SIZES = (1, 100, 1000)
LARGE_SITE = 10_000
# Ours is also built at this size in each round at LARGE_SITE: the time per
# article at both sizes, under the same load.
GROWTH_BASE = 1000
SITEURL = "http://localhost:8000"
PROCESSED = re.compile(r"Processed (\d+) articles?,")
# The kinds of build, as the tables name them; "ours at 1,000" is built in
# the rounds at 10,000 articles only, "without copies" below 100.
LABELS = {
    "ours": "ours",
    "default": "default theme",
    "quickstart": "out of the box",
    "without copies": "without copies",
    "ours at 1,000": "ours at 1,000",
}


@dataclass(frozen=True)
class Target:
    what: str
    articles: int
    attribute: str  # "cpu_seconds" or "peak_mib"
    against: str  # the kind the ratio is to
    limit: float
    aim: float | None = None


TARGETS = (
    Target("1 article, time, ours/default theme", 1, "cpu_seconds", "default", 1.20),
    Target(
        "1,000 articles, time, ours/out of the box", 1000, "cpu_seconds", "quickstart", 1.10, 1.05
    ),
    Target(
        "1,000 articles, memory, ours/out of the box", 1000, "peak_mib", "quickstart", 1.10, 1.05
    ),
    Target(
        "10,000 articles, time, ours/out of the box",
        LARGE_SITE,
        "cpu_seconds",
        "quickstart",
        1.10,
        1.05,
    ),
    Target(
        "10,000 articles, memory, ours/out of the box",
        LARGE_SITE,
        "peak_mib",
        "quickstart",
        1.10,
        1.05,
    ),
)
# Ours' time per article at 10,000 over that at 1,000, at most.
LINEAR_LIMIT = 1.10
# Growth per added article stays within this band of the step below it.
LINEAR_BAND = (0.75, 1.33)
# Pairs of builds per size are --runs times this below 100 articles.
SMALL_SITE_REPEAT = 4
# Everything from this heading on in the output file is written by hand.
NOTES_HEADING = "## Notes"

# pelican-quickstart's answers: the site's name and language, its address,
# and every other question at its default (pagination of 10, no upload).
QUICKSTART_ANSWERS = "\n\n\n\ny\n{siteurl}\n\n\n{timezone}\nn\n"
QUICKSTART_PAGINATION = """
# Added by newsarchive.devtools.bench: this site's pagination patterns, without
# which page 2 of tag x1 and tag x12 are the same file and the build stops.
PAGINATION_PATTERNS = {patterns!r}
"""
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
    cpu_seconds: float  # user and system time: what the build itself costs
    seconds: float  # wall time, which other work on the machine stretches
    peak_mib: float


@dataclass
class Size:
    articles: int
    # Builds by kind ("ours", "default", "without copies"), one per round.
    builds: dict[str, list[Build]] = field(default_factory=dict)
    weights: dict[str, dict[str, int]] = field(default_factory=dict)

    def median(self, kind: str, attribute: str) -> float:
        return statistics.median(getattr(build, attribute) for build in self.builds[kind])

    def shown(self, kind: str, attribute: str, digits: int, against: str | None = None) -> str:
        """A median, or with against a ratio in bold; a dash for a kind not built."""
        if kind not in self.builds or (against and against not in self.builds):
            return "—"
        if against:
            return f"**{self.ratio(attribute, kind, against):.2f}**"
        return f"{self.median(kind, attribute):.{digits}f}"

    def ratios(self, attribute: str, kind: str = "ours", against: str = "default") -> list[float]:
        """Kind over another kind, round by round."""
        pairs = zip(self.builds[kind], self.builds[against], strict=True)
        return [getattr(a, attribute) / getattr(b, attribute) for a, b in pairs]

    def ratio(self, attribute: str, kind: str = "ours", against: str = "default") -> float:
        return statistics.median(self.ratios(attribute, kind, against))

    def spread(self, attribute: str, kind: str = "ours", against: str = "default") -> str:
        return middle_half(self.ratios(attribute, kind, against))

    def per_article_growth(self) -> list[float]:
        """Ours' time per article here over that at 1,000, round by round."""
        pairs = zip(self.builds["ours"], self.builds["ours at 1,000"], strict=True)
        return [(a.cpu_seconds / self.articles) / (b.cpu_seconds / GROWTH_BASE) for a, b in pairs]


def middle_half(values: list[float]) -> str:
    """The middle half of the rounds' ratios: how far the machine's noise
    moves the figure."""
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
    """One cold build in a fresh process, from the settings' folder (where
    pelican-quickstart's publishconf.py finds its pelicanconf.py): wall time
    and processor time, and peak memory."""
    shutil.rmtree(output, ignore_errors=True)
    content = str(site / "content")
    command = [sys.executable, "-m", "pelican", content, "-s", str(settings), "-o", str(output)]
    # Python's bytecode cache on, as on a usual machine: the first round of
    # builds writes it for the project's settings and plugins.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONHASHSEED="0", SITEURL=SITEURL, COLUMNS="200")
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=settings.parent, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        log.seek(0)
        text = log.read().decode("utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"build failed: {' '.join(command)} in {site}\n{text}")
    processed = PROCESSED.search(text)
    if not processed or int(processed.group(1)) != articles:
        raise RuntimeError(f"expected {articles} article(s) in the build log:\n{text}")
    return Build(usage.ru_utime + usage.ru_stime, seconds, usage.ru_maxrss / 1024)


def site_folder(work: Path, articles: int, seed: int) -> Path:
    """The synthetic site of that many articles, written once per run (main
    clears the sites of earlier runs)."""
    site = work / f"articles-{articles}"
    if not (site / "content").exists():
        write_articles(site / "content", articles, seed=seed)
    return site


def quickstart(folder: Path) -> Path:
    """Pelican out of the box: the settings pelican-quickstart writes, as a
    person answering its questions would, with this site's name, language,
    address and time zone. Returns its publishconf.py."""
    shutil.rmtree(folder, ignore_errors=True)
    ours = get_settings_from_file(str(ROOT / "pelicanconf.py"))
    command = [sys.executable, "-m", "pelican.tools.pelican_quickstart", "--path", str(folder)]
    # The archive, not a person, as the author it asks for: no invented byline.
    command += ["--title", ours["SITENAME"], "--author", ours["SITENAME"], "--lang", "en"]
    answers = QUICKSTART_ANSWERS.format(siteurl=SITEURL, timezone=ours["TIMEZONE"])
    subprocess.run(command, input=answers, text=True, capture_output=True, check=True)
    # One setting more: with Pelican's own patterns, page 2 of tag "x1" is
    # tag/x12.html, tag "x12"'s page, and Pelican stops on the clash.
    with (folder / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(QUICKSTART_PAGINATION.format(patterns=ours["PAGINATION_PATTERNS"]))
    return folder / "publishconf.py"


def measure(articles: int, runs: int, work: Path, seed: int) -> Size:
    site = site_folder(work, articles, seed)
    # Each kind: its settings, its site and the articles it builds.
    kinds = {
        "ours": (ROOT / "publishconf.py", site, articles),
        "default": (work / "default_theme.py", site, articles),
        "quickstart": (work / "quickstart" / "publishconf.py", site, articles),
    }
    if articles == LARGE_SITE:
        # Its targets are against out of the box; a build takes minutes.
        del kinds["default"]
    if articles < 100:
        runs *= SMALL_SITE_REPEAT
    if articles <= GROWTH_BASE:
        kinds["without copies"] = (work / "without_copies.py", site, articles)
    if articles == LARGE_SITE:
        base = site_folder(work, GROWTH_BASE, seed)
        kinds["ours at 1,000"] = (ROOT / "publishconf.py", base, GROWTH_BASE)
    names = list(kinds)
    result = Size(articles, {kind: [] for kind in names})
    for run in range(runs):
        # Each kind goes first in turn, so none always meets a cold cache.
        shift = run % len(names)
        for kind in names[shift:] + names[:shift]:
            settings, folder, count = kinds[kind]
            done = build(settings, folder, output_folder(folder, kind), count)
            result.builds[kind].append(done)
            progress(
                f"[{articles:,}] run {run + 1}/{runs} {LABELS[kind]:<15} "
                f"{done.cpu_seconds:7.2f} s CPU {done.seconds:7.2f} s wall "
                f"{done.peak_mib:7.1f} MiB"
            )
    for theme in ("ours", "default") if "default" in kinds else ():
        loaded = loaded_by(output_folder(site, theme), ARTICLE_PAGE)
        result.weights[theme] = {name: gzip_size(data) for name, data in loaded.items()}
    return result


def output_folder(site: Path, kind: str) -> Path:
    return site / f"output-{kind.replace(' ', '-').replace(',', '')}"


def table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; align has one letter per column, l or r (default r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    rule = "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"
    lines = ["| " + " | ".join(headers) + " |", rule]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def results_table(sizes: list[Size], text_gzip: int) -> str:
    """Times and peaks of the three kinds, and ours over each of the others."""
    rows = []
    for s in sizes:
        row = [f"{s.articles:,}"]
        for attribute, digits in (("cpu_seconds", 3), ("peak_mib", 1)):
            row += [s.shown(kind, attribute, digits) for kind in ("ours", "default", "quickstart")]
            row += [s.shown("ours", attribute, 2, against) for against in ("default", "quickstart")]
        weight = sum(s.weights["ours"].values()) / text_gzip if s.weights else None
        row.append(f"{weight:.2f}" if weight else "—")
        rows.append(row)
    headers = ["articles"]
    for what, unit in (("time", "CPU s"), ("memory", "peak MiB")):
        headers += [f"{LABELS[kind]} ({unit})" for kind in ("ours", "default", "quickstart")]
        headers += [f"{what} ours/{LABELS[kind]}" for kind in ("default", "quickstart")]
    headers.append("weight/text")
    return table(headers, rows, "r" * len(headers))


def targets_table(sizes: list[Size]) -> str:
    by_count = {s.articles: s for s in sizes}
    rows = []
    for target in TARGETS:
        name, limit = target.what, f"≤ {target.limit:.2f}"
        aim = f"{target.aim:.2f}" if target.aim else ""
        size = by_count.get(target.articles)
        if size is None:
            rows.append([name, limit, aim, "not run", "", ""])
            continue
        values = size.ratios(target.attribute, against=target.against)
        value = statistics.median(values)
        met = "yes" if value <= target.limit else "no"
        rows.append([name, limit, aim, f"{value:.3f}", middle_half(values), met])
    name = "time per article, 10,000 articles/1,000"
    large = by_count.get(LARGE_SITE)
    if large is None:
        rows.append([name, f"≤ {LINEAR_LIMIT:.2f}", "", "not run", "", ""])
    else:
        values = large.per_article_growth()
        value = statistics.median(values)
        met = "yes" if value <= LINEAR_LIMIT else "no"
        rows.append([name, f"≤ {LINEAR_LIMIT:.2f}", "", f"{value:.3f}", middle_half(values), met])
    headers = ["target", "at most", "aim", "measured", "middle half of rounds", "met"]
    return table(headers, rows, "lrrrrl")


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
                    f"{s.median(kind, 'cpu_seconds'):.3f}",
                    f"**{s.ratio('cpu_seconds', kind):.2f}**",
                    s.spread("cpu_seconds", kind),
                    f"{s.ratio('peak_mib', kind):.2f}",
                ]
            )
    headers = ["articles", "build", "time (CPU s)", "time /default theme", "middle half of rounds"]
    headers.append("memory /default theme")
    return table(headers, rows, "rlrrrr") if rows else ""


def growth(sizes: list[Size]) -> tuple[str, list[str]]:
    """Marginal cost per added article between sizes from 100 up, and whether
    it stays linear from one step to the next."""
    steps = [s for s in sizes if s.articles >= 100]
    rows, slopes = [], []
    for a, b in zip(steps, steps[1:], strict=False):
        added = b.articles - a.articles
        row = [f"{a.articles:,} → {b.articles:,}"]
        for theme in ("ours", "quickstart"):
            seconds = (b.median(theme, "cpu_seconds") - a.median(theme, "cpu_seconds")) / added
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
        notes.append("Linearity needs two steps from 100 articles up: add --with-10000.")
    headers = ["articles", "ours ms/article", "ours KiB/article"]
    headers += ["out of the box ms/article", "out of the box KiB/article"]
    return (table(headers, rows) if rows else ""), notes


def weight_table(size: Size, text_gzip: int) -> str:
    rows = []
    for theme, files in size.weights.items():
        rows += [[theme, name, f"{value:,}"] for name, value in sorted(files.items())]
        total = sum(files.values())
        rows.append([theme, f"**total** (×{total / text_gzip:.2f} the text)", f"**{total:,}**"])
    rows.append(["", f"article text, {SOURCE_TEXT.name}", f"{text_gzip:,}"])
    return table(["theme", "file", "gzip bytes"], rows, "llr")


def report(sizes: list[Size], runs: int, large_runs: int, info: dict[str, str]) -> str:
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
        f"- {runs} round(s) of builds per size ({runs * SMALL_SITE_REPEAT} below 100 articles, "
        f"{large_runs} at {LARGE_SITE:,}), one build of each kind a round, each kind first in "
        "turn, each a fresh `python -m pelican CONTENT -s SETTINGS` process with an empty "
        "output folder.",
        "",
        "**ours** is `publishconf.py` with this project's theme and plugins. **out of the box** "
        "is Pelican as a user would pick it instead: the `publishconf.py` and `pelicanconf.py` "
        "that `pelican-quickstart` writes (each question at its default but the site's name, "
        "language, address and time zone), Pelican's default theme (`notmyidea`) and no "
        "plugins. **default theme** is this project's `publishconf.py` with Pelican's default "
        "theme, no project plugins, and Pelican's default Jinja options, template extensions "
        "and direct templates: it compares the theme and plugins alone. All build the same "
        "content (`newsarchive/devtools/synthetic_site.py`: the real article, then copies of its "
        "text under other titles, slugs, dates, 5 categories and 20 tags, each with a "
        "source of its own in `provenance/`, so each is proven and gets its copies, as every "
        "article `make add` writes does). Time is the build process's processor time (user "
        "and system), which the machine's other work stretches far less than wall time; "
        "times and memory are medians; a ratio is the median of the rounds' ratios, and the middle "
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
            "Up to 1,000 articles each round also builds **without copies**: ours with "
            + ", ".join(f"`{name}`" for name in COPY_SETTINGS)
            + " empty, so no EPUB book, one-file page or citation file is written. Its "
            "ratios are to the default theme's builds of the same rounds.",
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
    parser.add_argument(
        "--with-10000",
        action="store_true",
        help="also build 10,000 articles (slow: minutes a build)",
    )
    parser.add_argument("--runs", type=int, default=11, help="rounds of builds per size")
    parser.add_argument(
        "--large-runs", type=int, default=3, help=f"rounds of builds at {LARGE_SITE:,} articles"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--work-dir", type=Path, default=ROOT / ".bench")
    args = parser.parse_args(argv)
    extra = ([5000] if args.with_5000 else []) + ([LARGE_SITE] if args.with_10000 else [])
    sizes = sorted(set(args.sizes + extra))
    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("articles-*"):
        shutil.rmtree(old)
    quickstart(work / "quickstart")
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
    results = [
        measure(articles, args.large_runs if articles == LARGE_SITE else args.runs, work, args.seed)
        for articles in sizes
    ]
    text = report(results, args.runs, args.large_runs, info)
    notes = kept_notes(args.output)
    args.output.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")
    print()
    print(text)
    progress(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
