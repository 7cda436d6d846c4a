"""Synthetic content for benchmarks and scale tests: many articles made from
the project's one real article.

    write_articles(Path("content"), 1000, seed=0)

The first file is the real article, unchanged, with its source in the site's
provenance/; the others reuse its body with their own title, slug, date,
category, tags, summary and photo caption, and each records a source of its
own (the real source with that caption), as every article that `make add`
writes does, so the build proves each and makes each one's copies. Every file follows
the project's metadata schema (newsarchive.plugins.content_schema), so the strict build
accepts the site. The same count and seed always give the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newsarchive.checksums import sha256_bytes
from newsarchive.devtools.site_builder import ARTICLE_FILE as REAL_ARTICLE
from newsarchive.devtools.site_builder import SOURCE_TEXT, copy_project
from newsarchive.feed_archive import DEFAULT_RECORD
from newsarchive.header import read_header
from newsarchive.source_text import PROVENANCE, SourceText, format_source_text, parse_source_text

CATEGORIES = ("World", "Politics", "Conflict", "Economy", "Culture")
# Twenty tags: the real article's four, others with spaces and case, and some
# that end in digits ("x1" and "x12") whose paginated pages must not collide.
TAGS = (
    "Syria",
    "Aleppo",
    "ISIS",
    "Free Syrian Army",
    "Azaz",
    "Homs",
    "Turkey",
    "Refugees",
    "Airstrikes",
    "Diplomacy",
    "Human Rights",
    "Kurds",
    "Damascus",
    "Ceasefire",
    "Aid",
    "x1",
    "x12",
    "G20",
    "Route 2",
    "UN Resolution 2139",
)
SUBJECTS = (
    "Syrian Opposition",
    "Rebel Fighters",
    "Aleppo Residents",
    "Kurdish Forces",
    "Aid Groups",
    "Turkish Officials",
    "Activists In Al Bab",
    "Government Troops",
)
VERBS = (
    "Brace For",
    "Prepare For",
    "Warn Of",
    "Report",
    "Push Back Against",
    "Count The Cost Of",
    "Plan For",
    "Look Beyond",
)
OBJECTS = (
    "Second Battle For Aleppo",
    "Airstrikes Near Azaz",
    "A Long Siege",
    "New Front Lines In The North",
    "Talks In Geneva",
    "Winter In The Camps",
    "Closed Border Crossings",
    "US Support",
)
OFFSETS = (-5, -4, 0, 2, 3)
PHOTO_ALT = "Fighters on a street in Aleppo"
FIRST_DAY = datetime(2011, 1, 1)
SPAN_SECONDS = int((datetime(2017, 1, 1) - FIRST_DAY).total_seconds())


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def first_sentence(paragraph: str) -> str:
    match = re.match(r"(.+?[.!?][”\"]?)(\s|$)", paragraph)
    return (match.group(1) if match else paragraph).strip()


def iso_date(rng: random.Random) -> str:
    hours = rng.choice(OFFSETS)
    moment = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    return moment.replace(tzinfo=timezone(timedelta(hours=hours))).isoformat()


def synthetic_header(index: int, rng: random.Random, paragraphs: list[str]) -> str:
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    slug = f"{slug_of(title)}-{index}"
    tags = rng.sample(TAGS, rng.randint(2, 5))
    fields = [
        ("Title", title),
        ("Date", iso_date(rng)),
        ("Category", rng.choice(CATEGORIES)),
        ("Tags", ", ".join(tags)),
        ("Slug", slug),
        ("Lang", "en"),
        ("Status", "published"),
        ("Summary", first_sentence(rng.choice(paragraphs))),
        ("Publisher", "Benchmark Wire"),
        ("Original_url", f"https://example.org/dispatch/{slug}"),
    ]
    fields += [
        ("Photo_alt", PHOTO_ALT),
        ("Photo_caption", f"Photograph for dispatch {index}."),
        ("Photo_credit", "Benchmark Wire"),
    ]
    return "\n".join(f"{key}: {value}" for key, value in fields)


def synthetic_source(real: SourceText, index: int) -> bytes:
    """The real source with this article's photo lines: a source of its own."""
    caption = f"Photograph for dispatch {index}. Benchmark Wire"
    return format_source_text(replace(real, alt=PHOTO_ALT, caption=caption)).encode("utf-8")


def write_articles(content_dir: Path, count: int, seed: int = 0) -> list[Path]:
    """Write `count` Markdown articles into content_dir and return their paths.

    The first is the real article; the rest share its body. Titles, slugs,
    dates (2011 to 2016, with UTC offsets), the five categories and the twenty
    tags are drawn from a random generator seeded with `seed`.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    content_dir.mkdir(parents=True, exist_ok=True)
    text = REAL_ARTICLE.read_text(encoding="utf-8")
    body = read_header(text)[1]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    paths = [content_dir / REAL_ARTICLE.name]
    paths[0].write_text(text, encoding="utf-8")
    # The sources the articles record, which the build proves them against.
    provenance = content_dir.parent / PROVENANCE
    provenance.mkdir(exist_ok=True)
    shutil.copy2(SOURCE_TEXT, provenance / SOURCE_TEXT.name)
    real = parse_source_text(SOURCE_TEXT.read_text(encoding="utf-8"))
    for index in range(1, count):
        header = synthetic_header(index, rng, paragraphs)
        source = synthetic_source(real, index)
        (provenance / f"dispatch-{index:05d}.txt").write_bytes(source)
        digest = sha256_bytes(source)
        path = content_dir / f"dispatch-{index:05d}.md"
        path.write_text(f"{header}\nSource_sha256: {digest}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def synthetic_project(destination: Path, count: int, seed: int = 0) -> Path:
    """A copy of the project whose content is `count` synthetic articles. It
    leaves out the project's feed record, which names the real articles."""
    project = copy_project(destination)
    shutil.rmtree(project / "content")
    (project / DEFAULT_RECORD).unlink(missing_ok=True)
    write_articles(project / "content", count, seed=seed)
    return project
