"""An address whose names may be in any script (tag/سوريا.html) as the URI
that a sitemap, a WARC record or an HTTP request needs: what a browser does to
a link. Every character outside ASCII is percent-encoded as UTF-8; reserved
characters and existing %-escapes stay as they are."""

from __future__ import annotations

from urllib.parse import quote

KEPT = "/:?#[]@!$&'()*+,;=%~"


def iri_to_uri(iri: str) -> str:
    return quote(iri, safe=KEPT)
