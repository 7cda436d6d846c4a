"""`make archive`: the web archive (WARC in a WACZ) and the BagIt bag of a
built site, put together by make_archive.py (``python -m newsarchive.archive``)."""
