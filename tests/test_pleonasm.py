"""redundancy.pleonasm: the list itself, inflection, case, positions through markup, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint.document import Span
from lint.engine import lint_document
from lint.kinds import Context, RuleError, build_kind
from lint.kinds.inflection import noun_variants, plural, verb_forms, verb_variants
from lint.kinds.patterns import normalise
from lint.kinds.substitution import Substitution
from lint.source import document_from_bytes
from tests.scaling import assert_linear
from tests.rule_examples import REGISTRY

RULE = REGISTRY.rules["redundancy.pleonasm"]
KIND: Substitution = RULE.kind  # type: ignore[assignment]
MAPPINGS = ("swap", "verb-swap", "noun-swap")


def lint(text: str, fmt: str = "text"):
    doc = document_from_bytes(text.encode(), fmt)
    return lint_document(doc, [RULE], "t")


def found(text: str, fmt: str = "text"):
    return [(f.line, f.column, f.match, f.replacement) for f in lint(text, fmt)]


# --- the list -------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; a list this long needs to know."""


def _no_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate keys in {RULE.path}: {sorted(map(str, dupes))}"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def entries() -> list[tuple[str, str]]:
    data = yaml.load(Path(RULE.path).read_text(encoding="utf-8"), Loader=_StrictLoader)
    return [(k, v) for name in MAPPINGS for k, v in data.get(name, {}).items()]


def test_at_least_150_entries_each_with_a_replacement():
    pairs = entries()
    assert len(pairs) >= 150
    assert all(isinstance(v, str) and v.strip() for _, v in pairs)


def test_keys_are_unique_once_normalised():
    keys = [normalise(k) for k, _ in entries()]
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)


def test_generated_forms_never_disagree():
    """Two entries may generate the same phrase only if they agree on its replacement."""
    seen: dict[str, str] = {}
    for key, value in KIND.swap.items():
        seen[normalise(key)] = value
    for table, variants in ((KIND.verb_swap, verb_variants), (KIND.noun_swap, noun_variants)):
        for key, value in table.items():
            for phrase, replacement in variants(key, value):
                assert seen.setdefault(normalise(phrase), replacement) == replacement, phrase


def test_every_replacement_is_different_and_shorter():
    bad = [(phrase, replacement) for phrase, replacement in KIND.expanded().items()
           if normalise(replacement) == normalise(phrase) or len(replacement) >= len(phrase)]
    assert not bad


def test_every_phrase_is_reported_whole_with_its_own_replacement():
    """No phrase is shadowed by a shorter or overlapping one: in a sentence of its own, each is
    found from its first to its last character and gets the replacement written for it."""
    wrong = []
    for phrase, replacement in KIND.expanded().items():
        text = f"Officials said {phrase} on Monday."
        got = [(f.match, f.replacement) for f in lint(text)]
        if got != [(phrase, replacement)]:
            wrong.append((phrase, got))
    assert not wrong


def test_list_holds_the_expressions_the_issue_names():
    expanded = {normalise(k): v for k, v in KIND.expanded().items()}
    for phrase, replacement in [("join together", "join"), ("past history", "history"),
                                ("collaborate together", "collaborate"), ("future plans", "plans"),
                                ("end result", "result"), ("free gift", "gift"),
                                ("close proximity", "proximity"), ("each and every", "every"),
                                ("absolutely essential", "essential"), ("ATM machine", "ATM")]:
        assert expanded[normalise(phrase)] == replacement


# --- inflection -----------------------------------------------------------------------------


def test_verb_forms():
    assert verb_forms("join") == ["join", "joins", "joined", "joining"]
    assert verb_forms("merge") == ["merge", "merges", "merged", "merging"]
    assert {"replies", "replied", "replying"} <= set(verb_forms("reply"))
    assert {"referred", "referring"} <= set(verb_forms("refer"))  # doubled where English doubles
    assert verb_forms("ATM") == ["ATM"]


def test_plurals():
    assert [plural(w) for w in ("result", "ally", "box", "ATM", "GPS", "plans", "12")] == [
        "results", "allies", "boxes", "ATMs", None, None, None]


def test_verb_entry_matches_every_form_and_keeps_it_in_the_replacement():
    assert found("The unions joined together.\nThe firms are merging together.\nShe replies back.") == [
        (1, 12, "joined together", "joined"),
        (2, 15, "merging together", "merging"),
        (3, 5, "replies back", "replies"),
    ]


def test_verb_entry_whose_verb_comes_last():
    assert found("The plan completely eliminated the backlog.") == [
        (1, 10, "completely eliminated", "eliminated")]


