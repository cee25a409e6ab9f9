"""Kinds declare their options as annotated class attributes (lint/kinds/__init__.py), not as
dataclasses: keyword construction with defaults, a fresh mutable default per instance,
``__post_init__``, equality and repr by options, pickling, and rule-file validation."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from lint.kinds import Kind, RuleError, build_kind, option, option_defaults
from lint.kinds.doubled_word import DoubledWord
from lint.kinds.readability import LongSentence
from lint.kinds.substitution import Substitution


def test_options_are_annotations_in_order_with_their_defaults():
    assert list(option_defaults(LongSentence)) == ["max_words", "count_quoted"]
    kind = LongSentence()
    assert (kind.max_words, kind.count_quoted) == (50, False)
    assert LongSentence(max_words=30).max_words == 30
    # ClassVars (name, cost, work_group, the class's own) are not options
    assert "name" not in option_defaults(Substitution) and "cost" not in option_defaults(Substitution)


def test_a_mutable_default_is_made_afresh_and_post_init_runs():
    a, b = DoubledWord(), DoubledWord()
    a.allow.append("that")
    assert b.allow == [] and DoubledWord().allow == []
    with pytest.raises(ValueError, match="non-empty 'swap'"):  # Substitution.__post_init__
        Substitution()
    assert Substitution(swap={"in order to": "to"}).swap == {"in order to": "to"}


def test_equality_and_repr_are_by_options_as_a_dataclass():
    assert LongSentence(max_words=30) == LongSentence(max_words=30) != LongSentence(max_words=31)
    assert LongSentence() != DoubledWord()
    assert repr(LongSentence(max_words=30)) == "LongSentence(max_words=30, count_quoted=False)"
    with pytest.raises(TypeError):
        hash(LongSentence())


def test_kinds_survive_pickling_and_copying():
    kind = Substitution(swap={"end result": "result"}, skip_names=True)
    for again in (pickle.loads(pickle.dumps(kind)), copy.copy(kind)):
        assert again == kind and again.skip_names is True


def test_unknown_missing_and_mistyped_options():
    with pytest.raises(TypeError, match="unexpected option 'max_wrods'"):
        LongSentence(max_wrods=3)

    class Needy(Kind):
        name = "needy"
        limit: int
        label: ClassVar[str] = "x"

    with pytest.raises(TypeError, match="missing the option 'limit'"):
        Needy()
    assert Needy(limit=2).limit == 2 and list(option_defaults(Needy)) == ["limit"]
    with pytest.raises(RuleError, match="unknown option 'max-wrods' for kind 'long-sentence' "
                                        r"\(allowed: count-quoted, max-words\)"):
        build_kind(LongSentence, {"max-wrods": 3}, "rules/x.yaml")
    with pytest.raises(RuleError, match="option 'max-words' must be int, got 'many'"):
        build_kind(LongSentence, {"max-words": "many"}, "rules/x.yaml")


def test_a_shared_mutable_default_is_refused():
    class Shared(Kind):
        name = "shared"
        words: list[str] = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(TypeError, match=r"Shared.words: a mutable default needs option\(list\)"):
        Shared()


def test_a_subclass_keeps_its_bases_options_first():
    class Base(Kind):
        name = "base"
        first: int = 1
        allow: list[str] = option(list)

    class Child(Base):
        second: str = "two"
        first: int = 10

    assert list(option_defaults(Child)) == ["first", "allow", "second"]
    child = Child()
    assert (child.first, child.allow, child.second) == (10, [], "two")
    assert list(option_defaults(Base)) == ["first", "allow"] and Base().first == 1
