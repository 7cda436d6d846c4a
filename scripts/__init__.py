"""The project's scripts; `scripts.archive.fixed_zip` is also the zip writer
of the EPUB plugin (plugins/epub_copy)."""
