"""Every rule documents itself and carries at least one bad and one good example."""

from __future__ import annotations

import pytest

from tests.rule_examples import REGISTRY


@pytest.mark.parametrize("rule_id", sorted(REGISTRY.rules))
def test_rule_is_documented(rule_id):
    rule = REGISTRY.rules[rule_id]
    assert "## What it does" in rule.description
    assert "## Why is this bad?" in rule.description
    assert rule.summary and len(rule.summary) < 300


@pytest.mark.parametrize("rule_id", sorted(REGISTRY.rules))
def test_rule_has_bad_and_good_examples(rule_id):
    rule = REGISTRY.rules[rule_id]
    bad = [e for e in rule.examples if "bad" in e]
    good = [e for e in rule.examples if "good" in e]
    assert bad and good
    assert all(e.get("expect") for e in bad), "every bad example lists its expected findings"
    assert all(set(x) >= {"line", "column", "match"} for e in bad for x in e["expect"])


@pytest.mark.parametrize("rule_id", sorted(REGISTRY.rules))
def test_message_follows_house_style(rule_id):
    message = REGISTRY.rules[rule_id].message
    assert "!" not in message
    assert message.rstrip().endswith(".")


NEWSROOM_PACKS = {"attribution", "repetition", "redundancy", "structure", "consistency", "readability"}


@pytest.mark.parametrize("rule_id", sorted(r for r in REGISTRY.ids if r.partition(".")[0] in NEWSROOM_PACKS))
def test_newsroom_rule_has_eight_bad_and_eight_good_examples(rule_id):
    examples = REGISTRY.rules[rule_id].examples
    assert sum("bad" in e for e in examples) >= 8 and sum("good" in e for e in examples) >= 8


@pytest.mark.parametrize("rule_id", sorted(r for r in REGISTRY.ids if r.partition(".")[0] in NEWSROOM_PACKS))
def test_newsroom_rule_reports_its_precision(rule_id):
    measured = REGISTRY.rules[rule_id].description.split("## Measured", 1)[1]
    assert "per 10,000" in measured and "BBC" in measured
