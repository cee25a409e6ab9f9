"""Sentence segmentation on real-looking news sentences."""

from __future__ import annotations

import pytest

from lint.document import Block
from lint.loaders.text import load_text
from lint.segment import sentences


def split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text, [Block(0, len(text))])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The vote is on Feb. 14 in Kyiv. It will be close.",
         ["The vote is on Feb. 14 in Kyiv.", "It will be close."]),
        ("Aid from the U.S. Congress stalled. Officials blamed the House.",
         ["Aid from the U.S. Congress stalled.", "Officials blamed the House."]),
        ("The deal was signed in the U.S. The next day, shares rose.",
         ["The deal was signed in the U.S.", "The next day, shares rose."]),
        ("Mr. Smith met Sen. Warren at No. 10 on Tuesday. They spoke for an hour.",
         ["Mr. Smith met Sen. Warren at No. 10 on Tuesday.", "They spoke for an hour."]),
        ("Former FBI director James B. Comey testified. Growth was 3.5 percent.",
         ["Former FBI director James B. Comey testified.", "Growth was 3.5 percent."]),
        ('"We will not give up." The minister left.', ['"We will not give up."', "The minister left."]),
        ('"Why now?" she asked. Nobody answered.', ['"Why now?" she asked.', "Nobody answered."]),
        ("“Is it over?” Nobody knew.", ["“Is it over?”", "Nobody knew."]),
        ("Prices rose, e.g. for bread. Wages did not.", ["Prices rose, e.g. for bread.", "Wages did not."]),
        ("The meeting ended at 5 p.m. on Friday. Talks resume today.",
         ["The meeting ended at 5 p.m. on Friday.", "Talks resume today."]),
        ("Asked if he would resign, he said no. Then he left.",
         ["Asked if he would resign, he said no.", "Then he left."]),
        ("Wait... What happened next? Nobody knows!", ["Wait...", "What happened next?", "Nobody knows!"]),
        ("NATO, Ukraine Open Joint Training", ["NATO, Ukraine Open Joint Training"]),
    ],
)
def test_sentences(text, expected):
    assert split(text) == expected


def test_sentence_spans_are_offsets_in_the_source():
    text = "  First one here.   Second one there.  "
    spans = sentences(text, [Block(0, len(text))])
    assert [(s.start, s.end) for s in spans] == [(2, 17), (20, 37)]


def test_single_line_paragraphs_without_blank_lines_are_one_paragraph_each():
    long_a = "NATO has revealed its collaboration with Ukraine to establish a joint training center in Poland, officials said."
    long_b = "This center will enable Ukraine to exchange valuable insights gained from the war with its allied counterparts."
    doc = load_text(f"{long_a}\n{long_b}\nNATO, Ukraine Open Joint Training\n{long_a}\n")
    assert [doc.source[b.start : b.end] for b in doc.blocks] == [long_a, long_b, "NATO, Ukraine Open Joint Training", long_a]
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 4


def test_hard_wrapped_paragraphs_are_joined_and_headline_is_a_title():
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant\nTimeWarner jumped 76% to $1.13bn.\n\nThe firm said so.\n"
    doc = load_text(text)
    assert [(doc.source[b.start : b.end], b.kind) for b in doc.blocks] == [
        ("Ad sales boost Time Warner profit", "title"),
        ("Quarterly profits at US media giant\nTimeWarner jumped 76% to $1.13bn.", "paragraph"),
        ("The firm said so.", "paragraph"),
    ]


def test_crlf_lines_do_not_leak_carriage_returns_into_blocks():
    doc = load_text("Headline here\r\n\r\nBody line one.\r\n")
    assert [doc.source[b.start : b.end] for b in doc.blocks] == ["Headline here", "Body line one."]
