"""The build proves every article that records its Source_sha256 against its
source in provenance/ (newsarchive.source_proof): a wrong digest, a changed
word, alt text or caption stops it with one line naming the file, and the
same words wrapped otherwise pass."""

from __future__ import annotations

import builtins
import functools
import hashlib
import io
import json
import os
import re
import tracemalloc
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from newsarchive.devtools.site_builder import (
    ARTICLE_FILE,
    ARTICLE_SLUG,
    SOURCE_TEXT,
    build,
    copy_project,
    output_files,
    source_parts,
)
from newsarchive.devtools.system_tools import ROOT
from newsarchive.source_proof import Claim, first_difference, page_paragraphs, prove
from newsarchive.source_text import SourceFormatError, SourceText, parse_source_text

SEED = ARTICLE_FILE.read_text(encoding="utf-8")
HEADER, BODY = SEED.split("\n\n", 1)
SECOND = source_parts()[2][1]


def variant(project: Path, name: str, header: str = HEADER, body: str = BODY, **fields) -> Path:
    """The real article under another file name and slug, with changes."""
    header = header.replace(f"Slug: {ARTICLE_SLUG}", f"Slug: {name}")
    for key, value in fields.items():
        label = key.capitalize()
        if value is None:
            header = re.sub(rf"^{label}: .*\n?", "", header, flags=re.MULTILINE).rstrip("\n")
        elif re.search(rf"^{label}: ", header, flags=re.MULTILINE):
            header = re.sub(rf"^{label}: .*$", f"{label}: {value}", header, flags=re.MULTILINE)
        else:
            header += f"\n{label}: {value}"
    path = project / "content" / f"{name}.md"
    path.write_text(f"{header}\n\n{body}", encoding="utf-8")
    return path


def errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("error: content/")]


SEED_SOURCE = "provenance/000_10f95968676637c0.txt"


def test_each_way_an_article_can_differ_stops_the_build_in_one_line(tmp_path):
    project = copy_project(tmp_path / "site")
    good = build(project)
    assert good.returncode == 0, good.log
    before = output_files(good.output)
    wrong = "0" * 64
    variant(project, "wrong-digest", source_sha256=wrong)
    variant(project, "changed-word", body=BODY.replace("preparing to head", "preparing to go", 1))
    variant(project, "changed-alt", photo_alt="Fighters")
    variant(project, "no-credit", photo_credit=None)
    variant(project, "lost-paragraph", body=BODY.replace(f"\n\n{SECOND}", "", 1))
    variant(project, "added-paragraph", body=BODY + "\nA sentence of ours.\n")
    failed = build(project)
    assert failed.returncode == 2, failed.log
    differs = f"does not match {SEED_SOURCE}:"
    assert errors(failed.stderr) == [
        f"error: content/added-paragraph.md: {differs} paragraph 25 is on the page but not in "
        "the source: page 'A sentence of ours.'",
        f"error: content/changed-alt.md: {differs} Photo_alt differ from line 1: "
        "source 'Free Syrian Army fighters', page 'Fighters'",
        f"error: content/changed-word.md: {differs} paragraph 2 differs: "
        "source '…leppo were preparing to head to Salaheddin, the …', "
        "page '…leppo were preparing to go to Salaheddin, the ma…'",
        f"error: content/lost-paragraph.md: {differs} paragraph 2 differs: "
        "source 'Nearly two years ago, me…', page 'The fall of Aleppo would…'",
        f"error: content/no-credit.md: {differs} Photo_caption and Photo_credit differ from "
        "line 2: source '…al prison, July 7, 2014. Reuters/Hosam Kata', "
        "page '…al prison, July 7, 2014.'",
        "error: content/wrong-digest.md: Source_sha256: no file in provenance/ has the SHA-256 "
        f"{wrong}",
    ]
    assert "error: 6 article(s) differ from their source; nothing written" in failed.stderr
    assert "output/ kept as it was" in failed.stderr
    assert "Traceback" not in failed.log
    assert output_files(good.output) == before


