"""Files against the SHA256SUMS that lists them: each listed file present
and matching, and nothing unlisted. Used for dist/, for the folder inside
the offline zip and for an unpacked offline copy."""

from __future__ import annotations

from collections.abc import Callable

from newsarchive.checksums import SUMS, SumsError, read_sums

from .report import Problem

# A file's SHA-256, computed only when it is compared.
Digest = Callable[[], str]


def short(digest: str) -> str:
    return digest[:16] + "…"


def listed_names(sums: bytes) -> frozenset[str]:
    """The names SHA256SUMS lists; none when it cannot be read (sums_problems
    says why)."""
    try:
        return frozenset(read_sums(sums.decode("utf-8")))
    except (UnicodeDecodeError, SumsError):
        return frozenset()


def sums_problems(
    sums: bytes | None, files: dict[str, Digest], shown: Callable[[str], str]
) -> list[Problem]:
    """files: every file of the copy (SHA256SUMS itself aside) by its name as
    SHA256SUMS lists it; shown: a name as the report names it."""
    if sums is None:
        return [Problem(shown(SUMS), "missing: nothing says what this copy should hold")]
    try:
        listed = read_sums(sums.decode("utf-8"))
    except (UnicodeDecodeError, SumsError) as error:
        return [Problem(shown(SUMS), f"cannot be read: {error}")]
    problems = []
    for name, expected in listed.items():
        if name not in files:
            problems.append(Problem(shown(name), f"missing (listed in {SUMS})"))
            continue
        found = files[name]()
        if found != expected:
            problems.append(
                Problem(
                    shown(name),
                    f"content differs: SHA-256 {short(found)}, {SUMS} lists {short(expected)}",
                )
            )
    for name in sorted(set(files) - set(listed)):
        problems.append(Problem(shown(name), f"not listed in {SUMS}"))
    return problems
