"""Configuration files: discovery, precedence, per-rule settings, strict validation, plug-ins."""

from __future__ import annotations

import json
import os

import pytest

DOUBLED = "The minister said the the plan was final.\n"
DUP = "According to Reuters, the talks failed, according to Reuters.\n"


def found(result) -> list[tuple[str, str, str]]:
    return [(x["path"], x["rule"], x["level"]) for x in json.loads(result.out)]


def test_nearest_config_wins_and_pyproject_table_works(copydesk, write, tmp_path):
    write("pyproject.toml", '[tool.copydesk]\nignore = ["attribution"]\n')
    write("news/.copydesk.toml", 'ignore = ["repetition"]\n')
    write("top.txt", DUP + DOUBLED)
    write("news/deep/story.txt", DUP + DOUBLED)
    r = copydesk("--output-format", "json", ".", cwd=tmp_path)
    assert found(r) == [
        ("./news/deep/story.txt", "attribution.duplicate", "error"),
        ("./top.txt", "repetition.word", "warning"),
    ]


def test_pyproject_without_copydesk_table_is_passed_over(copydesk, write, tmp_path):
    write(".copydesk.toml", 'ignore = ["repetition"]\n')
    write("sub/pyproject.toml", '[project]\nname = "x"\n')
    write("sub/a.txt", DOUBLED)
    assert found(copydesk("--output-format", "json", "sub/a.txt", cwd=tmp_path)) == []


def test_rule_level_and_options_from_a_rule_table(copydesk, write, tmp_path):
    write(".copydesk.toml", '[rules."repetition.word"]\nlevel = "error"\nallow = ["the"]\n'
                            '[rules."attribution.duplicate"]\nlevel = "suggestion"\n')
    write("a.txt", DUP + DOUBLED + "We will will win.\n")
    r = copydesk("--output-format", "json", "a.txt", cwd=tmp_path)
    assert [(x["rule"], x["level"], x["match"]) for x in json.loads(r.out)] == [
        ("attribution.duplicate", "suggestion", "according to Reuters"),
        ("repetition.word", "error", "will will"),
    ]
    # A suggestion does not fail the run; the error does.
    assert r.code == 1
    write("b.txt", DUP)
    assert copydesk("b.txt", cwd=tmp_path).code == 0


def test_per_file_overrides_by_glob(copydesk, write, tmp_path):
    write(".copydesk.toml", '[per-file."wires/**"]\nignore = ["attribution"]\n'
                            '[per-file."*.md".rules."repetition.word"]\nlevel = "error"\n')
    write("wires/reuters.txt", DUP)
    write("story.txt", DUP)
    write("page.md", DOUBLED)
    r = copydesk("--output-format", "json", ".", cwd=tmp_path)
    assert found(r) == [("./page.md", "repetition.word", "error"), ("./story.txt", "attribution.duplicate", "error")]


def test_fail_level_from_config_and_cli_wins(copydesk, write, tmp_path):
    write(".copydesk.toml", 'fail-level = "error"\n')
    write("a.txt", DOUBLED)
    assert copydesk("a.txt", cwd=tmp_path).code == 0
    assert copydesk("--fail-level", "warning", "a.txt", cwd=tmp_path).code == 1


def test_command_line_select_wins_over_the_file(copydesk, write, tmp_path):
    write(".copydesk.toml", 'select = ["attribution"]\n')
    write("a.txt", DUP + DOUBLED)
    assert [r for _, r, _ in found(copydesk("--output-format", "json", "a.txt", cwd=tmp_path))] == ["attribution.duplicate"]
    assert [r for _, r, _ in found(copydesk("--output-format", "json", "--select", "repetition", "a.txt", cwd=tmp_path))] == [
        "repetition.word"]


