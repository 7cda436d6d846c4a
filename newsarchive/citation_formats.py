"""An article as a reader cites it: a BibTeX entry and an RIS record of a
newspaper article, the address of the copy read in this archive, and the
original address in a note. Plain functions of a Citation; the citations
plugin (newsarchive.plugins.citations) makes one from each article."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# LaTeX's special characters, written so that BibTeX and LaTeX print them.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
LATEX_SPECIAL = re.compile("|".join(re.escape(character) for character in LATEX_ESCAPES))


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    publication: str
    year: int
    month: int
    day: int
    section: str
    tags: tuple[str, ...]
    language: str
    abstract: str
    url: str  # the archived copy
    original_url: str
    archive: str

    @property
    def iso_date(self) -> str:
        return f"{self.year:04}-{self.month:02}-{self.day:02}"


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def first_published(citation: Citation) -> str:
    return f"First published by {citation.publication} at {citation.original_url}"


def latex_text(text: str) -> str:
    return LATEX_SPECIAL.sub(lambda match: LATEX_ESCAPES[match.group()], one_line(text))


def latex_url(url: str) -> str:
    """A URL as BibTeX and the url package take it: verbatim, braces
    percent-encoded so that the field stays balanced."""
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex(citation: Citation) -> str:
    """A BibTeX @article, as BibTeX and BibLaTeX read a newspaper article
    (BibLaTeX's entrysubtype newspaper); the headline keeps its capitals."""
    fields = [
        ("title", f"{{{{{latex_text(citation.title)}}}}}"),
        ("journal", f"{{{latex_text(citation.publication)}}}"),
        ("entrysubtype", "{newspaper}"),
        ("date", f"{{{citation.iso_date}}}"),
        ("year", f"{{{citation.year}}}"),
        # A month is one of BibTeX's macros (jul), not a string.
        ("month", MONTHS[citation.month - 1]),
    ]
    if citation.tags:
        keywords = ", ".join(latex_text(tag) for tag in citation.tags)
        fields.append(("keywords", f"{{{keywords}}}"))
    if citation.abstract:
        fields.append(("abstract", f"{{{latex_text(citation.abstract)}}}"))
    fields.append(("url", f"{{{latex_url(citation.url)}}}"))
    if citation.original_url:
        publisher = latex_text(citation.publication)
        original = latex_url(citation.original_url)
        fields.append(("note", f"{{First published by {publisher} at \\url{{{original}}}}}"))
    lines = [f"@article{{{citation.key},"]
    lines += [f"  {name} = {value}," for name, value in fields]
    return "\n".join([*lines, "}"]) + "\n"


def ris(citation: Citation) -> str:
    """An RIS record of type NEWS, lines ended by CR LF as the format has it."""
    tags = [
        ("TY", "NEWS"),
        ("TI", citation.title),
        ("T2", citation.publication),
        ("DA", f"{citation.year:04}/{citation.month:02}/{citation.day:02}/"),
        ("PY", str(citation.year)),
        ("SE", citation.section),
        *(("KW", tag) for tag in citation.tags),
        ("LA", citation.language),
    ]
    if citation.abstract:
        tags.append(("AB", citation.abstract))
    tags += [("UR", citation.url), ("DB", citation.archive)]
    if citation.original_url:
        tags.append(("N1", first_published(citation)))
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags] + ["ER  - "]
    return "\r\n".join(lines) + "\r\n"
