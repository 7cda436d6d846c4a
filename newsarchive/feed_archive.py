"""The site's feed as RFC 5005 archived feeds: subscription documents that
every reader accepts, and archive documents that hold the rest, whole.

Pelican writes the subscription documents (FEED_ALL_ATOM, FEED_ALL_RSS) with
the first FEED_MAX_ITEMS articles of its feed order, newest first. Every
other article goes into an archive document (FEED_ARCHIVE_SAVE_AS, numbered
from 1, the oldest), FEED_ARCHIVE_ITEMS to a document, filled oldest first,
so a newer article never moves an older one. A document that holds
FEED_ARCHIVE_ITEMS articles is full, and the next one is started at once,
empty if need be: a full document's links (``prev-archive``,
``next-archive``, ``current``) are then final, and it never changes again.

Full documents are also recorded, article by article, in FEED_ARCHIVE_RECORD
(``feed-archives.txt`` beside the content folder), written when a document
fills and committed with the content. A full document holds what the record
says, whatever the articles' dates: an article added later with an older date
goes into the newest archive document (or the subscription document), not
into a full one. Only a record that names an article the site no longer
publishes stops the build; README.md, "Feeds", says how to go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pelican.utils import order_content
from pelican.writers import Writer

from newsarchive.feed_entries import feed_articles
from newsarchive.feed_formats import is_rss
from newsarchive.manifest import FeedRecord

DEFAULT_ARCHIVE_ITEMS = 50
DEFAULT_SAVE_AS = "feeds/archive/{number}.{feed_type}.xml"
DEFAULT_RECORD = "feed-archives.txt"
# Every feed document stays under this many bytes: a quarter of what the W3C
# Feed Validation Service and CommaFeed take at most, and far from Miniflux's.
MAX_DOCUMENT_BYTES = 2_000_000
RECORD_HEADER = """\
# The full feed archive documents of the site and the articles each holds (slugs,
# oldest first): one line a document, the oldest first. The build adds a line when
# a document fills; commit this file with the content. README.md, "Feeds".
"""
# The context keys this module keeps for the build.
CHAIN = "FEED_CHAIN"
DOCUMENTS = "FEED_DOCUMENTS"
PENDING_RECORD = "FEED_ARCHIVE_RECORD_PENDING"  # (path, full documents) to record


class FeedError(Exception):
    """A feed document cannot be written as this archive promises."""

    exitcode = 2


@dataclass(frozen=True)
class Chain:
    """Which articles each document of the feed holds: the subscription
    document's, newest first, and each archive document's, oldest first."""

    subscription: list
    archives: list[list]
    full: int  # how many archive documents, from the oldest, are full


def read_record(path: Path) -> list[list[str]]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def record_text(full: list[list[str]]) -> str:
    return RECORD_HEADER + "".join(" ".join(slugs) + "\n" for slugs in full)


def plan_chain(
    order: list,
    recorded: list[list[str]],
    keep: int | None,
    size: int,
    record: str = DEFAULT_RECORD,
) -> Chain:
    """order: the articles in Pelican's feed order (newest first); recorded:
    the slugs of each full archive document, as the record (named record)
    lists them."""
    by_slug = {article.slug: article for article in order}
    sealed: list[list] = []
    seen: set[str] = set()
    for number, slugs in enumerate(recorded, start=1):
        for slug in slugs:
            if slug in seen:
                raise FeedError(f"{record}: {slug!r} is recorded twice")
            if slug not in by_slug:
                raise FeedError(
                    f"{record}: full archive document {number} holds {slug!r}, which "
                    "the site no longer publishes; restore the article, or take its slug off "
                    "that line to change the published document on purpose"
                )
            seen.add(slug)
        sealed.append([by_slug[slug] for slug in slugs])
    head = order if keep is None else order[:keep]
    subscription = [article for article in head if article.slug not in seen]
    rest = [article for article in reversed(order[len(head) :]) if article.slug not in seen]
    filled = [rest[start : start + size] for start in range(0, len(rest), size)]
    archives = sealed + filled
    full = len(sealed) + sum(1 for chunk in filled if len(chunk) == size)
    if archives and full == len(archives):
        archives.append([])
    return Chain(subscription, archives, full)


def feed_order(generator) -> list:
    """The articles as Pelican orders them for FEED_ALL_ATOM and FEED_ALL_RSS."""
    articles = [v for a in generator.articles for v in (a, *a.translations)]
    return order_content(articles, order_by=generator.settings["ARTICLE_ORDER_BY"])


def subscriptions(settings: dict) -> dict[str, str]:
    """The subscription document of each format the settings ask for, by format."""
    paths = {"atom": settings.get("FEED_ALL_ATOM"), "rss": settings.get("FEED_ALL_RSS")}
    return {feed_type: path for feed_type, path in paths.items() if path}


def feed_url(settings: dict, path: str) -> str:
    return f"{(settings.get('FEED_DOMAIN') or '').rstrip('/')}/{path}"


def archive_path(settings: dict, number: int, feed_type: str) -> str:
    save_as = settings.get("FEED_ARCHIVE_SAVE_AS", DEFAULT_SAVE_AS)
    return save_as.format(number=number, feed_type=feed_type)


def history_links(settings: dict, feed_type: str, number: int | None, count: int) -> list:
    """The RFC 5005 links of one of count archive documents (number None:
    the subscription document), as (rel, address) pairs."""

    def archive(n: int) -> str:
        return feed_url(settings, archive_path(settings, n, feed_type))

    if number is None:
        return [("prev-archive", archive(count))] if count else []
    links = [("current", feed_url(settings, subscriptions(settings)[feed_type]))]
    if number > 1:
        links.append(("prev-archive", archive(number - 1)))
    if number < count:
        links.append(("next-archive", archive(number + 1)))
    return links


def plan_build(generator) -> None:
    """Work out the chain once the articles are read, record the documents
    that filled, and list every document the build writes for the manifest."""
    settings, context = generator.settings, generator.context
    formats = subscriptions(settings)
    context[DOCUMENTS] = {}
    context[CHAIN] = None
    if not formats:
        return
    name = settings.get("FEED_ARCHIVE_RECORD", DEFAULT_RECORD)
    record = Path(generator.path).resolve().parent / name
    recorded = read_record(record)
    size = settings.get("FEED_ARCHIVE_ITEMS", DEFAULT_ARCHIVE_ITEMS)
    if not isinstance(size, int) or size < 1:
        raise FeedError(f"FEED_ARCHIVE_ITEMS is {size!r}; it must be a whole number from 1")
    chain = plan_chain(feed_order(generator), recorded, settings["FEED_MAX_ITEMS"], size, name)
    context[CHAIN] = chain
    full = [[article.slug for article in chain.archives[n]] for n in range(chain.full)]
    # Written once the documents are (write_archives): a build that fails
    # before then must not seal a document that was never published.
    context[PENDING_RECORD] = (record, full) if full != recorded else None
    for feed_type, path in formats.items():
        slugs = [article.slug for article in chain.subscription]
        context[DOCUMENTS][path] = FeedRecord(path, feed_type, "subscription", None, False, slugs)
        for number, articles in enumerate(chain.archives, start=1):
            name = archive_path(settings, number, feed_type)
            slugs = [article.slug for article in reversed(articles)]
            document = FeedRecord(name, feed_type, "archive", number, number <= chain.full, slugs)
            context[DOCUMENTS][name] = document


def document_of(context: dict, feed) -> FeedRecord | None:
    """The chain's document this feed is, if it is one."""
    domain = (context.get("FEED_DOMAIN") or "").rstrip("/")
    path = str(feed.feed["feed_url"]).removeprefix(f"{domain}/")
    return context.get(DOCUMENTS, {}).get(path)


