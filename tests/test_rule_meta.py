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
