"""The pieces of `make archive`; scripts/make_archive.py puts them together."""
