"""Run git in a temporary repository, untouched by the user's configuration."""

from __future__ import annotations

import os
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
