"""What systems and editors leave beside the files a person made: hidden
files (macOS Finder's .DS_Store and ._name, .#lock files, .name.swp),
backups (name~), Emacs autosaves (#name#) and swap files (name.swp).

The build leaves them out of content/ (pelicanconf.py's IGNORE_FILES is
this list), and `make verify COPY=folder` leaves them out of an unpacked
copy with a note: a copy opened in Finder gains a .DS_Store, and its pages
are still the ones made."""

from __future__ import annotations

from fnmatch import fnmatch

# Patterns of file and folder names, as Pelican's IGNORE_FILES takes them.
LEFTOVERS = (".*", "*~", "#*#", "*.swp")


def is_leftover(name: str) -> bool:
    """Whether a relative path ("/" between its parts) is a leftover or is in
    a folder that is one: Pelican matches each file and folder name alike."""
    return any(fnmatch(part, pattern) for part in name.split("/") for pattern in LEFTOVERS)
