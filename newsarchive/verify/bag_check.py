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
    """Every error bagit's full validation finds. bagit stops at a wrong
    Payload-Oxum before it compares a single file, so after one the files
    are compared without it, to name each."""
    try:
        bag.validate(processes=1, fast=False)
        return []
    except bagit.BagValidationError as error:
        if error.details:
            return [str(detail) for detail in error.details]
        if not bag.has_oxum() or "Payload-Oxum" not in error.message:
            return [error.message]
        first = error.message
    except bagit.BagError as error:
        return [str(error)]
    del bag.info["Payload-Oxum"]
    return [first, *validation_errors(bag)]


def bag_problems(bag_dir: Path, shown: str) -> list[Problem]:
    with bagit_warnings() as warned:
        try:
            errors = validation_errors(bagit.Bag(str(bag_dir)))
        except bagit.BagError as error:
            errors = [f"is not a valid bag: {error}"]
    # bagit logs each file it finds wrong, then raises with the same details.
    errors += [message for message in warned if message not in errors]
    return [Problem(shown, f"bag: {error}") for error in errors]
