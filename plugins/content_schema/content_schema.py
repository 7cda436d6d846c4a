"""Check every content file against an explicit metadata schema before Pelican
reads anything, and stop the build with one line per problem.

Pelican on its own drops an article with a bad date and still exits 0, names a
page ``.html`` when the title is empty, and completes a partial date with
today's. Here any of those stops the build, naming the file and the field.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from markdown import Markdown
from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
REQUIRED_KEYS = ("title", "date", "category", "slug", "summary")
OPTIONAL_KEYS = (
    "modified",
    "tags",
    "lang",
    "status",
    "publisher",
    "original_url",
    "photo_alt",
    "photo_caption",
    "photo_credit",
    "source_sha256",
)
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
STATUSES = ("published", "draft", "hidden")
DATE_KEYS = ("date", "modified")
LIST_KEYS = ("tags",)
# Complete calendar date, a time, and an explicit offset: nothing left for a
# parser to guess.
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})"
)
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ContentProblem:
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.message}"


def field_label(key: str) -> str:
    return key[:1].upper() + key[1:]


# One parser for every file: only its header preprocessors run, so checking a
# thousand files costs a fraction of converting them.
_HEADER_PARSER = Markdown(extensions=["markdown.extensions.meta"])


def read_metadata(raw: str) -> tuple[dict[str, str], str]:
    """Split a Markdown file into its raw metadata strings and body text, with
    the same meta extension Pelican's Markdown reader uses."""
    parser = _HEADER_PARSER.reset()
    lines = raw.split("\n")
    for name in ("normalize_whitespace", "meta"):
        lines = parser.preprocessors[name].run(lines)
    metadata = {key: "\n".join(values) for key, values in parser.Meta.items()}
    return metadata, "\n".join(lines).strip()


def check_text_value(value: str) -> str | None:
    # isprintable() is False for every character rejected here (and for some
    # allowed ones, such as line breaks): a quick pass for ordinary text.
    if value.isprintable():
        return None
    bad = sorted({c for c in value if unicodedata.category(c) in ("Cc", "Cs", "Cn")} - {"\n"})
    if bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in bad)
        return f"contains control or unassigned characters ({codes})"
    return None


def term_slug(name: str, settings: dict, kind: str = "TAG") -> str:
    """The address part Pelican will give a category or tag of this name,
    computed as its URL wrappers do."""
    subs = settings.get(f"{kind}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return _slug(
        name,
        tuple(tuple(sub) for sub in subs),
        settings.get("SLUGIFY_PRESERVE_CASE", False),
        settings.get("SLUGIFY_USE_UNICODE", False),
    )


@functools.lru_cache(maxsize=4096)
def _slug(name: str, subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
    # Tags and categories repeat from file to file: each is slugified once.
    return slugify(name, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)


def check_value(key: str, value: str, settings: dict) -> list[str]:
    problems = []
    text_problem = check_text_value(value)
    if text_problem:
        problems.append(text_problem)
    if key in REQUIRED_KEYS and not value.strip():
        problems.append("is empty")
        return problems
    if key in DATE_KEYS:
        if not ISO_DATETIME.fullmatch(value):
            problems.append(
                f"{value!r} is not a complete ISO 8601 date-time with a timezone "
                "(for example 2014-07-08T09:30:00-04:00)"
            )
        else:
            try:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError as error:
                problems.append(f"{value!r} is not a real date: {error}")
    elif key == "slug" and not SLUG.fullmatch(value):
        problems.append(f"{value!r} must be lowercase letters, digits and single hyphens")
    elif key == "status" and value.lower() not in STATUSES:
        problems.append(f"{value!r} is not one of {', '.join(STATUSES)}")
    elif key == "lang" and not LANG.fullmatch(value):
        problems.append(f"{value!r} is not a language tag such as en or en-GB")
    elif key == "original_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            problems.append(f"{value!r} is not an absolute http(s) URL")
    elif key == "source_sha256" and not SHA256_HEX.fullmatch(value):
        problems.append(f"{value!r} is not a SHA-256 digest (64 lowercase hex characters)")
    elif key == "category" and not term_slug(value, settings, "CATEGORY"):
        problems.append(f"{value!r} gives an empty address; use letters or digits")
    elif key == "tags":
        for tag in value.split(","):
            if not tag.strip():
                problems.append("has an empty tag (check the commas)")
            elif not term_slug(tag.strip(), settings):
                problems.append(
                    f"tag {tag.strip()!r} gives an empty address; use letters or digits"
                )
    return problems


def check_file(path: Path, shown: str, settings: dict) -> tuple[list[ContentProblem], str | None]:
    """Return the file's problems and, when it has one, its slug."""
    data = path.read_bytes()
    if not data.strip():
        return [ContentProblem(shown, "", "the file is empty")], None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte 0x{data[error.start]:02X} at offset {error.start})"
        return [ContentProblem(shown, "", message)], None
    metadata, body = read_metadata(raw.lstrip("\ufeff"))
    problems = []
    for key in REQUIRED_KEYS:
        if key not in metadata:
            problems.append(ContentProblem(shown, field_label(key), "is missing"))
    for key, value in metadata.items():
        if key not in KNOWN_KEYS:
            guess = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean {field_label(guess[0])!r}?" if guess else ""
            problems.append(ContentProblem(shown, field_label(key), f"is not a known field{hint}"))
            continue
        for message in check_value(key, value, settings):
            problems.append(ContentProblem(shown, field_label(key), message))
    if metadata and not body:
        problems.append(ContentProblem(shown, "", "has a header but no article text"))
    elif not metadata:
        problems.append(ContentProblem(shown, "", "has no metadata header"))
    return problems, metadata.get("slug")


