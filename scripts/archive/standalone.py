"""Find the one-file copies of the articles in a built site and read the
provenance each records in its <head>."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# Only the one-file copies name the canonical address of the article they copy.
MARKER = "canonical-url"


@dataclass(frozen=True)
class StandaloneCopy:
    path: Path
    site_name: str
    site_url: str
    title: str
    canonical_url: str
    original_url: str
    publisher: str
    date_published: str
    source_sha256: str
    generator: str


class HeadMetadata(HTMLParser):
    """Collects <meta name>, <meta property> and <link rel> values of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            if key and key not in self.values:
                self.values[key] = attributes.get("content", "")
        elif tag == "link" and attributes.get("rel"):
            self.values.setdefault(f"link:{attributes['rel']}", attributes.get("href", ""))


def head_metadata(page: Path) -> dict[str, str]:
    parser = HeadMetadata()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.values


def read_copy(page: Path) -> StandaloneCopy:
    values = head_metadata(page)
    return StandaloneCopy(
        path=page,
        site_name=values["og:site_name"],
        site_url=values["site-url"],
        title=values["og:title"],
        canonical_url=values[MARKER],
        original_url=values.get("original-url", ""),
        publisher=values.get("original-publisher", ""),
        date_published=values["original-date-published"],
        source_sha256=values.get("source-text-sha256", ""),
        generator=values["generator"],
    )


def find_copies(site: Path) -> list[StandaloneCopy]:
    """Every one-file copy in the site, in path order."""
    pages = sorted(site.rglob("*.html"))
    return [read_copy(page) for page in pages if f'name="{MARKER}"' in page.read_text("utf-8")]
