"""What git says about the repository a folder is in, for the facts the
build takes from it (the last commit's date, the origin remote)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_output(folder: Path, *arguments: str) -> str | None:
    """git's output for these arguments, stripped; None when git is missing,
    the folder is in no repository, or the command fails."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None
