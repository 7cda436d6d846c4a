"""Build the site into a temporary folder and put it in place only if the
build succeeded, so a failed or killed build never costs the last good output.

    python scripts/build_site.py --settings pelicanconf.py --output output
    python scripts/build_site.py --settings publishconf.py --output output --publish

With --publish the site is built for the address it is published at
(scripts/site_address.py): SITEURL, else the address output/ was published
for, else the GitHub origin remote; with none, the build stops.

The site's dates are SOURCE_DATE_EPOCH, else the project's last commit (set
as SOURCE_DATE_EPOCH for the build), else the article's, as the archive's.

Putting a build in place takes two renames: output/ to .output.previous/,
then .output.building/ to output/. A build killed between the two leaves no
output/; the next build starts by renaming .output.previous/ back.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from archive.source_date import declared_date
from site_address import NoAddress, site_address

PROJECT = Path(__file__).resolve().parent.parent


def recover(output: Path, retired: Path) -> None:
    """Finish what an interrupted build left: the last good site is output/
    if it exists, else .output.previous/."""
    if retired.exists() and not output.exists():
        retired.rename(output)
        print(f"restored {output.name}/ from {retired.name}/, left by an interrupted build")
    shutil.rmtree(retired, ignore_errors=True)


def pelican(settings: Path, output: Path, content: Path, env: dict[str, str]) -> int:
    command = [
        sys.executable, "-m", "pelican", str(content), "--settings", str(settings),
        "--output", str(output), "--fatal", "warnings",
    ]  # fmt: skip
    return subprocess.run(command, env=env).returncode


def build(settings: Path, output: Path, content: Path, publish: bool = False) -> int:
    output = output.absolute()
    staging = output.with_name(f".{output.name}.building")
    retired = output.with_name(f".{output.name}.previous")
    recover(output, retired)
    shutil.rmtree(staging, ignore_errors=True)
    # Pelican reads no cache and stamps no time, so reruns are byte-identical.
    # The one date the site carries (inside its EPUBs) is the archive's.
    env = dict(os.environ, PYTHONHASHSEED="0")
    declared = declared_date(PROJECT)
    if declared:
        env["SOURCE_DATE_EPOCH"] = str(int(declared[0].timestamp()))
    if publish:
        try:
            env["SITEURL"], source = site_address(PROJECT, output)
        except NoAddress as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"publishing for {env['SITEURL']} ({source})", flush=True)
    returncode = pelican(settings, staging, content, env)
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = "kept as it was" if output.exists() else "not created"
        print(f"build failed (exit {returncode}); {output.name}/ {kept}", file=sys.stderr)
        return returncode
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
    parser.add_argument(
        "--publish", action="store_true", help="build for the published address (SITEURL)"
    )
    args = parser.parse_args(argv)
    return build(args.settings, args.output, args.content, args.publish)


if __name__ == "__main__":
    sys.exit(main())
