"""Every rule's examples, run with only that rule enabled: exact positions, exact matches."""

from __future__ import annotations

import pytest

from tests.rule_examples import EXAMPLE_KEYS, EXPECT_KEYS, REGISTRY, all_examples, run_example


@pytest.mark.parametrize("rule, example", list(all_examples()))
def test_rule_example(rule, example):
    assert set(example) <= EXAMPLE_KEYS, f"unknown example keys in {rule.path}"
    if getattr(rule.kind, "needs_server", False):
        # A rule that asks an external service (grammar: LanguageTool) finds nothing without
        # one: tests/test_grammar_examples.py runs its examples against recorded answers.
        pytest.skip(f"{rule.id} needs a server; see tests/test_grammar_examples.py")
    doc, findings = run_example(rule, example)
    for f in findings:
        assert doc.source[f.start : f.end] == f.match
    if "good" in example:
        assert findings == [], f"{rule.id} flagged a good example: {[f.match for f in findings]}"
        return
    expected = example["expect"]
    assert all(set(e) <= EXPECT_KEYS for e in expected), f"unknown expect keys in {rule.path}"
    # Compare only the keys each expectation gives; line, column and match are always given.
    got = [{k: getattr(f, k) for k in e} for f, e in zip(findings, expected)]
    assert len(findings) == len(expected), [(f.line, f.column, f.match) for f in findings]
    assert got == expected


def test_registry_has_the_foundation_rules():
    assert {"attribution.duplicate", "repetition.word"} <= REGISTRY.ids