def test_explicit_config_is_used_instead_of_searching(copydesk, write, tmp_path):
    write(".copydesk.toml", 'ignore = ["repetition"]\n')
    write("other.toml", 'ignore = ["attribution"]\n')
    write("a.txt", DUP + DOUBLED)
    r = copydesk("--config", "other.toml", "--output-format", "json", "a.txt", cwd=tmp_path)
    assert [r for _, r, _ in found(r)] == ["repetition.word"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        (".copydesk.toml", 'selct = ["x"]\n', ".copydesk.toml: key 'selct' is not a copydesk setting"),
        ("pyproject.toml", '[tool.copydesk]\nfail-level = "fatal"\n',
         "pyproject.toml: key 'tool.copydesk.fail-level' must be one of suggestion, warning, error, got 'fatal'"),
        (".copydesk.toml", 'ignore = 3\n', ".copydesk.toml: key 'ignore' must be a list of strings"),
        (".copydesk.toml", 'ignore = ["repetition.wrod"]\n', ".copydesk.toml: ignore: unknown rule or pack 'repetition.wrod'"),
        (".copydesk.toml", '[rules."repetition.word"]\nlevel = "loud"\n',
         ".copydesk.toml: key 'rules.repetition.word.level' must be one of suggestion, warning, error, got 'loud'"),
        (".copydesk.toml", '[rules."repetition.word"]\nallowed = ["x"]\n',
         "rules.repetition.word: unknown option 'allowed' for kind 'doubled-word' (allowed: allow)"),
        (".copydesk.toml", '[rules."repetition.word"]\nallow = "the"\n',
         "rules.repetition.word: option 'allow' must be list[str], got 'the'"),
        (".copydesk.toml", '[rules."no.such"]\nlevel = "error"\n', ".copydesk.toml: rules: unknown rule 'no.such'"),
        (".copydesk.toml", '[per-file."*.md"]\nexclude = ["x"]\n',
         ".copydesk.toml: key 'per-file.*.md.exclude' is not allowed per file"),
        (".copydesk.toml", 'rules-path = ["nowhere"]\n', "key 'rules-path': folder 'nowhere' does not exist"),
        (".copydesk.toml", 'select = [\n', ".copydesk.toml: invalid TOML"),
    ],
)
def test_invalid_configuration_names_file_and_key(copydesk, write, tmp_path, name, content, message):
    write(name, content)
    write("a.txt", DOUBLED)
    r = copydesk("a.txt", cwd=tmp_path)
    assert r.code == 2, r
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


def test_user_rules_from_rules_path(copydesk, write, tmp_path):
    write("house/style/utilise.yaml", """\
kind: substitution
level: warning
scope: sentence
message: "Use '{replacement}' instead of '{match}'."
description: |
  ## What it does
  House style.
  ## Why is this bad?
  Short words read faster.
swap:
  utilise: use
examples:
  - bad: "We utilise it."
    expect: [{line: 1, column: 4, match: utilise}]
  - good: "We use it."
""")
    write(".copydesk.toml", 'rules-path = ["house"]\n')
    write("a.txt", "Officials will Utilise the funds.\n")
    r = copydesk("--output-format", "json", "a.txt", cwd=tmp_path)
    assert "style.utilise" in copydesk("rules", cwd=tmp_path).out
    assert "style.utilise" in copydesk("rules", "--rules-path", "house", "--config", os.devnull, cwd=tmp_path).out
    (item,) = json.loads(r.out)
    assert (item["rule"], item["column"], item["match"], item["replacement"], item["message"]) == (
        "style.utilise", 16, "Utilise", "Use", "Use 'Use' instead of 'Utilise'.")


@pytest.mark.parametrize(
    "body, message",
    [
        ("kind: nope\nlevel: warning\nscope: text\nmessage: m.\n", "bad.yaml: unknown kind 'nope'"),
        ("kind: existence\nlevel: loud\nscope: text\nmessage: m.\ntokens: [x]\n", "bad.yaml: 'level' must be one of"),
        ("kind: existence\nlevel: warning\nscope: text\nmessage: m.\ntokens: [x]\ncolour: red\n",
         "bad.yaml: unknown option 'colour' for kind 'existence'"),
        ("kind: existence\nlevel: warning\nscope: text\nmessage: m.\nraw: ['(unclosed']\n",
         "bad.yaml: invalid regular expression: missing ), unterminated subpattern"),
        ("kind: existence\nlevel: warning\nscope: page\nmessage: m.\ntokens: [x]\n", "bad.yaml: 'scope' must be one of"),
        ("kind: [\n", "bad.yaml: invalid YAML"),
    ],
)
def test_broken_user_rules_fail_loudly_naming_file_and_key(copydesk, write, tmp_path, body, message):
    write("house/style/bad.yaml", body)
    write("a.txt", DOUBLED)
    r = copydesk("--rules-path", "house", "a.txt", cwd=tmp_path)
    assert r.code == 2, r
    assert message in r.err and "Traceback" not in r.err


