"""Golden output for the realistic articles in fixtures/, in the parsable text format.

Regenerate on purpose, then review the diff:  COPYDESK_UPDATE_GOLDEN=1 python -m pytest tests/test_fixtures.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lint.engine import lint_document
from lint.loaders import format_for
from lint.selection import Overrides, RuleResolver
from lint.config import Config
from lint.source import document_from_bytes
from tests.conftest import ROOT

FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if format_for(p.name))


def render(path: Path) -> str:
    resolver = RuleResolver(Overrides())
    config = Config(root=ROOT)
    doc = document_from_bytes(path.read_bytes(), format_for(path.name))
    rel = path.relative_to(ROOT).as_posix()
    findings = lint_document(doc, resolver.rules_for(config, path), rel, resolver.registry(config).ids)
    for f in findings:
        assert doc.source[f.start : f.end] == f.match
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.level} {f.rule} {f.message}\n" for f in findings)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_matches_golden_output(path):
    golden = path.with_name(path.name + ".expected")
    actual = render(path)
    if os.environ.get("COPYDESK_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; regenerate (see module docstring)"
    assert actual == golden.read_text(encoding="utf-8")


def test_example_article_reports_the_duplicated_attribution_on_line_7():
    out = render(ROOT / "fixtures" / "nato-training-center.txt")
    assert out.startswith("fixtures/nato-training-center.txt:7:373: error attribution.duplicate Remove 'according to Ukrainian News'")


def test_cli_output_equals_golden_files(copydesk):
    r = copydesk("--no-source", "fixtures", cwd=ROOT)
    expected = "".join((p.with_name(p.name + ".expected")).read_text(encoding="utf-8") for p in FIXTURES)
    body = r.out.split("\n\n")[0] + "\n"
    assert body == expected
