"""The Aleppo Dispatch Archive's own code: the Pelican plugins that shape the
site (``newsarchive.plugins``), the safe build and its manifest, and what is
made from a built site (offline zip, books, web archive and bag). Test and
documentation tools that drive a browser or a validator live in
``newsarchive.devtools``. See docs/ARCHITECTURE.md."""

# What every request of the archive's own tools says it comes from: the
# page fetches of `make add` and the published-site checks of `make verify`.
USER_AGENT = "aleppo-dispatch-archive (a news archive's tools: make add, make verify)"
