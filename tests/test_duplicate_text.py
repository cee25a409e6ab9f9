"""repetition.sentence and repetition.paragraph (kind ``duplicate-text``): exact positions,
messages, the hand-over between the two rules, options, and linear time on long input."""

from __future__ import annotations

import pytest

from lint.engine import lint_document
from lint.kinds import RuleError
from lint.kinds.duplicate_text import _edit_script
from lint.rules import Registry
from lint.source import document_from_bytes
from tests.scaling import assert_linear

REGISTRY = Registry.default()
SENTENCE = REGISTRY.rules["repetition.sentence"]
PARAGRAPH = REGISTRY.rules["repetition.paragraph"]

LEDE = "The joint training centre in Bydgoszcz will open to Ukrainian officers in May, the ministry said."
SECOND = "Poland offered the site after talks with allied defence ministers in Brussels last year."


def lint(text: str, *rules, fmt: str = "text"):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return lint_document(doc, list(rules or (SENTENCE, PARAGRAPH)), "article", REGISTRY.ids)


def test_exact_copy_is_reported_at_the_later_sentence_naming_the_first_line():
    text = f"{LEDE}\n\nOfficials gave no cost.\n\nNATO welcomed the plan. {LEDE}\n"
    [f] = lint(text)
    assert (f.rule, f.line, f.column, f.match) == ("repetition.sentence", 5, 25, LEDE)
    assert f.message == "This sentence repeats the one on line 1: keep one."
    assert f.level == "error"


def test_case_punctuation_and_markup_do_not_hide_a_copy():
    text = f"{LEDE}\n\n**The joint training centre** in [Bydgoszcz](https://example.org) will open to " \
           "Ukrainian officers in May - the ministry said!\n"
    [f] = lint(text, SENTENCE, fmt="markdown")
    # The span starts at the prose: the emphasis marker before it is markup.
    assert (f.line, f.column) == (3, 3)
    assert f.match == ("The joint training centre** in [Bydgoszcz](https://example.org) will open to "
                       "Ukrainian officers in May - the ministry said!")


def test_a_reworded_copy_is_a_near_repeat():
    text = ("BAA also says it has attempted to involve communities in any future airport plans. "
            "Residents remain opposed. "
            "But BAA has said it has attempted to involve communities in any future airport plans.")
    [f] = lint(text)
    assert f.match.startswith("But BAA has said")
    assert f.message == "This sentence nearly repeats the one on line 1: keep one."


@pytest.mark.parametrize("later", [
    # a different number, name, negation, or an announced echo: a parallel sentence
    "Profits rose 7% to £1.2bn in 2005, the company said in a statement on Monday.",
    "Profits rose 5% to £1.2bn in 2004, the company did not say in a statement on Monday.",
    "Profits also rose 5% to £1.2bn in 2004, the company said in a statement on Monday.",
])
def test_parallel_sentences_that_state_something_else_are_not_copies(later):
    text = f"Profits rose 5% to £1.2bn in 2004, the company said in a statement on Monday. {later}"
    assert lint(text) == []


def test_a_changed_name_is_a_different_fact():
    text = ("Officials said Mr Smith would travel to Brussels for the talks with allied ministers. "
            "Officials said Mr Jones would travel to Brussels for the talks with allied ministers.")
    assert lint(text) == []


def test_a_changed_content_word_needs_a_long_sentence():
    short = ("The minister said the plan would protect jobs in the region. "
             "The minister said the plan would protect homes in the region.")
    assert lint(short) == []
    long_ = ("The establishment of the joint facility reflects a collaborative effort to enhance "
             "Ukraine's military capabilities and foster closer ties with NATO forces. "
             "The establishment of the joint facility reflects a joint effort to enhance "
             "Ukraine's military capabilities and foster closer ties with NATO forces.")
    [f] = lint(long_)
    assert "nearly repeats" in f.message


def test_a_copied_paragraph_is_reported_once_by_the_paragraph_rule():
    para = f"{LEDE} {SECOND}"
    text = f"{para}\n\nOther news.\n\n{para}\n\nNATO welcomed the decision. {SECOND}\n"
    findings = lint(text)
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("repetition.paragraph", 5, 1),
        ("repetition.sentence", 7, 29),  # a sentence copied on its own is still the sentence rule's
    ]
    assert findings[0].match == para
    assert findings[0].message == "This paragraph repeats the one on line 1: keep one."
    assert findings[1].message == "This sentence repeats the one on line 1: keep one."


