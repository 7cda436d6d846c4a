"""`python -m newsarchive.verify` run in process, as the tests of make verify
run it: its exit status, what it printed, and the report's problem lines."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from newsarchive.verify.__main__ import main as verify_main


@dataclass
class Verified:
    code: int
    stdout: str
    stderr: str

    @property
    def problems(self) -> list[str]:
        """The report's problem lines: all but its notes and summary."""
        return [
            line for line in self.stdout.splitlines() if not line.startswith(("note: ", "verify "))
        ]

    @property
    def notes(self) -> list[str]:
        """The report's notes, without their "note: "."""
        return [
            line.removeprefix("note: ")
            for line in self.stdout.splitlines()
            if line.startswith("note: ")
        ]


def verify(*arguments: str) -> Verified:
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = verify_main(list(arguments))
    return Verified(code, stdout.getvalue(), stderr.getvalue())
