"""Run git in a temporary repository, untouched by the user's configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def isolated_git_env(folder: Path, **extra: str) -> dict[str, str]:
    """Environment for git that ignores global and system configuration and
    commits under a fixed test identity."""
    empty = folder / "empty-gitconfig"
    empty.touch()
    return dict(
        os.environ,
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Site Test",
        GIT_AUTHOR_EMAIL="site-test@example.org",
        GIT_COMMITTER_NAME="Site Test",
        GIT_COMMITTER_EMAIL="site-test@example.org",
        **extra,
    )


def grep_branch(repo: Path, text: str, branch: str = "gh-pages") -> subprocess.CompletedProcess:
    """`git grep -l TEXT BRANCH` in the repository: the files of the branch
    that hold the text (a pattern, as git grep reads it), as "BRANCH:path"
    lines. It exits 0 on a match, 1 on none, and 128 when there is no such
    branch to search."""
    return subprocess.run(
        ["git", "grep", "-l", text, branch],
        cwd=repo,
        env=isolated_git_env(repo.parent),
        capture_output=True,
        text=True,
    )