def add_source(project: Path, slug: str, paragraphs: list[str], body: str | None = None, **fields):
    """A source of these paragraphs in provenance/, and an article that
    copies them into Markdown as they are (or has this body)."""
    source = "An alt text\nA caption. A credit\n\n" + "\n\n".join(paragraphs) + "\n"
    (project / "provenance" / f"{slug}.txt").write_text(source, encoding="utf-8")
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return variant(
        project, slug, body=body if body is not None else "\n\n".join(paragraphs) + "\n",
        photo_alt="An alt text", photo_caption="A caption.", photo_credit="A credit",
        source_sha256=digest, **fields,
    )  # fmt: skip


def test_markdown_that_changes_the_words_is_caught(tmp_path):
    """Plain text copied into Markdown as it is loses words; the build says where."""
    project = copy_project(tmp_path / "site")
    add_source(project, "a-list", ["2014. A year of war."])
    add_source(project, "a-rule", ["First words.", "---", "Last words."])
    add_source(project, "a-tag", ["<b>bold</b> claims"])
    add_source(project, "a-comment", ["<!-- note --> text"])
    add_source(project, "stars", ["Use *stars* here"])
    add_source(project, "a-term", ["A term\n: its meaning"])
    add_source(project, "an-entity", ["AT&amp;T"])
    failed = build(project)
    assert failed.returncode == 2, failed.log
    assert errors(failed.stderr) == [
        "error: content/a-comment.md: does not match provenance/a-comment.txt: paragraph 1 "
        "differs: source '<!-- note --> text', page 'text'",
        "error: content/a-list.md: does not match provenance/a-list.txt: paragraph 1 differs: "
        "source '2014. A year of war.', page 'A year of war.'",
        "error: content/a-rule.md: does not match provenance/a-rule.txt: paragraph 2 differs: "
        "source '---', page 'Last words.'",
        "error: content/a-tag.md: does not match provenance/a-tag.txt: paragraph 1 differs: "
        "source '<b>bold</b> claims', page 'bold claims'",
        "error: content/a-term.md: does not match provenance/a-term.txt: paragraph 1 differs: "
        "source 'A term : its meaning', page 'A term'",
        "error: content/an-entity.md: does not match provenance/an-entity.txt: paragraph 1 "
        "differs: source 'AT&amp;T', page 'AT&T'",
        "error: content/stars.md: does not match provenance/stars.txt: paragraph 1 differs: "
        "source 'Use *stars* here', page 'Use stars here'",
    ]


def test_the_same_words_wrapped_or_linked_pass_and_are_recorded(tmp_path):
    """A paragraph re-wrapped over several lines, words linked or emphasised:
    the same text, so the build passes, for a hidden article and a draft too,
    and the manifest names the source each was proven against."""
    project = copy_project(tmp_path / "site")
    wrapped = BODY.replace(SECOND, SECOND.replace(" ", "\n", 5).replace(", ", ",\n    "), 1)
    assert wrapped != BODY
    variant(project, "wrapped", body=wrapped, status="hidden")
    linked = BODY.replace("Salaheddin", "*[Salaheddin](https://example.org/)*", 1)
    variant(project, "linked", body=linked, status="draft")
    for settings in ("publishconf.py", "pelicanconf.py"):
        result = build(project, settings=settings)
        assert result.returncode == 0, result.log
    # make html writes the draft, so it was proven; its words passed.
    assert (result.output / "drafts" / "linked.html").exists()
    manifest = json.loads((result.output / ".build.json").read_text(encoding="utf-8"))
    sources = {article["slug"]: article["source_text"] for article in manifest["articles"]}
    assert sources == {ARTICLE_SLUG: SEED_SOURCE, "wrapped": SEED_SOURCE}


def test_a_draft_is_proven_only_where_it_is_written(tmp_path):
    project = copy_project(tmp_path / "site")
    variant(project, "draft", body=BODY.replace("Aleppo", "Alepo", 1), status="draft")
    assert build(project).returncode == 0  # publishing writes no draft
    local = build(project, settings="pelicanconf.py")
    assert local.returncode == 2
    assert errors(local.stderr) == [
        f"error: content/draft.md: does not match {SEED_SOURCE}: paragraph 1 differs: "
        "source '…imminent battle for Aleppo, Syria’s largest city…', "
        "page '…imminent battle for Alepo, Syria’s largest city.'"
    ]


