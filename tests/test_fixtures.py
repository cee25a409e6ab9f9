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


def lint_fixture(path: Path):
    resolver = RuleResolver(Overrides())
    config = Config(root=ROOT)
    doc = document_from_bytes(path.read_bytes(), format_for(path.name))
    rel = path.relative_to(ROOT).as_posix()
    findings = lint_document(doc, resolver.rules_for(config, path), rel, resolver.registry(config).ids)
    for f in findings:
        assert doc.source[f.start : f.end] == f.match
    return findings


def render(path: Path) -> str:
    findings = lint_fixture(path)
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.level} {f.rule} {f.message}\n" for f in findings)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_matches_golden_output(path):
    golden = path.with_name(path.name + ".expected")
    actual = render(path)
    if os.environ.get("COPYDESK_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; regenerate (see module docstring)"
    assert actual == golden.read_text(encoding="utf-8")


def test_example_article_reports_exactly_what_a_copy_editor_would():
    path = ROOT / "fixtures" / "nato-training-center.txt"
    findings = lint_fixture(path)
    serious = [(f.line, f.column, f.rule, f.match) for f in findings if f.level != "suggestion"]
    assert serious == [
        (3, 1, "structure.stray-line", "NATO, Ukraine Open Joint Training"),
        (7, 373, "attribution.duplicate", "according to Ukrainian News"),
        (8, 1, "consistency.name", "Russia-Ukraine War"),
        (8, 1, "structure.stray-line", "Russia-Ukraine War"),
        (11, 129, "repetition.phrase", "this year"),
        (11, 247, "repetition.self-reference", "Ukraine's recognition of Ukraine"),
        (11, 321, "repetition.phrase", "in 2020"),
    ]
    consistency = next(f for f in findings if f.rule == "consistency.name")
    assert "'Russian-Ukrainian war' on line 4" in consistency.message


def test_cli_output_equals_golden_files(copydesk):
    r = copydesk("--no-source", "fixtures", cwd=ROOT)
    expected = "".join((p.with_name(p.name + ".expected")).read_text(encoding="utf-8") for p in FIXTURES)
    body = r.out.split("\n\n")[0] + "\n"
    assert body == expected


def test_fixtures_cover_every_newsroom_rule_in_every_format():
    from tests.rule_examples import REGISTRY

    newsroom = {r for r in REGISTRY.ids if r.partition(".")[0] in
                {"attribution", "repetition", "redundancy", "structure", "consistency", "readability"}}
    seen: dict[str, set[str]] = {}
    for path in FIXTURES:
        for line in path.with_name(path.name + ".expected").read_text(encoding="utf-8").splitlines():
            rule = line.split(": ", 1)[1].split()[1]
            seen.setdefault(rule, set()).add(path.suffix)
    assert newsroom <= set(seen), sorted(newsroom - set(seen))
    assert len(FIXTURES) >= 12 and {p.suffix for p in FIXTURES} == {".txt", ".md", ".html"}
    # each rule shows in at least two articles' formats, so no rule is tested through one loader only
    assert all(len(seen[r]) >= 2 for r in newsroom), {r: seen[r] for r in newsroom if len(seen[r]) < 2}
