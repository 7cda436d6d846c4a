"""`make verify`: check any copy of the archive against what was made.

- no argument: dist/ (dist_check);
- COPY=folder: an unpacked offline copy against the checksums it carries
  (offline_copy);
- SITE=https://USER.github.io/REPO: the site as served against this commit
  rebuilt (live_site).

Every problem is reported on a line of its own, then a summary; `--json`
gives the same for machines. Exit status of `python -m newsarchive.verify`:
0 when everything checks out, 1 when something differs, 2 when something
could not be checked (through make, 2 for either failure: README.md).
"""
