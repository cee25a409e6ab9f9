"""The shared word index (lint/tokens.py WordIndex) and the rule shortcuts built on it: the index
must give exactly the shared tokeniser's words, and each shortcut must skip only units in which
its rule cannot find anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.engine import Units, lint_document
from lint.readability import count_words
from lint.kinds.repeated_phrase import _repeats_strong_pair
from lint.source import document_from_bytes
from lint.tokens import WORD, WordIndex
from tests.rule_examples import REGISTRY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".html"))


def _doc(path: Path):
    fmt = {".txt": "text", ".md": "markdown", ".html": "html"}[path.suffix]
    return document_from_bytes(path.read_bytes(), fmt)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_index_holds_the_tokenisers_words(path):
    doc = _doc(path)
    index = WordIndex.of(doc)
    matches = list(WORD.finditer(doc.masked))
    assert index.starts == [m.start() for m in matches]
    assert index.ends == [m.end() for m in matches]
    assert index.keys == [m.group().lower().replace("’", "'") for m in matches]
    assert WordIndex.of(doc) is index  # built once per document


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_count_is_count_words_or_one_less(path):
    # The long-sentence and long-paragraph shortcuts rely on this bound.
    doc = _doc(path)
    index, text = WordIndex.of(doc), doc.masked
    spans = [(s.start, s.end) for s in Units(doc).of("sentence")] + [(b.start, b.end) for b in doc.blocks]
    for start, end in spans:
        assert index.count(start, end) == count_words(text, start, end)
    # A span cut inside a word counts the word's end as a word of its own.
    start = text.index("Ukraine") + 2 if "Ukraine" in text else None
    if start is not None:
        assert count_words(text, start, start + 40) == index.count(start, start + 40) + 1


def test_between_and_keys_on_a_sentence():
    index = WordIndex("Ukraine’s army, the U.S. and AT&T said.")
    i, j = index.between(0, 15)
    assert index.keys[i:j] == ["ukraine's", "army"]
    assert index.keys == ["ukraine's", "army", "the", "u.s", "and", "at&t", "said"]
    assert WordIndex("... !").keys == [] and WordIndex("").starts == []


def test_a_letter_that_grows_in_lower_case_keeps_offsets_and_words():
    index = WordIndex("İstanbul and Ankara")
    assert index.keys == ["İstanbul", "and", "ankara"]
    assert index.starts == [0, 9, 13]


@pytest.mark.parametrize(
    "sentence, strong",
    [
        ("The cost of the scheme and the length of the delay were criticised by most of the members.", False),
        ("In 2020, the recognition of Ukraine as an Enhanced Opportunities Partner in 2020 followed.", True),
        ("The joint training centre opened beside the joint training centre's old site.", True),
        ("A deal was expected in May and in May it came.", True),
    ],
)
def test_strong_pair_prefilter(sentence, strong):
    index = WordIndex(sentence)
    assert _repeats_strong_pair(index.keys) is strong


def _found(rule_id: str, text: str):
    doc = document_from_bytes(text.encode("utf-8"), "text")
    rule = REGISTRY.rules[rule_id]
    return [(f.line, f.column, f.match) for f in lint_document(doc, [rule], "t", REGISTRY.ids)]


def test_doubled_word_inside_a_dotted_word_is_still_found():
    # "bbc.co.uk uk": the index holds "bbc.co.uk" and "uk", which differ, but the doubled
    # pair starts inside the dotted word; the shortcut must not skip the paragraph.
    text = "Full coverage is at bbc.co.uk uk readers can also listen live."
    assert _found("repetition.word", text) == [(1, 28, "uk uk")]


def test_doubled_word_across_a_curly_and_straight_apostrophe_paragraph():
    text = "Officials said the the plan was final.\n\nThe mayor’s office agreed."
    assert _found("repetition.word", text) == [(1, 16, "the the")]


def test_repeated_phrase_with_curly_and_straight_apostrophes():
    # One key for both apostrophes: the prefilter must not skip this sentence.
    text = ("Work on the council’s new housing strategy began after criticism of the council's new "
            "housing strategy by residents.")
    assert _found("repetition.phrase", text) == [(1, 73, "council's new housing strategy")]


def test_index_from_the_lowered_text_equals_the_index_of_the_text():
    text = "Ukraine’s army and the U.S. Army: NATO, Nato and nato."
    assert vars_of(WordIndex(text, text.lower())) == vars_of(WordIndex(text))


def vars_of(index: WordIndex) -> tuple:
    return index.starts, index.ends, index.keys


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_count_in_equals_count_words_on_any_span(path):
    # Spans cut anywhere, inside words, joiners ("U.S.", "Russia-Ukraine") and markup included.
    doc = _doc(path)
    index, text = WordIndex.of(doc), doc.masked
    step = max(1, len(text) // 150)
    for start in range(0, len(text), step):
        for width in (1, 3, 17, 90, 400):
            assert index.count_in(text, start, start + width) == count_words(text, start, start + width), (start, width)


@pytest.mark.parametrize("path", ARTICLES[:3], ids=lambda p: p.name)
def test_ranges_are_between_for_every_unit_and_shared(path):
    doc = _doc(path)
    index, sentences = WordIndex.of(doc), Units(doc).of("sentence")
    lo, hi = index.ranges(sentences)
    assert list(zip(lo, hi)) == [index.between(s.start, s.end) for s in sentences]
    assert index.ranges(sentences)[0] is lo  # the second rule asking gets the same lists
    blocks_lo, _ = index.ranges(doc.blocks)
    assert blocks_lo == [index.between(b.start, b.end)[0] for b in doc.blocks]
