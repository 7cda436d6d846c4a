"""The metadata header of a Markdown article, read the way Pelican's Markdown
reader reads it (Python-Markdown's meta extension), without converting the
body. The content checks, the tests and the benchmark's content generator all
read headers through this one function."""

from __future__ import annotations

from markdown import Markdown

# Only its preprocessors run, so one instance serves every file.
HEADER_READER = Markdown(extensions=["markdown.extensions.meta"])
# The preprocessors Python-Markdown runs before "meta", then "meta" itself.
HEADER_STEPS = ("normalize_whitespace", "meta")


def read_header(text: str) -> tuple[dict[str, str], str]:
    """The file's metadata (lowercase keys, raw string values, as Pelican
    receives them before parsing dates or lists) and its body text."""
    reader = HEADER_READER.reset()
    lines = text.removeprefix("\ufeff").split("\n")
    for step in HEADER_STEPS:
        lines = reader.preprocessors[step].run(lines)
    metadata = {key: "\n".join(values) for key, values in reader.Meta.items()}
    return metadata, "\n".join(lines).strip()
