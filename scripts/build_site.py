"""Build the site into a temporary folder and put it in place only if the
build succeeded, so a failed build never touches the last good output.

    python scripts/build_site.py --settings publishconf.py --output output
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def build(settings: Path, output: Path, content: Path) -> int:
    output = output.resolve()
    staging = output.with_name(f".{output.name}.building")
    retired = output.with_name(f".{output.name}.previous")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "--settings",
        str(settings),
        "--output",
        str(staging),
        "--fatal",
        "warnings",
    ]
    # Pelican reads no cache and stamps no time, so reruns are byte-identical.
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(command, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = "kept as it was" if output.exists() else "not created"
        print(f"build failed (exit {result.returncode}); {output.name}/ {kept}", file=sys.stderr)
        return result.returncode
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    print(f"built {output.name}/ with {settings.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args(argv)
    return build(args.settings, args.output, args.content)


if __name__ == "__main__":
    sys.exit(main())