def find_problems(
    content_dir: Path,
    root: Path | None = None,
    settings: dict | None = None,
    verdicts: FileStampDataCacher | None = None,
) -> list[ContentProblem]:
    """Check every file under content_dir; paths in messages are relative to root.

    With ``verdicts`` (Pelican's file cache), a file that passed is recorded
    with its slug, and is not read again while its stamp and the checks stay
    the same.
    """
    root = root or Path.cwd()
    settings = settings or DEFAULT_CONFIG
    checks = schema_fingerprint(settings) if verdicts is not None else ""
    problems: list[ContentProblem] = []
    files_by_slug: dict[str, list[str]] = {}
    content_dir, root = content_dir.resolve(), root.resolve()
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            continue
        try:
            shown = str(path.relative_to(root))
        except ValueError:
            shown = str(path)
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            problems.append(
                ContentProblem(shown, "", "is not a Markdown (.md) file; articles are Markdown")
            )
            continue
        passed = verdicts.get_cached_data(str(path)) if verdicts is not None else None
        if passed and passed[0] == checks:
            file_problems, slug = [], passed[1]
        else:
            file_problems, slug = check_file(path, shown, settings)
            if verdicts is not None and not file_problems:
                verdicts.cache_data(str(path), (checks, slug))
        problems += file_problems
        if slug:
            files_by_slug.setdefault(slug, []).append(shown)
    for slug, files in files_by_slug.items():
        for shown in files if len(files) > 1 else ():
            others = ", ".join(other for other in files if other != shown)
            problems.append(ContentProblem(shown, "Slug", f"{slug!r} is also used by {others}"))
    return problems


def schema_fingerprint(settings: dict) -> str:
    """What a verdict depends on besides the file: this module's code, the
    Markdown version (its meta parser reads the header) and the settings
    that make addresses (what term_slug reads)."""
    keys = sorted(k for k in settings if k.endswith("_REGEX_SUBSTITUTIONS") or "SLUG" in k)
    relevant = json.dumps([[k, settings[k]] for k in keys], default=repr)
    code = Path(__file__).read_bytes() + version("markdown").encode("ascii")
    return hashlib.sha256(code + relevant.encode("utf-8")).hexdigest()


def check_content(pelican_object) -> None:
    """Stop the build on any problem. With Pelican's content cache settings
    on, files unchanged since they last passed are not read again."""
    settings = pelican_object.settings
    verdicts = None
    if settings.get("LOAD_CONTENT_CACHE") or settings.get("CACHE_CONTENT"):
        verdicts = FileStampDataCacher(
            settings,
            "ContentSchema",
            caching_policy=bool(settings.get("CACHE_CONTENT")),
            load_policy=bool(settings.get("LOAD_CONTENT_CACHE")),
        )
    problems = find_problems(Path(settings["PATH"]), settings=settings, verdicts=verdicts)
    if verdicts is not None:
        verdicts.save_cache()
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            f"error: {len(problems)} problem(s) in content; nothing was written",
            file=sys.stderr,
        )
        # SystemExit passes Pelican's catch-all handler: the lines above are
        # the whole message, with no traceback.
        raise SystemExit(2)


def register() -> None:
    signals.initialized.connect(check_content)
