"""Stop the build when an article that records its Source_sha256 says other
than its source in provenance/ (the rule is newsarchive.source_proof), and
give each proven article the files it was proven against, for the manifest."""

from __future__ import annotations

import sys
from itertools import chain
from pathlib import Path

from pelican import signals

from newsarchive.plugins.content_schema import ContentError, shown_path
from newsarchive.source_proof import Claim, prove


def claim_of(article, here: Path) -> Claim:
    metadata = article.metadata
    return Claim(
        shown=shown_path(Path(article.source_path), here),
        source_sha256=metadata["source_sha256"],
        capture_sha256=metadata.get("capture_sha256", ""),
        photo_alt=metadata.get("photo_alt", ""),
        photo_caption=metadata.get("photo_caption", ""),
        photo_credit=metadata.get("photo_credit", ""),
        # Rendered for SITEURL, as the one-file copy and the book use it, when
        # it is compared: the build never holds every article's page at once.
        html=lambda: article.content,
    )


def prove_articles(generator) -> None:
    written = chain(generator.articles, generator.hidden_articles, generator.drafts)
    here = Path.cwd().resolve()
    claims = {
        article: claim_of(article, here)
        for article in written
        if article.metadata.get("source_sha256") and article.save_as
    }
    problems, proven = prove(claims.values(), Path(generator.path).resolve().parent)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr, flush=True)
    if problems:
        raise ContentError(f"{len(problems)} article(s) differ from their source; nothing written")
    for article, claim in claims.items():
        article.proven_files = proven[claim.shown]


def register() -> None:
    signals.article_generator_finalized.connect(prove_articles)
