"""`make add`: a news article into the archive from a plain-text source, a
saved page or its address (command.py), through one writer (article.py)."""
