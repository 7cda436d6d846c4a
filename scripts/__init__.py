"""The project's scripts. The EPUB plugin (plugins/epub_copy) also uses
`scripts.archive`: its zip writer and its date rule."""
