"""structure.stray-line: headlines, related-article links and labels left between paragraphs, on
the example article, in every format, with options, and fast on large input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lint.engine import lint_document
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY

RULE = REGISTRY.rules["structure.stray-line"]
NATO = Path(__file__).resolve().parent.parent / "fixtures" / "nato-training-center.txt"
BEFORE = "EU leaders met in Brussels on Monday to discuss the budget for next year."
AFTER = "The talks are expected to continue into the weekend, diplomats said."


def findings(text: str, fmt: str = "text", rule=RULE):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return [(f.line, f.column, f.match) for f in lint_document(doc, [rule], "t", REGISTRY.ids)]


def test_nato_article_reports_exactly_lines_3_and_8():
    doc = document_from_bytes(NATO.read_bytes(), "text")
    found = lint_document(doc, [RULE], "nato", REGISTRY.ids)
    assert [(f.line, f.column, f.end_line, f.match) for f in found] == [
        (3, 1, 3, "NATO, Ukraine Open Joint Training"),
        (8, 1, 8, "Russia-Ukraine War"),
    ]
    assert found[0].message == (
        "This line reads like a headline or section label left in the body copy; "
        "remove it or mark it up as a heading."
    )


def test_nato_article_as_markdown_and_html():
    lines = NATO.read_text(encoding="utf-8").split("\n")
    markdown = "\n\n".join(lines)
    html = "\n".join(f"<p>{line}</p>" for line in lines)
    assert [(f[0], f[2]) for f in findings(markdown, "markdown")] == [
        (5, "NATO, Ukraine Open Joint Training"), (15, "Russia-Ukraine War"),
    ]
    assert [(f[0], f[1], f[2]) for f in findings(html, "html")] == [
        (3, 4, "NATO, Ukraine Open Joint Training"), (8, 4, "Russia-Ukraine War"),
    ]


def test_label_line_message_names_a_related_link():
    doc = document_from_bytes(f"{BEFORE}\n\nRead more » Farm subsidies split the bloc\n\n{AFTER}".encode(), "text")
    (found,) = lint_document(doc, [RULE], "t", REGISTRY.ids)
    assert found.match == "Read more » Farm subsidies split the bloc"
    assert "a related-article link or label" in found.message


@pytest.mark.parametrize(
    "line",
    [
        "By John Smith",  # a byline under the standfirst
        "Budget talks stall in Brussels over farm subsidies and the rebate for the UK",  # too long
        "The EU has budget talks with",  # cut off mid-sentence
        "‘Budget talks stall’",  # a pull quote
    ],
)
def test_lines_that_are_not_stray(line):
    assert findings(f"Budget talks stall\n\n{BEFORE}\n\n{line}\n\n{AFTER}") == []


def test_the_first_paragraph_is_never_a_stray_line():
    assert findings(f"Budget Talks Stall\n\n{BEFORE}\n\n{AFTER}", "markdown") == []
    assert findings(f"Related: Farm subsidies split the bloc\n\n{BEFORE}") == []


def test_options_labels_and_max_words():
    own = RULE.configured(options={"labels": ["more from the desk"], "max-words": 2})
    text = f"{BEFORE}\n\nMore from the desk: Farm subsidies\n\n{AFTER}\n\nBudget Talks Stall\n\n{AFTER}"
    assert findings(text, rule=own) == [(3, 1, "More from the desk: Farm subsidies")]
    assert findings(f"{BEFORE}\n\nRelated: Farm subsidies\n\n{AFTER}", rule=own) == []


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_large_input_is_fast(fmt):
    sandwich = f"{BEFORE}\n\nBudget Talks Stall\n\n" * 5_000 + AFTER
    huge = "Related: " + "word " * 50_000 + f"\n\n{BEFORE}\n\n" + "Budget " * 50_000
    for text in (sandwich, huge):
        start = time.perf_counter()
        findings(text, fmt)
        assert time.perf_counter() - start < 3
