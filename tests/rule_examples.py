"""Running a rule's ``examples:`` entries: shared by the example test and the meta-test."""

from __future__ import annotations

from lint.engine import lint_document
from lint.rules import Registry, Rule
from lint.source import document_from_bytes

REGISTRY = Registry.default()
EXPECT_KEYS = {"line", "column", "match", "end_line", "end_column", "replacement"}
EXAMPLE_KEYS = {"bad", "good", "expect", "format", "encoding", "note"}


def run_example(rule: Rule, example: dict):
    text = example.get("bad", example.get("good"))
    data = text.encode(example.get("encoding", "utf-8"))
    doc = document_from_bytes(data, example.get("format", "text"))
    return doc, lint_document(doc, [rule], "example", REGISTRY.ids)


def all_examples():
    for rule_id, rule in sorted(REGISTRY.rules.items()):
        for index, example in enumerate(rule.examples):
            kind = "bad" if "bad" in example else "good"
            yield pytest_param(rule, example, f"{rule_id}-{kind}-{index}")


def pytest_param(rule, example, id_):
    import pytest

    return pytest.param(rule, example, id=id_)
