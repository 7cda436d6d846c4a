"""The one escaping function (newsarchive.markdown_escape), shown on text that
holds every Markdown trigger: Pelican's own Markdown reader, with the
project's settings, renders each escaped paragraph as its text, which is what
the build's source proof then checks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from newsarchive.devtools.system_tools import ROOT
from newsarchive.markdown_escape import escape_paragraph
from newsarchive.source_proof import page_paragraphs
from newsarchive.whitespace import as_read

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
HEADER = "Title: T\nDate: 2014-07-08T09:30:00-04:00\nCategory: World\nSlug: t\nSummary: S\n\n"

# Every trigger of Python-Markdown with `extra`, as a line's start or anywhere.
LINE_STARTS = [
    "- ", "* ", "+ ", "1. ", "2014. ", "# ", "## ", "#", "> ", ">", "---", "***", "___",
    "===", "- - -", ": ", ":", "~~~", "```", "    ", "\t", "[^1]: ", "[id]: http://x.org ",
    "*[HTML]: ", "| a | b |", "|---|---|", "<div>", "<!-- ", "{: .x}", "1.",
]  # fmt: skip
ANYWHERE = [
    "*", "**", "_", "__", "`", "``", "[", "]", "[a](http://x.org)", "![i](x.png)", "[^1]",
    "[a][id]", "<b>", "</b>", "<!-- c -->", "<http://x.org>", "<a@b.org>", "&", "&amp;",
    "&#61;", "&#x3D;", "&copy;", "&nosuch;", "|", "{: #id }", "{", "}", "\\", "\\*", "  ",
    "~~", "==", "--", "<", ">", "(", ")", "!", "#", "$", "%",
    "سوريا", "حلب ٢٠١٤", "中文字", "日本語", "e\u0301", "\u0651", "🇸🇾", "👍🏽", "\u00a0",
    "\u200f", "\u202e",
]  # fmt: skip
plain = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=6
)
line = st.tuples(
    st.one_of(st.sampled_from(LINE_STARTS), st.just("")),
    st.lists(st.one_of(st.sampled_from(ANYWHERE), plain), min_size=1, max_size=6).map("".join),
    st.sampled_from(["", "  ", "\\", " \\", "\t"]),
).map("".join)
paragraph = st.lists(line, min_size=1, max_size=4).map("\n".join).filter(lambda p: p.strip())


def rendered(markdown_body: str) -> list[str]:
    """The paragraphs of the page Pelican's reader makes of this body."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.md")
        path.write_text(HEADER + markdown_body + "\n", encoding="utf-8")
        content, _ = MarkdownReader(SETTINGS).read(str(path))
    return page_paragraphs(content)


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=4))
@example(["2014. A year", "# Not a heading", "Line\n---", "Term\n: not a definition"])
@example(["<b>kept</b> and <!-- kept -->", "*not emphasis* and _not either_"])
@example(["| a | b |\n| --- | --- |", "a | b\n--|--"])
@example(["~~~\ncode?\n~~~", "    not code", "[^1]: not a note", "{: .not-an-attribute}"])
@example(["ends with two spaces  \nand a backslash\\", "AT&T &amp; &copy; &#61;"])
@example(["مرحبا *بالعالم*", "中文 `代码`", "e\u0301 👍🏽 🇸🇾", "\u00a0no-break spaces\u00a0"])
def test_every_paragraph_renders_as_its_text(paragraphs):
    body = "\n\n".join(escape_paragraph(paragraph) for paragraph in paragraphs)
    expected = [as_read(paragraph) for paragraph in paragraphs]
    assert rendered(body) == [text for text in expected if text]


def test_the_markdown_stays_readable():
    """Only what would be markup is escaped."""
    text = "Soldiers clashed Tuesday -- foreshadowing a battle (the second), U.S. officials said."
    assert escape_paragraph(text) == text
    assert escape_paragraph("2014. A year") == "2014\\. A year"
    assert escape_paragraph("a *b* <c> & d &amp;\nnext") == "a \\*b\\* &lt;c> & d &amp;amp;  \nnext"