def test_a_one_sentence_paragraph_is_the_sentence_rules():
    text = f"{LEDE}\n\nOther news.\n\n{LEDE}\n"
    assert [f.rule for f in lint(text)] == ["repetition.sentence"]


def test_every_later_copy_names_the_first():
    text = " ".join([LEDE, "One.", LEDE, "Two.", LEDE])
    findings = lint(text)
    assert [f.message for f in findings] == ["This sentence repeats the one on line 1: keep one."] * 2


def test_short_sentences_recur_legitimately():
    assert lint("He said. Read more. He said. Read more. Back to the table of contents. "
                "Back to the table of contents.") == []


def test_min_words_is_an_option():
    rule = SENTENCE.configured(options={"min-words": 3})
    [f] = lint("Back to the table of contents. Text. Back to the table of contents.", rule)
    assert f.column == 38


def test_near_copies_can_be_switched_off():
    rule = SENTENCE.configured(options={"near": False})
    text = ("BAA also says it has attempted to involve communities in any future airport plans. "
            "But BAA has said it has attempted to involve communities in any future airport plans.")
    assert lint(text, rule) == []


def test_an_unknown_unit_fails_loudly():
    with pytest.raises(RuleError, match="unit must be"):
        SENTENCE.configured(options={"unit": "word"})


def test_pull_quotes_headings_and_front_matter_are_not_compared():
    text = (f"---\ndescription: {LEDE}\n---\n\n# {LEDE}\n\n{LEDE}\n\n> {LEDE}\n")
    assert lint(text, fmt="markdown") == []


def test_quotes_are_compared_with_quotes():
    text = f"> {LEDE}\n\nText.\n\n> {LEDE}\n"
    [f] = lint(text, fmt="markdown")
    assert (f.line, f.column) == (5, 3)


def test_list_items_repeat_exactly_but_are_parallel_when_near():
    exact = f"- {LEDE}\n- Other.\n- {LEDE}\n"
    assert [(f.line, f.column) for f in lint(exact, fmt="markdown")] == [(3, 3)]
    near = ("- What impact would these different options have on accessibility for our users?\n"
            "- What impact would these different options have on the security of our users?\n")
    assert lint(near, fmt="markdown") == []


def test_crlf_and_a_copy_across_a_line_break_keep_exact_positions():
    text = f"{LEDE}\r\n\r\nThe joint training centre in Bydgoszcz will open to\r\nUkrainian officers in May, the ministry said.\r\n"
    [f] = lint(text, SENTENCE, fmt="markdown")
    assert (f.line, f.column, f.end_line) == (3, 1, 4)
    assert f.match == "The joint training centre in Bydgoszcz will open to\r\nUkrainian officers in May, the ministry said."


def test_edit_script_stays_inside_its_band():
    a = "the talks ended without a deal on monday".split()
    b = "the talks ended with no deal on monday".split()
    assert _edit_script(a, b, 2) == [(4, 4), (3, 3)]
    assert _edit_script(a, b, 1) is None
    assert _edit_script(a, a + ["again", "and", "again"], 2) is None
    assert _edit_script(a, a, 0) == []


def _one_paragraph(words: int) -> str:
    vocabulary = "the minister said talks would continue in Brussels on Monday with officials".split()
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))


def _many_sentences(count: int) -> str:
    return " ".join(f"{LEDE[:-1]} number {i} of many." for i in range(count))


def _same_sentence(count: int) -> str:
    return " ".join([LEDE] * count)


def test_long_and_repetitive_input_completes():
    assert len(lint(_one_paragraph(50_000))) == 0
    assert len(lint(_many_sentences(5_000))) == 0
    assert len(lint(_same_sentence(5_000))) == 4_999


@pytest.mark.parametrize(("make", "size"), [(_one_paragraph, 5_000), (_many_sentences, 500), (_same_sentence, 500)])
def test_long_and_repetitive_input_runs_in_linear_steps(make, size):
    assert_linear(lint, make, size)
