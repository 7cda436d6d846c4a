"""The address the site is published at, for `make publish`, `make dist`,
`make archive` and `make github`:

1. SITEURL, when it is set;
2. else the address the site in output/ was published for, so that a
   target run after another keeps its address;
3. else the GitHub Pages address of the repository's GitHub `origin`
   remote: https://USER.github.io/REPO, or https://USER.github.io for a
   repository named USER.github.io;
4. else none: the build stops and says to set SITEURL.
"""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

# https://github.com/USER/REPO(.git), git@github.com:USER/REPO(.git),
# ssh://git@github.com/USER/REPO(.git)
GITHUB_REMOTE = re.compile(
    r"(?:https://|ssh://git@|git@)github\.com[:/]"
    r"(?P<user>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?"
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
SITEMAP_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}url/{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


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
    result = subprocess.run(
        ["git", "-C", str(project), "remote", "get-url", "origin"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def published_address(site: Path) -> str | None:
    """The address a built site names as its own (its sitemap's first entry,
    the home page), unless it was built to be viewed locally."""
    try:
        first = ElementTree.parse(site / "sitemap.xml").getroot().findtext(SITEMAP_LOC)
    except (OSError, ElementTree.ParseError):
        return None
    if not first or not first.endswith("/index.html"):
        return None
    address = first.removesuffix("/index.html")
    return None if urlsplit(address).hostname in LOCAL_HOSTS else address


def site_address(project: Path, site: Path) -> tuple[str, str]:
    """The address and where it came from; NoAddress when there is none."""
    explicit = os.environ.get("SITEURL", "").strip().rstrip("/")
    if explicit:
        return explicit, "from SITEURL"
    built = published_address(site)
    if built:
        return built, f"the address {site.name}/ was published for; set SITEURL to change it"
    remote = origin_remote(project)
    derived = pages_address(remote) if remote else None
    if derived:
        return derived, f"from the GitHub origin remote {remote}"
    raise NoAddress(
        "SITEURL is not set, and there is no GitHub origin remote to derive it from: "
        "run for example SITEURL=https://USER.github.io/REPO make publish"
    )
