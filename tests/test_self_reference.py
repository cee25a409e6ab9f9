"""repetition.self-reference: an entity on both sides of a relation ("Ukraine's recognition of
Ukraine"), on the example article, in every format, and fast on pathological input."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.engine import lint_document
from lint.source import document_from_bytes
from tests.scaling import assert_linear
from tests.rule_examples import REGISTRY

RULE = REGISTRY.rules["repetition.self-reference"]
NATO = Path(__file__).resolve().parent.parent / "fixtures" / "nato-training-center.txt"


def findings(text: str, fmt: str = "text"):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return [(f.line, f.column, f.match) for f in lint_document(doc, [RULE], "t", REGISTRY.ids)]


def test_nato_article_has_exactly_the_one_self_reference():
    doc = document_from_bytes(NATO.read_bytes(), "text")
    found = lint_document(doc, [RULE], "nato", REGISTRY.ids)
    assert [(f.line, f.column, f.match) for f in found] == [(11, 247, "Ukraine's recognition of Ukraine")]
    assert found[0].message == "'Ukraine' is on both sides of this relation; name the other party."


@pytest.mark.parametrize(
    "fmt, text, expected",
    [
        ("markdown", "Intro paragraph.\n\nIn 2020, **Ukraine's** recognition of Ukraine came.\n",
         [(3, 12, "Ukraine's** recognition of Ukraine")]),
        ("html", "<p>Intro.</p>\n<p>In 2020, Ukraine's recognition of <b>Ukraine</b> came.</p>",
         [(2, 13, "Ukraine's recognition of <b>Ukraine")]),
    ],
)
def test_positions_through_markup(fmt, text, expected):
    assert findings(text, fmt) == expected


def test_every_relation_in_a_sentence_is_read():
    text = "Ukraine's recognition of Ukraine was odd; Georgia's support for Georgia was too."
    assert findings(text) == [(1, 1, "Ukraine's recognition of Ukraine"), (1, 43, "Georgia's support for Georgia")]


def test_names_joined_by_and_are_another_entity():
    # "Serbia and Montenegro" is one country; "Ukraine and Georgia" are two: neither is Ukraine.
    assert findings("Serbia and Montenegro's support for Montenegro grew.") == []
    assert findings("Ukraine's recognition of Ukraine and Georgia came in 2008.") == []


def test_a_name_split_by_punctuation_is_not_one_relation():
    assert findings("Ukraine's recognition, of Ukraine, came late.") == []
    assert findings("It was Ukraine's. Recognition of Ukraine came late.") == []


def test_quoted_speech_is_left_alone_but_the_narration_is_not():
    text = "“Ukraine's recognition of Ukraine is odd,” he said of Kenya's support for Kenya."
    assert findings(text) == [(1, 55, "Kenya's support for Kenya")]


_HUGE = [
    lambda n: "A's " * n,  # a run of capitalised possessives
    lambda n: "Ukraine's recognition of " * (n // 2) + "Ukraine.",
    lambda n: "Apple's " + "was " * n + "by Apple.",
    lambda n: "Ukraine " * n + "Ukraine's recognition of " + "Ukraine " * n,
    lambda n: "The Bank of " * (n * 2 // 5) + "England's support for the Bank of England.",
]


@pytest.mark.parametrize("make", _HUGE)
def test_a_fifty_thousand_word_paragraph_completes_in_linear_steps(make):
    findings(make(50_000))
    assert_linear(findings, make, 2_000)
