"""Quoted speech spans, and rules with ``ignore-quotes`` leaving them alone."""

from __future__ import annotations

import pytest

from lint.document import Block
from lint.engine import lint_document
from lint.quotes import find_quotes
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quotes(text, [Block(0, len(text))]).spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win" and left.', ['"we will win"']),
        ("“We will win,” she said, “and soon.”", ["“We will win,”", "“and soon.”"]),
        ("The players’ union said ‘no way’ on Monday.", ["‘no way’"]),
        ("It's Smith's 'big idea', he said.", ["'big idea'"]),
        ("The ministers' meeting ended without a deal.", []),
        ("«Nous gagnerons», a-t-il dit.", ["«Nous gagnerons»"]),
        # A quote left open runs to the end of its paragraph (news style re-opens the next one).
        ("She said: “We will fight on until the end", ["“We will fight on until the end"]),
        # A straight quote after a space re-opens a long quote rather than closing it.
        ('She said: "We can\'t. "That is the kind of thing," he added.', ['"We can\'t. "That is the kind of thing,"']),
    ],
)
def test_quote_spans(text, expected):
    assert quoted(text) == expected


def test_quotes_stop_at_the_paragraph_end():
    text = "He said “we will\n\nwin” today."
    spans = find_quotes(text, [Block(0, 16), Block(18, len(text))]).spans
    assert [(s.start, s.end) for s in spans] == [(8, 16)]


def test_overlap_and_cover_queries():
    text = 'A "bc" d "ef" g'
    q = find_quotes(text, [Block(0, len(text))])
    assert "".join("q" if q.overlaps(i, i + 1) else "." for i in range(len(text))) == "..qqqq...qqqq.."
    assert q.overlaps(0, 3) and q.overlaps(5, 10) and not q.overlaps(6, 9)
    assert q.covers(3, 5) and not q.covers(3, 8)
    assert [(s.start, s.end) for s in q.inside(0, 12)] == [(2, 6), (9, 13)]


def test_ignore_quotes_drops_style_findings_inside_quoted_speech():
    rule = REGISTRY.rules["repetition.phrase"]
    text = '"In 2020 we grew, and in 2020 we hired," he said. In 2021, sales rose in 2021.'
    doc = document_from_bytes(text.encode(), "text")
    findings = lint_document(doc, [rule], "t.txt", REGISTRY.ids)
    assert [(f.column, f.match) for f in findings] == [(71, "in 2021")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # The first "according to Reuters" is the minister's words, not the article's credit.
        ('"According to Reuters, we lost," the minister said, according to Reuters.', []),
        # A quote between two credits does not hide the repeat.
        ('Reuters said the deal was "dead in the water", according to Reuters.', ["according to Reuters"]),
    ],
)
def test_attribution_reads_around_quotes(text, expected):
    rule = REGISTRY.rules["attribution.duplicate"]
    doc = document_from_bytes(text.encode(), "text")
    assert [f.match for f in lint_document(doc, [rule], "t.txt", REGISTRY.ids)] == expected


def test_quoted_speech_is_looked_for_only_where_a_rule_needs_it(monkeypatch):
    # Finding quotes scans the whole document; rules that leave quotes alone ask for them only
    # when they have a hit or a candidate to check. A plain report without attributions,
    # repeats or long sentences never needs them; the same report quoting a source does.
    import lint.quotes

    calls = []
    real = lint.quotes.find_quotes
    monkeypatch.setattr(lint.quotes, "find_quotes", lambda *a: calls.append(1) or real(*a))
    rules = list(REGISTRY.rules.values())
    plain = "The council met on Monday. It approved the budget for the new library."
    lint_document(document_from_bytes(plain.encode(), "text"), rules)
    assert calls == []
    cited = 'The council met on Monday, the mayor said, according to the agency. "It was a free gift," she said.'
    lint_document(document_from_bytes(cited.encode(), "text"), rules)
    assert calls == [1]
