"""Inline directives in Markdown, HTML and plain text."""

from __future__ import annotations

import pytest

from lint.engine import lint_document
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY

RULES = [REGISTRY.rules[r] for r in ("repetition.word", "attribution.duplicate", "suppression.unknown-rule")]
DUP = "According to Reuters, the talks failed, according to Reuters."


def lint(text: str, fmt: str = "markdown"):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return [(f.rule, f.line, f.column) for f in lint_document(doc, RULES, "t", REGISTRY.ids)]


def test_disable_next_line_silences_only_the_next_text_line():
    text = "<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\n\nThe the plan.\n"
    assert lint(text) == [("repetition.word", 4, 1)]


def test_disable_next_line_skips_blank_lines():
    text = "<!-- copydesk-disable-next-line -->\n\nThe the plan.\n"
    assert lint(text) == []


def test_disable_and_enable_delimit_a_region():
    text = ("The the start.\n\n<!-- copydesk-disable repetition.word -->\n\nThe the middle.\n\n"
            "<!-- copydesk-enable repetition.word -->\n\nThe the end.\n")
    assert lint(text) == [("repetition.word", 1, 1), ("repetition.word", 9, 1)]


def test_disable_without_rules_silences_all_until_enable():
    text = f"<!-- copydesk-disable -->\n\n{DUP} The the.\n\n<!-- copydesk-enable -->\n\nThe the.\n"
    assert lint(text) == [("repetition.word", 7, 1)]


def test_disable_by_pack_name():
    text = f"<!-- copydesk-disable-file attribution -->\n\n{DUP} The the.\n"
    assert lint(text) == [("repetition.word", 3, 63)]


def test_disable_file_anywhere_in_the_file():
    text = f"{DUP}\n\n<!-- copydesk-disable-file attribution.duplicate -->\n"
    assert lint(text) == []


def test_inline_directive_inside_a_paragraph():
    text = "The plan <!-- copydesk-disable-next-line repetition.word --> is set.\nThe the end.\n"
    assert lint(text) == []


def test_html_directives():
    text = "<p>The the start.</p>\n<!-- copydesk-disable-next-line repetition.word -->\n<p>The the end.</p>\n"
    assert lint(text, "html") == [("repetition.word", 1, 4)]


def test_unknown_rule_in_a_directive_is_reported_and_cannot_be_silenced():
    text = "<!-- copydesk-disable-file repetition.wrod -->\n<!-- copydesk-disable-file -->\n"
    assert lint(text) == [("suppression.unknown-rule", 1, 1)]


@pytest.mark.parametrize("line", ["copydesk-disable-file repetition.word", "<!-- copydesk-disable-file repetition.word -->"])
def test_plain_text_file_level_directive_on_its_own_line(line):
    assert lint(f"The the plan.\n{line}\n", "text") == []


def test_plain_text_directive_line_is_not_prose():
    doc = document_from_bytes(b"copydesk-disable-file repetition.word\nBody.\n", "text")
    assert doc.masked.startswith(" " * 37 + "\n")
    assert [doc.source[b.start : b.end] for b in doc.blocks] == ["Body."]


def test_a_sentence_that_mentions_the_word_copydesk_is_not_a_directive():
    assert lint("We built copydesk-disable features. The the end.\n", "text") == [("repetition.word", 1, 37)]
