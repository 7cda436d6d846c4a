"""The benchmark runs end to end at its smallest sizes and reports what it
promises. Nothing here is about speed: no time is asserted."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from newsarchive.checksums import sha256_file
from newsarchive.devtools.synthetic_site import CATEGORIES, TAGS, write_articles
from newsarchive.devtools.system_tools import ROOT
from newsarchive.header import read_header
from newsarchive.plugins.content_schema import find_problems

COLUMNS = [
    "articles",
    "ours (CPU s)",
    "default theme (CPU s)",
    "out of the box (CPU s)",
    "time ours/default theme",
    "time ours/out of the box",
    "ours (peak MiB)",
    "default theme (peak MiB)",
    "out of the box (peak MiB)",
    "memory ours/default theme",
    "memory ours/out of the box",
    "weight/text",
]
SIZES = (1, 3)
# One round per size (four below 100 articles, each of three builds): 24
# builds, the least that shows every column and both sizes.
RUNS = 1


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def headers(paths: list[Path]) -> list[dict[str, str]]:
    return [read_header(path.read_text(encoding="utf-8"))[0] for path in sorted(paths)]


def slugs(content: Path) -> list[str]:
    return [header["slug"] for header in headers(list(content.glob("*.md")))]


@pytest.mark.slow
def test_benchmark_completes_and_writes_its_table(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    work = tmp_path / "work"
    arguments = ["--runs", str(RUNS), "--sizes", *map(str, SIZES)]
    arguments += ["--output", str(report), "--work-dir", str(work)]
    # `make bench`, as a person runs it (its installs are up to date).
    command = ["make", "--no-print-directory", "bench", f"BENCH_ARGS={shlex.join(arguments)}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr

    text = report.read_text(encoding="utf-8")
    assert text in result.stdout, "the table is printed as well as written"
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("| articles |"))
    assert cells(header) == COLUMNS
    rows = [cells(line) for line in lines if re.match(r"\| \d[\d,]* \|", line)]
    assert [row[0] for row in rows][: len(SIZES)] == [str(size) for size in SIZES]
    for row in rows[: len(SIZES)]:
        assert len(row) == len(COLUMNS)
        assert all(re.fullmatch(r"[\d,.]+", cell.strip("*")) for cell in row), row
    assert re.search(r"^- Machine: .+, \d+ cores", text, re.MULTILINE)
    assert re.search(r"^- Date: \d{4}-\d\d-\d\d", text, re.MULTILINE)

    # Up to 1,000 articles, ours is also built without its per-article copies.
    copy_rows = [cells(line) for line in lines if re.match(r"\| \d[\d,]* \| (ours|without)", line)]
    assert [row[:2] for row in copy_rows] == [
        [str(size), kind] for size in SIZES for kind in ("ours", "without copies")
    ]
    for row in copy_rows:
        assert all(re.fullmatch(r"[\d,.]+(–[\d.]+)?", cell.strip("*")) for cell in row[2:]), row
    # The spread of a target's ratio, from the four rounds of one article;
    # the sizes not run are named so.
    target = next(cells(line) for line in lines if line.startswith("| 1 article, time,"))
    assert re.fullmatch(r"\d\.\d\d–\d\.\d\d", target[4]), target
    assert [cells(line)[3] for line in lines if line.startswith("| 10,000 articles,")] == [
        "not run"
    ] * 2

    for size in SIZES:
        site = work / f"articles-{size}"
        content_slugs = slugs(site / "content")
        assert len(content_slugs) == size
        for kind in ("ours", "default", "quickstart", "without-copies"):
            pages = [site / f"output-{kind}" / f"{slug}.html" for slug in content_slugs]
            assert all(page.is_file() for page in pages), kind
        copies = {path.suffix for path in (site / "output-ours").iterdir()}
        assert {".epub", ".bib", ".ris"} <= copies
        # Every article records a source of its own, so every one gets its book.
        assert len(list((site / "output-ours").glob("*.epub"))) == size
        without = {path.suffix for path in (site / "output-without-copies").iterdir()}
        assert not without & {".epub", ".bib", ".ris"}
        assert not list((site / "output-without-copies").glob("*.standalone.html"))


def test_synthetic_articles_follow_the_schema_and_repeat_for_a_seed(tmp_path):
    first = write_articles(tmp_path / "a", 60, seed=7)
    again = write_articles(tmp_path / "b", 60, seed=7)
    other = write_articles(tmp_path / "c", 60, seed=8)
    assert len(first) == 60
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    assert find_problems(first) == []
    assert len(set(slugs(tmp_path / "a"))) == 60
    # Each records a source of its own, which the build proves it against.
    provenance = {sha256_file(path) for path in (tmp_path / "provenance").iterdir()}
    recorded = [header["source_sha256"] for header in headers(first)]
    assert len(set(recorded)) == 60 and set(recorded) <= provenance

    written = headers(first)
    used_categories = {header["category"] for header in written}
    used_tags = {tag.strip() for header in written for tag in header["tags"].split(",")}
    assert used_categories == set(CATEGORIES)
    assert {"x1", "x12"} <= used_tags <= set(TAGS)
    dates = [header["date"] for header in written]
    assert len({date[:4] for date in dates}) >= 4
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", d) for d in dates)