def add_history(context: dict, feed) -> None:
    """Give a document of the chain its RFC 5005 links, and the subscription
    document only the articles no full archive document holds."""
    document = document_of(context, feed)
    if document is None or context.get(CHAIN) is None:
        return
    count = len(context[CHAIN].archives)
    feed.feed["history"] = history_links(context, document.format, document.number, count)
    feed.feed["archive"] = document.role == "archive"
    if document.number and document.number > 1 and not document.articles:
        before = context[CHAIN].archives[document.number - 2]
        dates = [max(a.date, getattr(a, "modified", a.date)) for a in before]
        feed.feed["updated_when_empty"] = max(dates)
    if document.role == "subscription":
        kept = set(document.articles)
        articles = feed_articles(context, feed)
        feed.items[:] = [i for i, a in zip(feed.items, articles, strict=True) if a.slug in kept]


def write_archives(generator, writer) -> None:
    chain = generator.context.get(CHAIN)
    if not chain:
        return
    # Pelican's writer, with no FEED_MAX_ITEMS: an archive document is whole.
    whole = Writer(writer.output_path, settings={**writer.settings, "FEED_MAX_ITEMS": None})
    for feed_type in subscriptions(generator.settings):
        for number, articles in enumerate(chain.archives, start=1):
            path = archive_path(generator.settings, number, feed_type)
            entries = list(reversed(articles))
            whole.write_feed(entries, generator.context, path, feed_type=feed_type)
    if pending := generator.context.get(PENDING_RECORD):
        record, full = pending
        record.write_text(record_text(full), encoding="utf-8")


def check_written(path: str, context: dict, feed) -> None:
    """Every feed document stays small enough for every reader, and the
    manifest lists each, those of Pelican's other feeds too."""
    written, output = Path(path).resolve(), Path(context.get("OUTPUT_PATH", ".")).resolve()
    shown = written.relative_to(output).as_posix() if written.is_relative_to(output) else path
    size = written.stat().st_size
    if size >= MAX_DOCUMENT_BYTES:
        raise FeedError(
            f"{shown}: {size:,} bytes, over the {MAX_DOCUMENT_BYTES:,} a feed document may "
            "hold; lower FEED_MAX_ITEMS or FEED_ARCHIVE_ITEMS in publishconf.py"
        )
    documents = context.get(DOCUMENTS)
    if documents is not None and shown not in documents:
        slugs = [article.slug for article in feed_articles(context, feed)]
        feed_type = "rss" if is_rss(feed) else "atom"
        documents[shown] = FeedRecord(shown, feed_type, "subscription", None, False, slugs)
