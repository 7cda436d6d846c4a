"""The address the site is published at, for `make publish`, `make dist`,
`make archive`, `make epub` and `make github`, following Pelican's own
convention that SITEURL lives in publishconf.py:

1. SITEURL in the environment, for one run;
2. else SITEURL as set in publishconf.py (empty until you set it);
3. else the GitHub Pages address of the repository's GitHub `origin`
   remote: https://USER.github.io/REPO, or https://USER.github.io for a
   repository named USER.github.io;
4. else none: the build stops.

Nothing is remembered between runs: a one-off address never carries over.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from newsarchive.git_query import git_output

# https://github.com/USER/REPO(.git), git@github.com:USER/REPO(.git),
# ssh://git@github.com/USER/REPO(.git)
GITHUB_REMOTE = re.compile(
    r"(?:https://|ssh://git@|git@)github\.com[:/]"
    r"(?P<user>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?"
)


class NoAddress(Exception):
    pass


def pages_address(remote: str) -> str | None:
    """The GitHub Pages address of a GitHub remote, or None for another host."""
    match = GITHUB_REMOTE.fullmatch(remote.strip())
    if not match:
        return None
    user, repo = match["user"].lower(), match["repo"]
    host = f"https://{user}.github.io"
    return host if repo.lower() == f"{user}.github.io" else f"{host}/{repo}"


def origin_remote(project: Path) -> str | None:
    """The origin remote's address; None without one, or without git."""
    return git_output(project, "remote", "get-url", "origin")


def publishing_address(configured: str, project: Path) -> tuple[str, str]:
    """The address, without a trailing slash, and where it came from;
    NoAddress when there is none. configured is publishconf.py's SITEURL."""
    explicit = os.environ.get("SITEURL", "").strip().rstrip("/")
    if explicit:
        return explicit, "from SITEURL in the environment, for this run only"
    if configured.strip():
        return configured.strip().rstrip("/"), "from SITEURL in publishconf.py"
    remote = origin_remote(project)
    derived = pages_address(remote) if remote else None
    if derived:
        return derived, f"from the GitHub origin remote {remote}"
    raise NoAddress(
        "no address to publish for: SITEURL is empty in publishconf.py and not set in the "
        "environment, and there is no GitHub origin remote to derive it from"
    )
