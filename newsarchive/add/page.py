"""An article out of a news page's HTML: trafilatura finds the article and
its title and site name, htmldate its date (`original_date=True`), and the
page's own markup the language and the lead photograph's caption and credit
(trafilatura leaves figcaptions out): from the <figure> of a photograph
trafilatura kept in the article, or of the page's og:image, never from one
in the boxes around it. Each field says where it was found.

Paragraphs come from trafilatura's structured body, where a <br> inside a
paragraph is a line break (<lb/>), never a new paragraph. trafilatura makes
every kind of space a plain one, so each paragraph's words are then read from
the page's own element with the same text, by the archive's one whitespace
rule (newsarchive.whitespace): a no-break space stays one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

import trafilatura

from newsarchive.whitespace import as_read, header_value

# What trafilatura's body holds, each a paragraph of the source.
PARAGRAPH_TAGS = ("p", "head", "item", "quote")
# Elements whose text is not the page's words.
NOT_TEXT = ("script", "style", "template", "noscript")
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
        value = header_value(value) if isinstance(value, str) else ""
        if value and name not in self.values:
            self.values[name] = value
            self.where[name] = where


def lines_of(element, line_break: str, lines: list[str]) -> list[str]:
    """An element's text, no tail of its own, as the lines its line-break
    elements (<lb/> in trafilatura's body, <br> in a page) end."""
    lines[-1] += element.text or ""
    for child in element:
        if child.tag == line_break:
            lines.append("")
        elif isinstance(child.tag, str) and child.tag not in NOT_TEXT:  # not a comment
            lines_of(child, line_break, lines)
        lines[-1] += child.tail or ""
    return lines


def paragraph_text(element, line_break: str) -> str:
    """The element's text as a paragraph: its lines as read, blank ones left out."""
    lines = (as_read(line) for line in lines_of(element, line_break, [""]))
    return "\n".join(line for line in lines if line)


def trafilatura_key(text: str) -> str:
    """A text as trafilatura gives it: every run of any whitespace one space."""
    return " ".join(text.split())


def page_texts(tree) -> dict[str, str]:
    """The text of each element of the page that holds words of its own,
    under its key as trafilatura would give it."""
    texts: dict[str, str] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in NOT_TEXT:
            continue
        own = [element.text, *(child.tail for child in element)]
        if any(part and part.strip() for part in own):
            text = paragraph_text(element, "br")
            texts.setdefault(trafilatura_key(text), text)
    return texts


def body_paragraphs(body, texts: dict[str, str]) -> list[str]:
    """trafilatura's paragraphs, each in the page's own words where the page
    has an element with that text."""
    paragraphs = []
    for element in body.iter(*PARAGRAPH_TAGS):
        if any(ancestor.tag in PARAGRAPH_TAGS for ancestor in element.iterancestors()):
            continue  # its text is its ancestor's
        if text := paragraph_text(element, "lb"):
            paragraphs.append(texts.get(trafilatura_key(text), text))
    return paragraphs


def json_ld_articles(tree) -> list[dict]:
    """The page's JSON-LD objects that describe an article."""
    found = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        # An object, a list of them or an object's @graph; anything else says nothing.
        items = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else ():
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
    return isinstance(value, str) and trafilatura_key(value) == trafilatura_key(text)


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


def article_images(tree, body, url: str | None) -> set[str]:
    """The addresses of the photographs that belong to the article: those
    trafilatura kept in its body (made absolute, as it makes them), and the
    page's og:image."""
    found = set(body.xpath(".//graphic/@src"))
    if image := meta(tree, "og:image"):
        found.add(image)
    return found | {urljoin(url or "", image) for image in found}


def is_article_image(image, kept: set[str], url: str | None) -> bool:
    """Whether an <img> shows one of the article's photographs, under any of
    the attributes a page may give its address in (src, data-src, ...)."""
    return any(
        value in kept or urljoin(url or "", value) in kept
        for name, value in image.attrib.items()
        if "src" in name and value.strip()
    )


def lead_figure(
    tree, kept: set[str], url: str | None, image_alt: str | None
) -> tuple[str | None, str | None, str | None]:
    """(alt, caption, credit) of the first <figure> with a caption around one
    of the article's photographs."""
    for figure in tree.xpath("//figure[.//img and .//figcaption]"):
        images = [image for image in figure.iter("img") if is_article_image(image, kept, url)]
        if not images:
            continue  # a promotion, a related story: not the article's photograph
        alt = header_value(images[0].get("alt") or "") or image_alt
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
        credit = header_value(credits[0].text_content()) if credits else None
        if credits:
            credits[0].drop_tree()
        return alt, header_value(caption.text_content()), credit
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
    # The page as trafilatura decodes it (its declared or detected encoding),
    # parsed once: the extraction works on a copy of it, and finds the date
    # with htmldate as asked.
    tree = trafilatura.load_html(html)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=True, output_format="python",
        date_extraction_params={"original_date": True, "outputformat": DATE_WITH_TIME},
    ) if tree is not None else None  # fmt: skip
    texts = page_texts(tree) if document is not None else {}
    paragraphs = body_paragraphs(document.body, texts) if texts else []
    if not paragraphs:
        raise NoArticle("no article text found in the page")
    articles = json_ld_articles(tree)
    found = Found(paragraphs)
    if document.title:
        title = texts.get(trafilatura_key(document.title), document.title)
        found.take("title", title, where_title(tree, title, articles))
        # The headline is the article's title, not its first paragraph.
        if paragraphs[0] == title and len(paragraphs) > 1:
            del paragraphs[0]
    date = normalized_date(document.date)
    if date:
        found.take("date", date, where_date(tree, date[:10], articles))
    found.take("publisher", *publisher(tree, articles, document.sitename))
    found.take("lang", *language(tree, articles))
    for article in articles:
        found.take("category", article.get("articleSection"), "JSON-LD articleSection")
    found.take("category", meta(tree, "article:section"), "article:section")
    found.take("original_url", meta(tree, "og:url"), "og:url")
    images = document.body.xpath(".//graphic/@alt")
    kept = article_images(tree, document.body, url)
    alt, caption, credit = lead_figure(tree, kept, url, images[0] if images else None)
    found.take("photo_alt", alt, "the photo's alt text")
    found.take("photo_caption", caption, "<figcaption>")
    found.take("photo_credit", credit, "the <figcaption>'s credit")
    return found
