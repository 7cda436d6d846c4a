"""An Arabic article written for the tests and the screenshots, never for the
site: its text says that it is a test and not reporting. add_rtl_article()
puts it, with a plain-text source that its Source_sha256 names, into a copy
of the project (newsarchive.devtools.site_builder.copy_project), so the build
makes its one-file copy and its EPUB book too."""

from __future__ import annotations

from pathlib import Path

from newsarchive.checksums import sha256_bytes
from newsarchive.devtools.system_tools import ROOT

RTL_SLUG = "rtl-test-article"
RTL_LANG = "ar"
# Pelican names an article in another language than DEFAULT_LANG by
# ARTICLE_LANG_SAVE_AS, "{slug}-{lang}.html".
RTL_PAGE = f"{RTL_SLUG}-{RTL_LANG}.html"
RTL_TITLE = "مقال تجريبي لاختبار الكتابة من اليمين إلى اليسار"
RTL_CATEGORY = "اختبار"
RTL_TAGS = ("اختبار", "اتجاه النص", "RTL")
RTL_ALT = "صورة تجريبية"
RTL_CAPTION = "لا توجد صورة: هذا التعليق كُتب للاختبار."
RTL_CREDIT = "Test"
RTL_PARAGRAPHS = (
    # "This article is a test: it was written to check how this archive shows
    # Arabic text from right to left. It is not news and not a real report."
    "هذا المقال تجريبي: كُتب لاختبار عرض النص العربي من اليمين إلى اليسار في هذا الأرشيف، "
    "وليس خبرًا ولا تقريرًا حقيقيًا.",
    # "This paragraph holds numbers such as 2014 and 3.5, a Latin word, Aleppo,
    # and a link to an example site, to try mixed text."
    "تحتوي هذه الفقرة على أرقام مثل 2014 و3.5، وعلى كلمة لاتينية هي Aleppo، "
    "وعلى رابط إلى موقع مثال، لتجربة النص المختلط.",
)
# The article links words of its source; the build proves the words the same.
LINKED = ("موقع مثال", "[موقع مثال](https://example.org/)")
# "A text written for the tests of this archive; not real news."
RTL_SUMMARY = "نص كُتب لاختبارات هذا الأرشيف، وليس خبرًا حقيقيًا."


def source_text() -> bytes:
    """The plain-text source, laid out as provenance/README.md describes."""
    lines = [RTL_ALT, f"{RTL_CAPTION} {RTL_CREDIT}", "", "\n\n".join(RTL_PARAGRAPHS), ""]
    return "\n".join(lines).encode("utf-8")


def article_markdown(source_sha256: str) -> str:
    header = {
        "Title": RTL_TITLE,
        "Date": "2014-07-09T12:00:00+03:00",
        "Category": RTL_CATEGORY,
        "Tags": ", ".join(RTL_TAGS),
        "Slug": RTL_SLUG,
        "Lang": RTL_LANG,
        "Summary": RTL_SUMMARY,
        "Photo_alt": RTL_ALT,
        "Photo_caption": RTL_CAPTION,
        "Photo_credit": RTL_CREDIT,
        "Source_sha256": source_sha256,
    }
    lines = [f"{key}: {value}" for key, value in header.items()]
    body = "\n\n".join(RTL_PARAGRAPHS).replace(*LINKED)
    return "\n".join(lines) + "\n\n" + body + "\n"


def add_rtl_article(project: Path) -> None:
    """Write the article into project/content and its source into
    project/provenance (a copy of the project, never the project itself)."""
    if project.resolve() == ROOT.resolve():
        raise ValueError("the test article goes into a copy of the project, not into content/")
    source = source_text()
    (project / "provenance" / f"{RTL_SLUG}.txt").write_bytes(source)
    markdown = article_markdown(sha256_bytes(source))
    (project / "content" / f"{RTL_SLUG}.md").write_text(markdown, encoding="utf-8")
