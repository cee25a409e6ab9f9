"""Exact positions in all three formats: non-ASCII, tabs, CRLF, a BOM, markup around the match."""

from __future__ import annotations

import pytest

from lint.engine import lint_document
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY

RULES = [REGISTRY.rules["repetition.word"], REGISTRY.rules["attribution.duplicate"]]


def spans(data: bytes, fmt: str):
    doc = document_from_bytes(data, fmt)
    out = []
    for f in lint_document(doc, RULES, "t", REGISTRY.ids):
        assert doc.source[f.start : f.end] == f.match
        out.append((f.rule, f.line, f.column, f.end_line, f.end_column, f.start, f.end, f.match))
    return out


W, A = "repetition.word", "attribution.duplicate"


@pytest.mark.parametrize(
    "fmt, data, expected",
    [
        # Columns count code points: "Zoë" and an emoji outside the BMP are one column each.
        ("text", "Zoë 😀 said the the plan.".encode(), [(W, 1, 12, 1, 19, 11, 18, "the the")]),
        ("text", b"\tThe the plan.", [(W, 1, 2, 1, 9, 1, 8, "The the")]),
        ("text", b"Headline\r\n\r\nWe met in in Kyiv.\r\n", [(W, 3, 8, 3, 13, 19, 24, "in in")]),
        ("text", "\ufeffThe the plan.".encode(), [(W, 1, 1, 1, 8, 0, 7, "The the")]),
        ("text", b"We met in\r\nin Kyiv.", [(W, 1, 8, 2, 3, 7, 13, "in\r\nin")]),
        ("markdown", "# Zoë’s *the* the plan\n".encode(), [(W, 1, 10, 1, 18, 9, 17, "the* the")]),
        ("markdown", b"---\ntitle: \"The the plan\"\n---\n\nBody.\n", [(W, 2, 9, 2, 16, 12, 19, "The the")]),
        ("markdown", b"> Quote with `code code` and and more.\r\n",
         [(W, 1, 26, 1, 33, 25, 32, "and and")]),
        ("markdown", b"| a | b |\n|---|---|\n| in in | ok |\n", [(W, 3, 3, 3, 8, 22, 27, "in in")]),
        ("markdown", b"- According to Reuters, it fell, according to [Reuters](https://reuters.com).\n",
         [(A, 1, 34, 1, 55, 33, 54, "according to [Reuters")]),
        ("html", "<p>Caf&eacute; owners said <b>the</b> the deal.</p>".encode(),
         [(W, 1, 31, 1, 42, 30, 41, "the</b> the")]),
        ("html", b"<title>The the title</title><p>x</p>", [(W, 1, 8, 1, 15, 7, 14, "The the")]),
        ("html", "\ufeff<p>\r\n\tIn in 2020.</p>".encode(), [(W, 2, 2, 2, 7, 6, 11, "In in")]),
        ("html", b"<p>Prices rose,</p><script>the the</script><p>we we said.</p>",
         [(W, 1, 47, 1, 52, 46, 51, "we we")]),
    ],
)
def test_exact_positions(fmt, data, expected):
    assert spans(data, fmt) == expected


def test_nato_example_positions_in_all_three_formats():
    sentence = ("According to Ukrainian News, the remark reaffirms NATO's dedication to the region, "
                "according to Ukrainian News.")
    col = sentence.index("according") + 1
    text = spans(sentence.encode(), "text")
    md = spans(f"Intro paragraph.\n\n**{sentence[:12]}** {sentence[13:]}\n".encode(), "markdown")
    html = spans(f"<p>Intro.</p>\n<p>{sentence}</p>".encode(), "html")
    assert [(f[0], f[1], f[2], f[7]) for f in text] == [(A, 1, col, "according to Ukrainian News")]
    assert [(f[0], f[1], f[2], f[7]) for f in md] == [(A, 3, col + 4, "according to Ukrainian News")]
    assert [(f[0], f[1], f[2], f[7]) for f in html] == [(A, 2, col + 3, "according to Ukrainian News")]
