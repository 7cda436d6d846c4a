"""The one escaping function: a paragraph of plain text as Markdown that
Python-Markdown, with the project's extensions (Pelican's `extra` and
`meta`), renders as that very text, every character shown as written.

Only what Markdown would read as markup is escaped, so the Markdown file
stays readable: characters that start markup anywhere (backslash, `*`, `_`,
backticks, brackets, braces, `|`) take a backslash; `<` and an `&` that
begins an entity become entities; and a line's first character is escaped
where it would start a block (a heading, quote, list, rule, setext line,
definition or fence). Each line break of the paragraph becomes a hard line
break (`<br>`), and HTML's whitespace around lines, which a reader would not
see, is dropped (newsarchive.whitespace). The text must hold no control
characters (newsarchive.source_text refuses them): Python-Markdown uses two
as its own placeholders.
"""

from __future__ import annotations

import re

from newsarchive.whitespace import HTML_WHITESPACE

# Markup anywhere in a line: each takes a backslash (Python-Markdown's own
# escapes, the tables extension's "|" among them).
INLINE = re.compile(r"[\\`*_{}\[\]|]")
# An entity reference Markdown would pass through as one: "&amp;", "&#61;".
ENTITY_START = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[0-9A-Za-z]+;)")
# A block marker at the start of a line: heading, quote, bullet, rule or
# setext underline, definition, fence; and the full stop of "2014. ".
BACKSLASHED_START = re.compile(r"[#>+\-]")
ENTITY_STARTS = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}
ORDERED = re.compile(r"(\d+)\.")


def escape_line(line: str) -> str:
    line = INLINE.sub(lambda match: "\\" + match.group(), line.strip(HTML_WHITESPACE))
    line = ENTITY_START.sub("&amp;", line).replace("<", "&lt;")
    if BACKSLASHED_START.match(line):
        line = "\\" + line
    elif line[:1] in ENTITY_STARTS:
        line = ENTITY_STARTS[line[0]] + line[1:]
    elif ordered := ORDERED.match(line):
        line = f"{ordered.group(1)}\\.{line[ordered.end() :]}"
    # Other whitespace at an end (a no-break space) is text: Markdown would drop it.
    if line[:1].isspace():
        line = f"&#{ord(line[0])};{line[1:]}"
    if line[-1:].isspace():
        line = f"{line[:-1]}&#{ord(line[-1])};"
    return line


def escape_paragraph(text: str) -> str:
    """One paragraph of plain text (no blank line in it) as Markdown."""
    lines = [escape_line(line) for line in text.split("\n")]
    return "  \n".join(line for line in lines if line)