def test_noun_entry_matches_the_plural():
    assert found("Ministers set out future plans and past histories.") == [
        (1, 19, "future plans", "plans"), (1, 36, "past histories", "histories")]


def test_inflected_entry_needs_a_replacement_that_keeps_a_word():
    with pytest.raises(RuleError, match="must keep the key's first or last word"):
        build_kind(Substitution, {"verb-swap": {"pre-plan": "plan"}}, "r.yaml")


def test_inflected_entries_are_literal_only():
    with pytest.raises(RuleError, match="literal phrases"):
        build_kind(Substitution, {"regex": True, "noun-swap": {"end result": "result"}}, "r.yaml")


# --- case, positions, markup, quotes, names -------------------------------------------------


@pytest.mark.parametrize("text, replacement", [
    ("End result: a freeze.", "Result"),
    ("The end result was a freeze.", "result"),
    ("END RESULT", "RESULT"),
    ("Joined together, they won.", "Joined"),
    ("Staff forgot their pin number.", "PIN"),
])
def test_replacement_takes_the_case_of_the_match(text, replacement):
    (finding,) = lint(text)
    assert finding.replacement == replacement
    assert finding.message == f"'{finding.match}' is redundant: write '{replacement}'."


def test_markdown_inline_markup_next_to_a_match_keeps_columns_exact():
    text = "# Budget\n\n*Officials* said the **end result** was a [free gift](https://x.org/a) to `banks`.\n"
    assert found(text, "markdown") == [(3, 24, "end result", "result"), (3, 44, "free gift", "gift")]


def test_html_markup_inside_a_match_is_bridged():
    text = "<p>The <b>end</b> result was a freeze.</p>"
    (finding,) = lint(text, "html")
    assert (finding.line, finding.column, finding.match) == (1, 11, "end</b> result")


@pytest.mark.parametrize("text", [
    "“We will join together to fight this,” the mayor said.",
    '"It is a free gift to the banks," he said.',
    "He called it ‘a free gift to the banks’ on Monday.",
    "“The end result is what matters. We will join together\nand win.",
    "The minister said: «Each and every school will reopen.»",
])
def test_quoted_speech_is_not_reported(text):
    assert found(text) == []


def test_reported_speech_next_to_a_quote_is_reported():
    assert found('"We will win," he said, before the parties joined together.') == [
        (1, 44, "joined together", "joined")]


def test_a_capitalised_phrase_inside_a_sentence_is_a_name():
    assert found("MTV will show Advance Warning on all its channels.") == []
    assert found("Advance warning was given.") == [(1, 1, "Advance warning", "Warning")]


def test_text_that_grows_when_lower_cased_keeps_offsets():
    # "İ" lower-cases to two characters; matching must not shift the columns after it.
    assert found("İstanbul officials will join together with Ankara.") == [
        (1, 25, "join together", "join")]


# --- the kind beyond this rule --------------------------------------------------------------


def test_regex_swap_still_works():
    kind = Substitution(swap={r"utili[sz]e": "use"}, regex=True)
    doc = document_from_bytes(b"We utilize it and Utilise that.", "text")
    hits = list(kind.check(Context(doc, [Span(0, len(doc.source))])))
    assert [(h.start, h.end, h.replacement) for h in hits] == [(3, 10, "use"), (18, 25, "Use")]


def test_case_sensitive_swap():
    kind = Substitution(swap={"Web site": "website"}, ignorecase=False)
    doc = document_from_bytes(b"A Web site and a web site.", "text")
    hits = list(kind.check(Context(doc, [Span(0, len(doc.source))])))
    assert [(h.start, h.end) for h in hits] == [(2, 10)]


_CHUNK = "the ministers said the end result of talks would join together agencies for a period of time "


def _one_sentence(words: int) -> str:
    return _CHUNK * (words // len(_CHUNK.split())) + "today."  # one sentence, paragraph and line


def test_a_50000_word_paragraph_completes():
    assert len(lint(_one_sentence(50_000))) == 3 * (50_000 // len(_CHUNK.split()))


def test_a_long_paragraph_is_linted_in_linear_steps():
    assert_linear(lint, _one_sentence, 5_000)


def test_a_very_long_phrase_compiles():
    long_phrase = " ".join(["word"] * 2_000)
    kind = Substitution(swap={long_phrase: "word", "join together": "join"})
    doc = document_from_bytes(f"They {long_phrase} and join together.".encode(), "text")
    hits = list(kind.check(Context(doc, [Span(0, len(doc.source))])))
    assert [doc.source[h.start:h.end] for h in hits] == [long_phrase, "join together"]
