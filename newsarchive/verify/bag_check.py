"""The bag validated in full by the Library of Congress bagit library: its
structure, Payload-Oxum, every file against the payload manifest and every
tag file against the tag manifest, with every problem named."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bagit

from .report import Problem


class Collect(logging.Handler):
    """Keeps what bagit logs as warnings, so that none is lost or printed twice."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def bagit_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("bagit")
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def validation_errors(bag: bagit.Bag) -> list[str]:
    """Every error bagit's full validation finds. bagit stops at the first
    stage that fails: a wrong Payload-Oxum before it counts the files, a
    missing or unlisted file before it hashes any. So after each, what it
    found is set aside (in the unpacked copy, never the zip) and it runs
    again, until it has hashed every file the manifests list."""
    errors: list[str] = []
    while True:
        try:
            bag.validate(processes=1, fast=False)
            return errors
        except bagit.BagValidationError as error:
            details = error.details or []
            errors += [str(detail) for detail in details] or [error.message]
            if bag.has_oxum() and not details and "Payload-Oxum" in error.message:
                del bag.info["Payload-Oxum"]
            elif details and all(isinstance(d, SET_ASIDE) for d in details):
                for detail in details:
                    set_aside(bag, detail)
            else:
                return errors
        except bagit.BagError as error:
            return [*errors, str(error)]


SET_ASIDE = (bagit.FileMissing, bagit.UnexpectedFile)


def set_aside(bag: bagit.Bag, detail: bagit.ManifestErrorDetail) -> None:
    """A file missing is no longer listed, a file not listed is removed."""
    if isinstance(detail, bagit.FileMissing):
        bag.entries.pop(detail.path, None)
    else:
        (Path(bag.path) / detail.path).unlink()


def bag_problems(bag_dir: Path, shown: str) -> list[Problem]:
    with bagit_warnings() as warned:
        try:
            errors = validation_errors(bagit.Bag(str(bag_dir)))
        except bagit.BagError as error:
            errors = [f"is not a valid bag: {error}"]
    # bagit logs each file it finds wrong, then raises with the same details.
    errors += [message for message in warned if message not in errors]
    return [Problem(shown, f"bag: {error}") for error in errors]
