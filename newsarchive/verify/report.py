"""What a check found: every problem, one line each with its path and what
differs, then a summary line; or the same as JSON. The exit status says
which: 0 all checked and equal, 1 something differs, 2 something could not
be checked (and nothing was found to differ)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

OK, DIFFERS, UNCHECKED = 0, 1, 2


class CannotCheck(Exception):
    """The check cannot run at all (no dist/, an unreachable site)."""


@dataclass(frozen=True)
class Problem:
    path: str
    what: str
    # True when the file could not be checked, rather than found to differ.
    unchecked: bool = False

    def line(self) -> str:
        return f"{self.path}: {self.what}"


@dataclass
class Report:
    subject: str  # what was checked: "dist/", a folder, an address
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    unit: str = "files"  # what was checked: files, or addresses of a site
    notes: list[str] = field(default_factory=list)

    def differ(self, path: str, what: str) -> None:
        self.problems.append(Problem(path, what))

    def cannot_check(self, path: str, what: str) -> None:
        self.problems.append(Problem(path, what, unchecked=True))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def exit_code(self) -> int:
        if any(not problem.unchecked for problem in self.problems):
            return DIFFERS
        return UNCHECKED if self.problems else OK

    def summary(self) -> str:
        differing = sum(not problem.unchecked for problem in self.problems)
        unchecked = len(self.problems) - differing
        if not self.problems:
            return f"verify {self.subject}: all {self.checked} {self.unit} check out"
        found = []
        if differing:
            found.append(f"{differing} problem(s)")
        if unchecked:
            found.append(f"{unchecked} could not be checked")
        checked = f"{self.checked} {self.unit} checked"
        return f"verify {self.subject}: {' and '.join(found)} in {checked}"

    def text(self) -> str:
        lines = [problem.line() for problem in self.problems]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join([*lines, self.summary()]) + "\n"

    def as_json(self) -> str:
        return json.dumps(
            {
                "subject": self.subject,
                "exit_code": self.exit_code,
                "checked": self.checked,
                "problems": [
                    {
                        "path": problem.path,
                        "problem": problem.what,
                        "kind": "unchecked" if problem.unchecked else "differs",
                    }
                    for problem in self.problems
                ],
                "notes": self.notes,
                "summary": self.summary(),
            },
            ensure_ascii=False,
            indent=2,
        )
