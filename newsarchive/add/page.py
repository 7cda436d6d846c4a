"""An article out of a news page's HTML: trafilatura finds the article and
its title and site name, htmldate its date (`original_date=True`), and the
page's own markup the language and the lead photograph's caption and credit
(trafilatura leaves figcaptions out). Each field says where it was found.

Paragraphs come from trafilatura's structured body, where a <br> inside a
paragraph is a line break (<lb/>), never a new paragraph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
import trafilatura
from htmldate import find_date

# What trafilatura's body holds, each a paragraph of the source.
PARAGRAPH_TAGS = ("p", "head", "item", "quote")
DATE_WITH_TIME = "%Y-%m-%dT%H:%M:%S%z"
CREDIT_CLASSES = ("credit", "byline", "copyright", "source")


class NoArticle(Exception):
    """The page holds no article trafilatura can find."""


@dataclass
class Found:
    """The article's fields as found in the page, and where each was found."""

    paragraphs: list[str]
    values: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)

    def take(self, name: str, value, where: str) -> None:
        value = " ".join(value.split()) if isinstance(value, str) else ""
        if value and name not in self.values:
            self.values[name] = value
            self.where[name] = where


def text_of(element) -> str:
    """An element's text, each <lb/> a line break, no tail of its own."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def body_paragraphs(body) -> list[str]:
    paragraphs = []
    for element in body.iter(*PARAGRAPH_TAGS):
        if any(ancestor.tag in PARAGRAPH_TAGS for ancestor in element.iterancestors()):
            continue  # its text is its ancestor's
        lines = [" ".join(line.split()) for line in text_of(element).split("\n")]
        if text := "\n".join(line for line in lines if line):
            paragraphs.append(text)
    return paragraphs


def json_ld_articles(tree) -> list[dict]:
    """The page's JSON-LD objects that describe an article."""
    found = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items:
            kinds = item.get("@type") if isinstance(item, dict) else None
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind.endswith("Article") for kind in kinds):
                found.append(item)
    return found


def meta(tree, name: str) -> str | None:
    values = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    return values[0] if values else None


def where_title(tree, title: str, articles: list[dict]) -> str:
    candidates = [("JSON-LD headline", a.get("headline")) for a in articles]
    candidates += [("og:title", meta(tree, "og:title")), ("<h1>", first(tree, "//h1"))]
    candidates += [("<title>", first(tree, "//title"))]
    return next((where for where, value in candidates if same(value, title)), "the page")


def where_date(tree, day: str, articles: list[dict]) -> str:
    candidates = [("JSON-LD datePublished", a.get("datePublished")) for a in articles]
    candidates += [("article:published_time", meta(tree, "article:published_time"))]
    candidates += [("<time datetime>", value) for value in tree.xpath("//time/@datetime")]
    return next(
        (where for where, value in candidates if isinstance(value, str) and day in value),
        "the page's text",
    )


def first(tree, path: str) -> str | None:
    elements = tree.xpath(path)
    return elements[0].text_content() if elements else None


def same(value, text: str) -> bool:
    return isinstance(value, str) and " ".join(value.split()) == text


def publisher(tree, articles: list[dict], sitename: str | None) -> tuple[str | None, str]:
    for article in articles:
        named = article.get("publisher")
        if isinstance(named, dict) and isinstance(named.get("name"), str):
            return named["name"], "JSON-LD publisher"
    if site := meta(tree, "og:site_name"):
        return site, "og:site_name"
    return sitename, "the page's site name"


def language(tree, articles: list[dict]) -> tuple[str | None, str]:
    if lang := tree.xpath("string(/html/@lang)").strip():
        return lang, "<html lang>"
    for article in articles:
        if isinstance(article.get("inLanguage"), str):
            return article["inLanguage"], "JSON-LD inLanguage"
    if locale := meta(tree, "og:locale"):
        return locale.replace("_", "-"), "og:locale"
    return None, ""


def lead_figure(tree, image_alt: str | None) -> tuple[str | None, str | None, str | None]:
    """(alt, caption, credit) of the first <figure> with an image and a caption."""
    for figure in tree.xpath("//figure[.//img and .//figcaption]"):
        alt = figure.xpath("string(.//img/@alt)").strip() or image_alt
        caption = figure.xpath(".//figcaption")[0]
        credits = [
            element
            for element in caption.iter()
            if element is not caption
            and (
                element.tag in ("small", "cite")
                or any(word in (element.get("class") or "") for word in CREDIT_CLASSES)
            )
        ]
        credit = " ".join(credits[0].text_content().split()) if credits else None
        if credits:
            credits[0].drop_tree()
        return alt, " ".join(caption.text_content().split()), credit
    return image_alt, None, None


def normalized_date(found: str | None) -> str | None:
    """htmldate's date with its time and offset, or None when the page gave
    only a day: a time is never made up."""
    if not found:
        return None
    try:
        return datetime.strptime(found, DATE_WITH_TIME).isoformat()
    except ValueError:
        return None


def read_page(html: bytes, url: str | None) -> Found:
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=True, output_format="python",
    )  # fmt: skip
    paragraphs = body_paragraphs(document.body) if document is not None else []
    if not paragraphs:
        raise NoArticle("no article text found in the page")
    tree = lxml.html.fromstring(html)
    articles = json_ld_articles(tree)
    found = Found(paragraphs)
    if document.title:
        found.take("title", document.title, where_title(tree, document.title, articles))
        # The headline is the article's title, not its first paragraph.
        if paragraphs[0] == found.values["title"] and len(paragraphs) > 1:
            del paragraphs[0]
    date = normalized_date(find_date(tree, original_date=True, outputformat=DATE_WITH_TIME))
    if date:
        found.take("date", date, where_date(tree, date[:10], articles))
    found.take("publisher", *publisher(tree, articles, document.sitename))
    found.take("lang", *language(tree, articles))
    for article in articles:
        found.take("category", article.get("articleSection"), "JSON-LD articleSection")
    found.take("category", meta(tree, "article:section"), "article:section")
    found.take("original_url", meta(tree, "og:url"), "og:url")
    images = document.body.xpath(".//graphic/@alt")
    alt, caption, credit = lead_figure(tree, images[0] if images else None)
    found.take("photo_alt", alt, "the photo's alt text")
    found.take("photo_caption", caption, "<figcaption>")
    found.take("photo_credit", credit, "the <figcaption>'s credit")
    return found