def test_a_user_rule_cannot_redefine_a_builtin_id(copydesk, write, tmp_path):
    write("house/repetition/word.yaml", "kind: existence\nlevel: warning\nscope: text\nmessage: m.\ntokens: [x]\n")
    for args in (("--rules-path", "house", "--stdin-filename", "a.txt", "-"), ("rules", "--rules-path", "house")):
        r = copydesk(*args, cwd=tmp_path, stdin=b"x")
        assert r.code == 2 and "rule id 'repetition.word' is already defined by" in r.err, r


def test_third_party_pack_through_an_entry_point(copydesk, write, tmp_path):
    """A pack installed as a Python package: a dist-info with a copydesk.packs entry point."""
    site = tmp_path / "site"
    write("site/newsroom_pack/__init__.py", "")
    write("site/newsroom_pack/house/cliche.yaml", """\
kind: existence
level: warning
scope: sentence
message: "Avoid the cliché '{match}'."
description: |
  ## What it does
  Cliches.
  ## Why is this bad?
  Stale.
tokens: [at the end of the day]
examples:
  - bad: "At the end of the day, we won."
    expect: [{line: 1, column: 1, match: At the end of the day}]
  - good: "We won."
""")
    write("site/newsroom_pack-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: newsroom-pack\nVersion: 1.0\n")
    write("site/newsroom_pack-1.0.dist-info/entry_points.txt", "[copydesk.packs]\nnewsroom = newsroom_pack\n")
    write("a.txt", "At the end of the day, the vote passed.\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.path.dirname(os.path.dirname(__file__))])}
    r = copydesk("--output-format", "json", "a.txt", cwd=tmp_path, env=env)
    assert [(x["rule"], x["column"]) for x in json.loads(r.out)] == [("house.cliche", 1)]


def test_third_party_kind_and_reporter_through_entry_points(copydesk, write, tmp_path):
    site = tmp_path / "site"
    write("site/shout/__init__.py", '''
from dataclasses import dataclass
import re
from lint.kinds import Hit, Kind
from lint.reporters import Reporter


@dataclass
class Shouting(Kind):
    name = "shouting"
    min_letters: int = 4

    def check(self, ctx):
        pattern = re.compile(r"\\b[A-Z]{%d,}\\b" % self.min_letters)
        for unit in ctx.units:
            for m in pattern.finditer(ctx.text, unit.start, unit.end):
                yield Hit(m.start(), m.end())


class Tsv(Reporter):
    name = "tsv"

    def file(self, path, doc, findings):
        for f in findings:
            self.stream.write(f"{path}\\t{f.line}\\t{f.column}\\t{f.rule}\\n")
''')
    write("site/shout/packs/style/caps.yaml", """\
kind: shouting
level: warning
scope: sentence
min-letters: 5
message: "Write '{match}' in normal case."
description: |
  ## What it does
  Caps.
  ## Why is this bad?
  Shouting.
examples:
  - bad: "It was HUGE news."
    expect: [{line: 1, column: 8, match: HUGE}]
  - good: "It was big news."
""")
    write("site/shout-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: shout\nVersion: 1.0\n")
    write("site/shout-1.0.dist-info/entry_points.txt",
          "[copydesk.kinds]\nshouting = shout:Shouting\n\n[copydesk.reporters]\ntsv = shout:Tsv\n\n"
          "[copydesk.packs]\nshout = shout.packs_folder:folder\n")
    write("site/shout/packs_folder.py", "from pathlib import Path\n\ndef folder():\n    return Path(__file__).parent / 'packs'\n")
    write("a.txt", "The NATO summit was a HUGE success.\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.path.dirname(os.path.dirname(__file__))])}
    r = copydesk("--output-format", "tsv", "--select", "style", "a.txt", cwd=tmp_path, env=env)
    assert r.out == "", r  # min-letters: 5 in the rule file means HUGE (4) and NATO pass
    write(".copydesk.toml", '[rules."style.caps"]\nmin-letters = 4\n')
    r = copydesk("--output-format", "tsv", "--select", "style", "a.txt", cwd=tmp_path, env=env)
    assert r.out.splitlines() == ["a.txt\t1\t5\tstyle.caps", "a.txt\t1\t23\tstyle.caps"]
    assert "style.caps" in copydesk("rules", cwd=tmp_path, env=env).out
