"""Build the site, serve it, and rebuild whenever the content, the theme or
the settings change: `make devserver`.

    python -m newsarchive.devserver --settings pelicanconf.py --output output --port 8000

Each rebuild is the safe build (newsarchive.build): a failed one prints its
problems, keeps serving the last good site, and waits for the next change
without using the processor. One process serves and watches; Ctrl-C or
SIGTERM stops it, and nothing is left listening.
"""

from __future__ import annotations

import argparse
import signal
import sys
import traceback
from pathlib import Path

from watchfiles import watch

from newsarchive.build import build
from newsarchive.serve import PortInUse, serve


def stop_on_sigterm() -> None:
    """SIGTERM ends the process the way Ctrl-C does, closing the server."""

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def watched(settings: Path, content: Path, theme: Path) -> list[Path]:
    return [path for path in (settings, content, theme) if path.exists()]


def rebuild(settings: Path, content: Path, output: Path, command: str) -> None:
    """A build that fails for any reason, a crash included, leaves the last
    good site served; the crash keeps its traceback."""
    try:
        build(settings, output, content, command=command)
    except Exception:
        traceback.print_exc()
        print(f"{output.name}/ kept as it was; waiting for the next change", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--theme", type=Path, default=Path("theme"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    stop_on_sigterm()
    command = "make devserver"
    try:
        rebuild(args.settings, args.content, args.output, command)
        args.output.mkdir(exist_ok=True)
        with serve(args.output, port=args.port, quiet=False):
            print(f"serving {args.output}/ on http://localhost:{args.port}/", flush=True)
            announced = False
            # watchfiles starts watching on the first step of the loop; a first
            # empty step after half a second says it has, so the line below is
            # printed only once a change can no longer be missed.
            for changes in watch(
                *watched(args.settings, args.content, args.theme),
                rust_timeout=500,
                yield_on_timeout=True,
            ):
                if not announced:
                    print("rebuilding on every change; Ctrl-C to stop", flush=True)
                    announced = True
                if not changes:
                    continue
                names = ", ".join(sorted({Path(name).name for _, name in changes}))
                print(f"changed: {names}; rebuilding", flush=True)
                rebuild(args.settings, args.content, args.output, command)
    except PortInUse as error:
        print(f"error: {error.advice(command)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
