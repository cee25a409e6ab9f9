"""The examples of rules that need a server (the grammar pack), run against recorded answers.

tests/test_rule_examples.py runs every other rule's examples; a rule whose kind sets
``needs_server`` finds nothing without a server, so its examples run here, through the real
language-tool-python connection, against tests/languagetool_fake.py answering with the
recordings in tests/data/languagetool/check/. Same assertions: exact (line, column, match).
"""

from __future__ import annotations


import pytest

pytest.importorskip("language_tool_python")

from lint.config import Config  # noqa: E402
from lint.engine import lint_document  # noqa: E402
from lint.selection import Overrides  # noqa: E402
from lint.source import document_from_bytes  # noqa: E402
from tests.languagetool_fake import FakeLanguageTool  # noqa: E402
from tests.rule_examples import EXPECT_KEYS, REGISTRY  # noqa: E402



def _examples():
    for rule in sorted((r for r in REGISTRY.rules.values() if getattr(r.kind, "needs_server", False)), key=lambda r: r.id):
        for index, example in enumerate(rule.examples):
            yield pytest.param(rule, example, id=f"{rule.id}-{'bad' if 'bad' in example else 'good'}-{index}")


@pytest.fixture(scope="module")
def fake():
    with FakeLanguageTool() as server:
        yield server


def test_the_grammar_rule_is_the_one_needing_a_server():
    assert [r.id for r in REGISTRY.rules.values() if getattr(r.kind, "needs_server", False)] == ["grammar.languagetool"]


@pytest.mark.parametrize("rule, example", list(_examples()))
def test_server_rule_example(fake, rule, example):
    bound = rule.replace(kind=rule.kind.bind(
        Config(), Overrides(grammar={"url": fake.url, "cache": False}), [rule]))
    text = example.get("bad", example.get("good"))
    doc = document_from_bytes(text.encode("utf-8"), example.get("format", "text"))
    findings = lint_document(doc, [bound], "example", REGISTRY.ids)
    assert doc.notices == [], doc.notices  # the recorded server answered
    for f in findings:
        assert doc.source[f.start : f.end] == f.match
        assert f.rule.startswith("grammar.") and f.rule != "grammar.languagetool"
    if "good" in example:
        assert findings == []
        return
    expected = example["expect"]
    assert all(set(e) <= EXPECT_KEYS for e in expected)
    assert [{k: getattr(f, k) for k in e} for f, e in zip(findings, expected)] == expected
    assert len(findings) == len(expected)
