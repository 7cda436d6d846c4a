"""Fingerprints change with what a page could show, and only with that."""

from __future__ import annotations

import pytest

from .fingerprint import Fingerprints, Uncacheable


def fingerprints() -> Fingerprints:
    return Fingerprints(lambda: "")


def test_a_function_counts_by_its_code_not_only_its_name():
    def shout(text):
        return text.upper()

    first = fingerprints().of({"JINJA_FILTERS": {"shout": shout}})

    def shout(text):  # noqa: F811 - the same name, edited
        return text.upper() + "!"

    assert fingerprints().of({"JINJA_FILTERS": {"shout": shout}}) != first


def test_same_values_same_fingerprint_and_order_of_a_dict_does_not_matter():
    assert fingerprints().of({"a": [1, "x"], "b": None}) == fingerprints().of(
        {"b": None, "a": [1, "x"]}
    )
    assert fingerprints().of(["ab", "c"]) != fingerprints().of(["a", "bc"])


def test_an_unknown_type_is_never_guessed():
    with pytest.raises(Uncacheable):
        fingerprints().of(object())