def test_a_capture_digest_must_name_a_file_and_is_recorded(tmp_path):
    project = copy_project(tmp_path / "site")
    capture = b"<!doctype html><title>The page</title><p>Its bytes."
    (project / "provenance" / "page.html").write_bytes(capture)
    digest = hashlib.sha256(capture).hexdigest()
    variant(project, "captured", capture_sha256=digest)
    variant(project, "not-captured", capture_sha256="1" * 64)
    failed = build(project)
    assert errors(failed.stderr) == [
        "error: content/not-captured.md: Capture_sha256: no file in provenance/ has the "
        f"SHA-256 {'1' * 64}"
    ]
    (project / "content" / "not-captured.md").unlink()
    result = build(project)
    assert result.returncode == 0, result.log
    manifest = json.loads((result.output / ".build.json").read_text(encoding="utf-8"))
    (record,) = [article for article in manifest["articles"] if article["slug"] == "captured"]
    assert (record["capture"], record["capture_sha256"]) == ("provenance/page.html", digest)


def test_a_capture_without_its_source_text_is_refused(tmp_path):
    project = copy_project(tmp_path / "site")
    capture = b"<!doctype html><title>The page</title><p>Its bytes."
    (project / "provenance" / "page.html").write_bytes(capture)
    digest = hashlib.sha256(capture).hexdigest()
    variant(project, "capture-only", source_sha256=None, capture_sha256=digest)
    failed = build(project)
    assert failed.returncode == 2, failed.log
    assert errors(failed.stderr) == [
        "error: content/capture-only.md: Capture_sha256: is recorded without Source_sha256; "
        "record the source text read from the page too"
    ]


def test_a_source_not_in_the_format_is_named(tmp_path):
    project = copy_project(tmp_path / "site")
    for name, data in (("one-line", b"Only a line\n"), ("latin-1", b"Alt\nCaption\n\nCaf\xe9\n")):
        (project / "provenance" / f"{name}.txt").write_bytes(data)
        variant(project, name, source_sha256=hashlib.sha256(data).hexdigest())
    failed = build(project)
    assert errors(failed.stderr) == [
        "error: content/latin-1.md: Source_sha256: provenance/latin-1.txt is not UTF-8 text "
        "(byte 0xE9 at offset 16)",
        "error: content/one-line.md: Source_sha256: provenance/one-line.txt is not a source "
        "text: line 1 is the photo's alt text, line 2 its caption and credit, line 3 is blank, "
        "then the paragraphs",
    ]


def claim(html: str, alt: str = "Alt", caption: str = "A caption.", credit: str = "") -> Claim:
    return Claim("content/a.md", "0" * 64, "", alt, caption, credit, lambda: html)


def test_page_text_is_read_as_a_reader_reads_it():
    html = (
        "<p>One&nbsp;&amp; <em>two</em>\n  three<br />four<!-- gone --></p>"
        "<blockquote><p>Quoted</p></blockquote><hr><ul><li>Item</li></ul><p>  </p>"
    )
    assert page_paragraphs(html) == ["One\xa0& two three four", "Quoted", "Item"]


def test_the_seed_article_is_its_source():
    """The real content file, rendered as the build renders it, says what its
    source says; the same page with one word changed does not."""
    source = parse_source_text(SOURCE_TEXT.read_text(encoding="utf-8"))
    assert len(source.paragraphs) == 24
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    html, metadata = MarkdownReader(settings).read(str(ARTICLE_FILE))
    photo = [metadata[key] for key in ("photo_alt", "photo_caption", "photo_credit")]
    assert first_difference(Claim("content/a.md", "", "", *photo, lambda: html), source) is None
    changed = html.replace("Salaheddin", "Salahedin", 1)
    assert changed != html
    difference = first_difference(Claim("content/a.md", "", "", *photo, lambda: changed), source)
    assert difference is not None and difference.startswith("paragraph ")


