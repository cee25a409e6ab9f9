"""Classes on lint/records.py's bases behave as the dataclasses they replaced: equality by class
and fields, hashing and immutability for values, repr, copies, pickling (workers send findings)."""

from __future__ import annotations

import copy
import pickle

import pytest

from lint.document import Block, Document, Span
from lint.findings import Finding
from lint.records import FrozenInstanceError
from tests.rule_examples import REGISTRY

F = Finding("a.md", "repetition.word", "warning", "Remove the repeated 'the'.", 1, 5, 1, 12, 4, 11, "the the",
            "the", (4, 11, "the"), True)


def test_values_compare_hash_and_stay_as_made():
    same = Finding(*[getattr(F, name) for name in Finding._fields])
    assert same == F and hash(same) == hash(F) and len({F, same}) == 1
    assert F.replace(start=5) != F and F.replace(start=5).start == 5 and F.start == 4
    assert Span(1, 2) != Block(1, 2) and Block(1, 2) == Block(1, 2, "paragraph") != Block(1, 2, "heading")
    assert (Span(1, 2) == (1, 2)) is False
    with pytest.raises(FrozenInstanceError):
        F.start = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del F.rule
    assert repr(Span(1, 2)) == "Span(start=1, end=2)"


def test_values_survive_pickling_and_copying():
    for value in (F, Span(3, 4), Block(0, 9, "title")):
        for again in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert again == value and type(again) is type(value)


def test_records_compare_their_fields_only():
    doc = Document("a b", "a b")
    other = Document("a b", "a b")
    other.cache["facts"] = 1  # derived facts are neither compared nor shown
    assert doc == other and "cache" not in repr(doc)
    with pytest.raises(TypeError):
        hash(doc)
    rule = REGISTRY.rules["repetition.word"]
    assert rule.replace(level="error") != rule and rule.replace(level="error").level == "error"
    assert "kind=" not in repr(rule) and "level='warning'" in repr(rule)