def test_a_no_break_space_is_not_a_space():
    source = parse_source_text("Alt\nA caption.\n\n10\u00a0km\n")
    assert first_difference(claim("<p>10 km</p>"), source) == (
        "paragraph 1 differs: source '10\\xa0km', page '10 km'"
    )
    assert first_difference(claim("<p>10&nbsp;km</p>"), source) is None


def test_only_htmls_whitespace_is_trimmed_from_a_paragraphs_lines():
    """As the page is read: a space or tab at a line's end is not seen, an
    ideographic or no-break space is text. Lines 1 and 2 are header values,
    which keep no whitespace of any kind at their ends."""
    text = "Alt\u00a0\n\u3000A caption.\n\n\u3000Indented, 10\u00a0km\u00a0 \n \tNext line\t\n"
    assert parse_source_text(text) == SourceText(
        "Alt", "A caption.", ("\u3000Indented, 10\u00a0km\u00a0\nNext line",)
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Alt\nCaption\nNot blank\n\nText\n", "line 3 is blank"),
        ("Alt\nCaption\n\n\n", "has no paragraph after line 3"),
        ("Alt\nCaption\n\nA \x02 B\n", "line 4 holds the control character U+0002"),
    ],
)
def test_a_text_not_in_the_source_format_says_why(text, problem):
    with pytest.raises(SourceFormatError, match=re.escape(problem)):
        parse_source_text(text)


def test_the_proof_reads_each_file_once_and_names_what_it_proved(tmp_path, monkeypatch):
    """However many articles name a file, and whatever else provenance/ holds,
    each file is opened once a build."""
    folder = tmp_path / "provenance"
    folder.mkdir()
    claims, expected = [], {}
    for number in range(40):
        text = f"Alt\nA caption.\n\nWords of source {number}.\n".encode()
        (folder / f"s{number}.txt").write_bytes(text)
        capture = f"<p>Page {number}</p>".encode()
        (folder / f"s{number}.html").write_bytes(capture)
        (folder / f"unrelated{number}.txt").write_bytes(f"Not named {number}\n".encode())
        for copy in range(5):  # five articles name each source and its capture
            shown = f"content/{number}-{copy}.md"
            html = f"<p>Words of source {number}.</p>"
            digests = hashlib.sha256(text).hexdigest(), hashlib.sha256(capture).hexdigest()
            claims.append(Claim(shown, *digests, "Alt", "A caption.", "", lambda html=html: html))
            expected[shown] = (f"provenance/s{number}.txt", f"provenance/s{number}.html")
    opened: list[str] = []

    def counting_open(file, *args, **kwargs):
        opened.append(Path(file).name if isinstance(file, str | os.PathLike) else str(file))
        return real_open(file, *args, **kwargs)

    real_open = io.open
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    problems, proven = prove(claims, tmp_path)
    monkeypatch.undo()
    assert problems == []
    assert {shown: (f.source_text, f.capture) for shown, f in proven.items()} == expected
    assert sorted(opened) == sorted(path.name for path in folder.iterdir())


def test_the_proof_holds_one_source_and_one_page_at_a_time(tmp_path):
    """Memory stays flat as the archive grows: 300 articles of 7.5 kB each
    would hold 4.5 MB of pages and sources if the proof kept them all."""
    folder = tmp_path / "provenance"
    folder.mkdir()
    claims = []
    for number in range(300):
        paragraph = f"Dispatch {number}: " + "word " * 1500
        text = f"Alt\nA caption.\n\n{paragraph}\n".encode()
        (folder / f"s{number}.txt").write_bytes(text)
        digest = hashlib.sha256(text).hexdigest()
        # A new string at each call, as Pelican renders article.content anew.
        page = functools.partial("".join, ("<p>", paragraph, "</p>"))
        claims.append(Claim(f"content/{number}.md", digest, "", "Alt", "A caption.", "", page))
    tracemalloc.start()
    try:
        problems, proven = prove(claims, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and len(proven) == 300
    assert peak < 1_000_000, f"the proof peaked at {peak:,} bytes"
