"""Report formats, --output-file, --statistics, --exit-zero and the progress bar.

The command runs as a real subprocess; SARIF is validated with jsonschema against the official
schema (a copy in tests/schemas), JUnit is parsed with xml.etree, paths are checked inside real
git repositories, and the progress bar is read from a real pseudo-terminal.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lint.document import Document
from lint.findings import Finding
from lint.fingerprint import fingerprints
from lint.reporters import ReporterOptions, Summary, reporter_class
from lint.rules import Registry
from tests.conftest import ROOT, run_on_terminal

DOUBLED = "The minister said the the plan was final.\n"
DUP = "According to Reuters, the talks failed, according to Reuters.\n"
SCHEMA = ROOT / "tests" / "schemas" / "sarif-2.1.0.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"
MACHINE = ["json", "jsonl", "sarif", "gitlab", "junit", "rdjson"]

HOUSE_RULE = """\
kind: existence
level: warning
scope: sentence
message: "Cut '{match}': 100% filler,\\nalways."
link: https://example.org/house/filler
description: |
  ## What it does
  Flags filler phrases.
  Newsrooms cut them first.

  ## Why is this bad?
  They cost column inches.
tokens: [at the end of the day]
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def summary_of(rule_id: str) -> str:
    return Registry.default().rules[rule_id].summary


# --- formats on standard output ----------------------------------------------------------


def test_every_format_is_offered(copydesk, tmp_path):
    r = copydesk("check", "--help", cwd=tmp_path)
    for name in ["text", *MACHINE, "github"]:
        assert name in r.out


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_write_nothing_but_the_report(copydesk, write, tmp_path, fmt):
    write("a.txt", DOUBLED)
    write("clean.txt", "The plan was final.\n")
    r = copydesk("--output-format", fmt, "a.txt", "clean.txt", cwd=tmp_path)
    assert r.code == 1 and r.err == ""
    if fmt == "junit":
        ET.fromstring(r.out.encode())
    elif fmt == "jsonl":
        assert [json.loads(line)["rule"] for line in r.out.splitlines()] == ["repetition.word"]
    else:
        json.loads(r.out)


def test_jsonl_has_the_json_objects_one_per_line(copydesk, write, tmp_path):
    write("a.txt", DOUBLED + DUP)
    write("b.md", "Officials met in in Brussels.\n")
    as_json = json.loads(copydesk("--output-format", "json", "a.txt", "b.md", cwd=tmp_path).out)
    r = copydesk("--output-format", "jsonl", "a.txt", "b.md", cwd=tmp_path)
    assert r.out.endswith("\n") and [json.loads(line) for line in r.out.splitlines()] == as_json
    assert len(as_json) == 3
    assert copydesk("--output-format", "jsonl", "b.md", "--ignore", "repetition", cwd=tmp_path).out == ""


def test_jsonl_escapes_separators_that_splitlines_would_cut_at():
    out = io.StringIO()
    reporter = reporter_class("jsonl")(out, ReporterOptions())
    f = Finding("a.txt", "x.y", "warning", "one\u2028two\x85three\u2029", 1, 1, 1, 2, 0, 1, "a")
    reporter.start()
    reporter.file("a.txt", None, [f])
    reporter.finish(Summary())
    assert len(out.getvalue().splitlines()) == 1
    assert json.loads(out.getvalue())["message"] == "one\u2028two\x85three\u2029"


def _findings_strategy():
    from hypothesis import strategies as st

    chars = st.characters(blacklist_categories=("Cs",))  # no lone surrogates
    quoted = st.sampled_from(['"', "\\", "\n", "\x7f", "\u2028", "é", "a", " "])
    # short values, and paragraph-long ones (the json reporter escapes those its own way)
    text = st.text(chars, max_size=30) | st.text(chars | quoted, min_size=6, max_size=12).map(lambda t: t * 20)
    number = st.integers(min_value=0, max_value=10**12)
    fix = st.none() | st.tuples(number, number, text)
    return st.lists(st.builds(Finding, text, text, text, text, number, number, number, number, number, number,
                              text, st.none() | text, fix, st.booleans()), max_size=4)


def test_json_is_exactly_what_json_dump_writes():
    """The json reporter assembles its text itself (speed); it must be json.dump's, to the byte."""
    from hypothesis import given, settings

    from lint.reporters.json import FIELDS

    @settings(max_examples=100, deadline=None)
    @given(_findings_strategy())
    def check(findings):
        out = io.StringIO()
        reporter = reporter_class("json")(out, ReporterOptions())
        reporter.start()
        reporter.file("a.txt", None, findings[:2])
        reporter.file("b.txt", None, findings[2:])
        reporter.finish(Summary())
        expected = io.StringIO()
        json.dump([{k: f.to_dict()[k] for k in FIELDS} for f in findings], expected, ensure_ascii=False, indent=2)
        assert out.getvalue() == expected.getvalue() + "\n"

    check()


# --- SARIF ---------------------------------------------------------------------------------


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_schema_copy_is_the_official_one():
    if not SHARED_SCHEMA.exists():
        pytest.skip("../shared/schemas is not next to this checkout")
    assert SCHEMA.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_sarif_validates_and_carries_rules_results_regions_fixes_and_fingerprints(copydesk, write, tmp_path):
    git(tmp_path, "init", "-q")
    write("house/style/filler.yaml", HOUSE_RULE)
    write(".copydesk.toml", 'rules-path = ["house"]\n[rules."repetition.word"]\nlevel = "suggestion"\n')
    text = "Café — the the plan, at the end of the day, was final.\n" + DUP
    write("desk/my story.txt", text)
    r = copydesk("--output-format", "sarif", "--select", "repetition.word,attribution.duplicate,style.filler",
                 "my story.txt", cwd=tmp_path / "desk")
    assert r.code == 1 and r.err == ""
    log = json.loads(r.out)
    sarif_validator().validate(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    from lint import __version__

    assert (driver["name"], driver["version"]) == ("copydesk", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == ["attribution.duplicate", "repetition.word", "style.filler"]
    dup, word, filler = driver["rules"]
    assert dup["shortDescription"]["text"] == summary_of("attribution.duplicate")
    assert dup["fullDescription"]["text"].startswith(summary_of("attribution.duplicate"))
    assert dup["help"]["markdown"].startswith("## What it does") and "## Why is this bad?" in dup["help"]["text"]
    assert dup["defaultConfiguration"] == {"level": "error"}
    assert word["defaultConfiguration"] == {"level": "note"}  # as configured; SARIF calls it note
    assert "helpUri" not in dup
    assert filler["helpUri"] == "https://example.org/house/filler"
    assert filler["fullDescription"]["text"] == "Flags filler phrases. Newsrooms cut them first."

    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    results = run["results"]
    assert [(x["ruleId"], x["ruleIndex"], x["level"]) for x in results] == [
        ("repetition.word", 1, "note"), ("style.filler", 2, "warning"), ("attribution.duplicate", 0, "error"),
    ]
    word_result = results[0]
    assert word_result["message"]["text"] == "Remove the repeated 'the'."
    (location,) = word_result["locations"]
    physical = location["physicalLocation"]
    # Relative to the repository root, not to the folder copydesk ran in; the space encoded.
    assert physical["artifactLocation"] == {"uri": "desk/my%20story.txt", "uriBaseId": "%SRCROOT%"}
    # "Café — " is 7 code points (9 bytes in UTF-8): SARIF columns count code points here.
    assert physical["region"] == {"startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 15,
                                  "snippet": {"text": "the the"}}
    assert word_result["fixes"] == [{
        "description": {"text": "Replace 'the the' with 'the'."},
        "artifactChanges": [{
            "artifactLocation": {"uri": "desk/my%20story.txt", "uriBaseId": "%SRCROOT%"},
            "replacements": [{"deletedRegion": {"startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 15},
                              "insertedContent": {"text": "the"}}],
        }],
        "properties": {"safe": True},
    }]
    assert "fixes" not in results[1]
    # The duplicate attribution's fix deletes it with its comma: a deletion has no inserted text.
    (change,) = results[2]["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 2, "startColumn": 39, "endLine": 2,
                                                         "endColumn": 61}}]
    assert results[2]["fixes"][0]["description"]["text"] == "Delete ', according to Reuters'."
    # partialFingerprints are lint.fingerprint's, computed on the path from the repository root.
    doc = Document(text, text)
    probes = [Finding("x", rule, "warning", "", line, 1, line, 1, 0, 0, match) for rule, line, match in [
        ("repetition.word", 1, "the the"), ("style.filler", 1, "at the end of the day"),
        ("attribution.duplicate", 2, "according to Reuters")]]
    expected = fingerprints("desk/my story.txt", doc, probes)
    assert [x["partialFingerprints"] for x in results] == [{"copydesk/v1": fp} for fp in expected]


def test_sarif_of_a_clean_run_and_of_a_file_outside_the_repository(copydesk, write, tmp_path):
    (tmp_path / "repo").mkdir()
    git(tmp_path / "repo", "init", "-q")
    outside = write("elsewhere/a.txt", DOUBLED)
    write("repo/clean.txt", "All fine.\n")
    validator = sarif_validator()
    clean = json.loads(copydesk("--output-format", "sarif", "clean.txt", cwd=tmp_path / "repo").out)
    validator.validate(clean)
    assert clean["runs"][0]["results"] == []
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert "repetition.word" in [rule["id"] for rule in clean["runs"][0]["tool"]["driver"]["rules"]]

    r = copydesk("--output-format", "sarif", str(outside), "missing.txt", cwd=tmp_path / "repo")
    assert r.code == 2
    log = json.loads(r.out)
    validator.validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": outside.resolve().as_uri()}
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]


def test_sarif_describes_a_finding_whose_rule_it_was_not_told_about():
    out = io.StringIO()
    reporter = reporter_class("sarif")(out, ReporterOptions())
    reporter.start()
    reporter.file("a.txt", None, [Finding("a.txt", "plugin.rule", "warning", "m", 1, 1, 1, 2, 0, 1, "a")])
    reporter.finish(Summary(files=1))
    log = json.loads(out.getvalue())
    sarif_validator().validate(log)
    assert log["runs"][0]["tool"]["driver"]["rules"] == [{"id": "plugin.rule", "shortDescription": {"text": "plugin.rule"}}]
    assert log["runs"][0]["results"][0]["ruleIndex"] == 0


# --- GitHub --------------------------------------------------------------------------------


def test_github_annotations_with_positions_title_and_levels(copydesk, write, tmp_path):
    git(tmp_path, "init", "-q")
    write(".copydesk.toml", '[rules."attribution.duplicate"]\nlevel = "suggestion"\n')
    write("news/a.txt", DOUBLED + DUP)
    r = copydesk("--output-format", "github", "a.txt", cwd=tmp_path / "news")
    assert r.code == 1
    assert r.out.splitlines() == [
        "::warning file=news/a.txt,line=1,col=19,endLine=1,endColumn=26,title=copydesk (repetition.word)"
        "::news/a.txt:1:19: Remove the repeated 'the'.",
        "::notice file=news/a.txt,line=2,col=41,endLine=2,endColumn=61,title=copydesk (attribution.duplicate)"
        "::news/a.txt:2:41: Remove 'according to Reuters': 'Reuters' is already credited in this sentence.",
    ]
    assert r.err == "Checked 1 file, 2 findings (1 warning, 1 suggestion).\n"


def test_github_escapes_data_and_properties(copydesk, write, tmp_path):
    write("house/style/filler.yaml", HOUSE_RULE)
    write("a,b:c.txt", "At the end of the day, it failed.\n")
    r = copydesk("--output-format", "github", "--rules-path", "house", "--select", "style.filler", "a,b:c.txt",
                 cwd=tmp_path)
    assert r.out == ("::warning file=a%2Cb%3Ac.txt,line=1,col=1,endLine=1,endColumn=22,"
                     "title=copydesk (style.filler)::a,b:c.txt:1:1: Cut 'At the end of the day': "
                     "100%25 filler,%0Aalways.\n")


def test_github_escaping_functions():
    from lint.reporters.github import escape_data, escape_property

    assert escape_data("100%\r\nx: a, b") == "100%25%0D%0Ax: a, b"
    assert escape_property("100%\r\nx: a, b") == "100%25%0D%0Ax%3A a%2C b"


@pytest.mark.parametrize("env, args, expect_github", [
    ({"GITHUB_ACTIONS": "true"}, (), True),
    ({"GITHUB_ACTIONS": "false"}, (), False),
    ({}, (), False),
    ({"GITHUB_ACTIONS": "true"}, ("--output-format", "text"), False),
])
def test_github_format_is_chosen_in_github_actions(write, tmp_path, env, args, expect_github):
    from tests.conftest import run_copydesk

    write("a.txt", DOUBLED)
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    r = run_copydesk(*args, "a.txt", cwd=tmp_path, env={**base, **env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    assert r.code == 1
    assert r.out.startswith("::warning file=a.txt,line=1,col=19,") is expect_github
    assert r.out.startswith("a.txt:1:19: warning repetition.word") is not expect_github


def test_github_actions_with_an_output_file_writes_text_there(write, tmp_path):
    from tests.conftest import run_copydesk

    write("a.txt", DOUBLED)
    env = {**os.environ, "GITHUB_ACTIONS": "true", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    r = run_copydesk("a.txt", "--output-file", "report.txt", cwd=tmp_path, env=env)
    assert r.out == "" and (tmp_path / "report.txt").read_text().startswith("a.txt:1:19: warning")


# --- GitLab --------------------------------------------------------------------------------


def test_gitlab_code_quality_fields(copydesk, write, tmp_path):
    git(tmp_path, "init", "-q")
    write(".copydesk.toml", '[rules."repetition.word"]\nlevel = "suggestion"\n')
    write("site/a.txt", DUP + "It was long.\n" + DOUBLED)
    write("site/b.md", "# Title\n\nOfficials met in in Brussels.\n")
    r = copydesk("--output-format", "gitlab", "a.txt", "b.md", "--fail-level", "suggestion", cwd=tmp_path / "site")
    assert r.code == 1 and r.err == ""
    report = json.loads(r.out)
    assert isinstance(report, list) and len(report) == 3
    for issue in report:  # the fields GitLab documents, with their types
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 32
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert [(i["check_name"], i["severity"], i["location"]) for i in report] == [
        ("attribution.duplicate", "major", {"path": "site/a.txt", "lines": {"begin": 1, "end": 1}}),
        ("repetition.word", "info", {"path": "site/a.txt", "lines": {"begin": 3, "end": 3}}),
        ("repetition.word", "info", {"path": "site/b.md", "lines": {"begin": 3, "end": 3}}),
    ]
    assert report[0]["description"] == "Remove 'according to Reuters': 'Reuters' is already credited in this sentence."
    assert len({i["fingerprint"] for i in report}) == 3


def test_gitlab_fingerprints_survive_shifted_lines_and_another_working_folder(copydesk, write, tmp_path):
    git(tmp_path, "init", "-q")
    write("site/a.txt", DOUBLED + "\n" + DOUBLED)
    before = json.loads(copydesk("--output-format", "gitlab", "site/a.txt", cwd=tmp_path).out)
    write("site/a.txt", "A new first paragraph.\n\n" + DOUBLED + "\n" + DOUBLED)
    after = json.loads(copydesk("--output-format", "gitlab", "a.txt", cwd=tmp_path / "site").out)
    assert [i["location"]["lines"]["begin"] for i in before] == [1, 3]
    assert [i["location"]["lines"]["begin"] for i in after] == [3, 5]
    # The same finding twice: two fingerprints, each kept when lines move and cwd changes.
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert before[0]["fingerprint"] != before[1]["fingerprint"]


# --- JUnit ---------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_and_one_failure_listing_its_findings(copydesk, write, tmp_path):
    write("R&D <draft>.txt", DOUBLED + DUP)
    write("clean.txt", "The plan was final.\n")
    r = copydesk("--output-format", "junit", "R&D <draft>.txt", "clean.txt", cwd=tmp_path)
    assert r.code == 1 and r.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(r.out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    (suite,) = root
    assert (suite.tag, suite.get("tests"), suite.get("failures")) == ("testsuite", "2", "1")
    dirty, clean = suite.findall("testcase")
    assert (dirty.get("name"), dirty.get("file"), dirty.get("classname")) == ("R&D <draft>.txt",) * 2 + ("copydesk",)
    assert clean.get("name") == "clean.txt" and list(clean) == []
    (failure,) = dirty.findall("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == "2 findings (1 error, 1 warning)"
    assert failure.text.splitlines() == [
        "R&D <draft>.txt:1:19: warning repetition.word Remove the repeated 'the'.",
        "R&D <draft>.txt:2:41: error attribution.duplicate Remove 'according to Reuters': "
        "'Reuters' is already credited in this sentence.",
    ]


def test_junit_stays_well_formed_with_characters_xml_cannot_hold():
    out = io.StringIO()
    reporter = reporter_class("junit")(out, ReporterOptions())
    reporter.start()
    message = 'Use <b> & "quotes"\x1b[0m\x0bhere.'
    reporter.file("a\x01.txt", None, [Finding("a.txt", "x.y", "warning", message, 1, 1, 1, 2, 0, 1, "a")])
    reporter.finish(Summary(files=1))
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == "a\ufffd.txt"
    assert case.find("failure").text == 'a\ufffd.txt:1:1: warning x.y Use <b> & "quotes"\ufffd[0m\ufffdhere.\n'


# --- rdjson --------------------------------------------------------------------------------


def test_rdjson_diagnostics_with_byte_columns_codes_and_suggestions(copydesk, write, tmp_path):
    write("house/style/filler.yaml", HOUSE_RULE)
    # "Café 𐐀 " is 7 code points but 11 bytes: reviewdog columns count bytes.
    write("a.txt", "Café 𐐀 the the plan failed at the end of the day.\n" + DUP)
    r = copydesk("--output-format", "rdjson", "--rules-path", "house",
                 "--select", "repetition.word,attribution.duplicate,style.filler", "a.txt", cwd=tmp_path)
    assert r.code == 1 and r.err == ""
    result = json.loads(r.out)
    assert result["source"] == {"name": "copydesk", "url": result["source"]["url"]}
    assert result["source"]["url"].startswith("https://")
    assert result["severity"] == "ERROR"
    word, filler, dup = result["diagnostics"]
    assert word == {
        "message": "Remove the repeated 'the'.",
        "location": {"path": "a.txt", "range": {"start": {"line": 1, "column": 12}, "end": {"line": 1, "column": 19}}},
        "severity": "WARNING",
        "code": {"value": "repetition.word"},
        "suggestions": [{"range": {"start": {"line": 1, "column": 12}, "end": {"line": 1, "column": 19}},
                         "text": "the"}],
    }
    assert filler["code"] == {"value": "style.filler", "url": "https://example.org/house/filler"}
    assert "suggestions" not in filler
    assert dup["severity"] == "ERROR"
    assert dup["suggestions"] == [{"range": {"start": {"line": 2, "column": 39}, "end": {"line": 2, "column": 61}},
                                   "text": ""}]


def test_rdjson_counts_an_undecodable_byte_as_one_byte(copydesk, write, tmp_path):
    data = b"Price \xa3 5, the the plan.\n"
    write("a.txt", data)
    r = copydesk("--output-format", "rdjson", "--select", "repetition.word", "a.txt", cwd=tmp_path)
    (diag,) = json.loads(r.out)["diagnostics"]
    # The 0xA3 byte is one byte of the file, though U+FFFD (three bytes) in the decoded text.
    assert data.index(b"the the") == 11
    assert diag["location"]["range"] == {"start": {"line": 1, "column": 12}, "end": {"line": 1, "column": 19}}


# --- --output-file ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_output_file_gets_the_report_and_the_terminal_the_summary(copydesk, write, tmp_path, fmt):
    write("a.txt", DOUBLED)
    r = copydesk("--output-format", fmt, "--output-file", "reports/out/report", "a.txt", cwd=tmp_path)
    assert r.code == 1
    assert r.out == ""
    assert r.err == "Checked 1 file, 1 finding (1 warning).\n"
    report = (tmp_path / "reports" / "out" / "report").read_text(encoding="utf-8")
    if fmt == "sarif":
        assert json.loads(report)["runs"][0]["results"][0]["ruleId"] == "repetition.word"
    else:
        assert report.startswith("a.txt:1:19: warning repetition.word") and "\033[" not in report
    assert sorted(p.name for p in (tmp_path / "reports" / "out").iterdir()) == ["report"]


def test_output_file_is_replaced_whole_and_keeps_its_mode(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    old = write("report.json", "old report\n")
    old.chmod(0o640)
    r = copydesk("--output-format", "json", "--output-file", "report.json", "a.txt", cwd=tmp_path)
    assert r.code == 1
    assert json.loads(old.read_text())[0]["rule"] == "repetition.word"
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    # A new report gets the mode open() would give it (umask applied), not mkstemp's 0600.
    copydesk("--output-format", "json", "--output-file", "new.json", "a.txt", cwd=tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~umask


def test_output_file_is_left_alone_when_the_run_fails(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    write(".copydesk.toml", 'select = ["no-such-rule"]\n')
    old = write("report.json", "old report\n")
    r = copydesk("--output-format", "json", "--output-file", "report.json", "a.txt", cwd=tmp_path)
    assert r.code == 2 and r.err.startswith("copydesk: error: ") and len(r.err.splitlines()) == 1
    assert old.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".copydesk.toml", "a.txt", "report.json"]


def test_output_file_that_cannot_be_written_is_one_clear_error(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    write("blocker", "a file, not a folder\n")
    r = copydesk("--output-file", "blocker/report.txt", "a.txt", cwd=tmp_path)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("copydesk: error: blocker/report.txt: cannot write: ") and "Traceback" not in r.err
    assert len(r.err.splitlines()) == 1


# --- --statistics and --exit-zero ------------------------------------------------------------

STATS_TEXT = DOUBLED + "Officials met in in Brussels.\n\n" + DUP + "\nThey met, and and left.\n"


def test_statistics_replace_the_listing_sorted_by_count_then_rule(copydesk, write, tmp_path):
    write("a.txt", STATS_TEXT)
    write("b.txt", DUP)
    r = copydesk("--statistics", "a.txt", "b.txt", cwd=tmp_path)
    assert r.code == 1 and r.err == ""
    dup, word = summary_of("attribution.duplicate"), summary_of("repetition.word")
    assert r.out == (
        f"3  warning  repetition.word        {word}\n"
        f"2  error    attribution.duplicate  {dup}\n"
        "\n"
        "Checked 2 files, 5 findings (2 errors, 3 warnings).\n"
    )


def test_statistics_count_a_rule_per_level(copydesk, write, tmp_path):
    write(".copydesk.toml", '[per-file."wire/*"]\nrules."repetition.word".level = "error"\n')
    write("a.txt", DOUBLED)
    write("wire/b.txt", DOUBLED)
    write("wire/c.txt", DOUBLED)
    r = copydesk("--statistics", ".", cwd=tmp_path)
    word = summary_of("repetition.word")
    assert r.out.splitlines()[:2] == [f"2  error    repetition.word  {word}", f"1  warning  repetition.word  {word}"]


def test_statistics_of_a_clean_run_is_the_summary(copydesk, write, tmp_path):
    write("a.txt", "The plan was final.\n")
    r = copydesk("--statistics", "a.txt", cwd=tmp_path)
    assert (r.code, r.out) == (0, "Checked 1 file, 0 findings.\n")


def test_statistics_go_to_stderr_beside_a_machine_report(copydesk, write, tmp_path):
    write("a.txt", STATS_TEXT)
    r = copydesk("--statistics", "--output-format", "json", "a.txt", cwd=tmp_path)
    assert len(json.loads(r.out)) == 4
    assert r.err.splitlines()[0].startswith("3  warning  repetition.word  ")
    assert r.err.splitlines()[-1] == "Checked 1 file, 4 findings (1 error, 3 warnings)."
    r = copydesk("--statistics", "--output-file", "report.txt", "a.txt", cwd=tmp_path)
    assert r.out == "" and r.err.splitlines()[-1] == "Checked 1 file, 4 findings (1 error, 3 warnings)."
    assert (tmp_path / "report.txt").read_text().startswith("a.txt:1:19: warning repetition.word")


def test_exit_zero_reports_but_does_not_fail(copydesk, write, tmp_path):
    write("a.txt", DUP)
    r = copydesk("--exit-zero", "a.txt", cwd=tmp_path)
    assert r.code == 0 and "attribution.duplicate" in r.out
    assert copydesk("--exit-zero", "a.txt", "missing.txt", cwd=tmp_path).code == 2
    write(".copydesk.toml", "fail-level = 3\n")
    r = copydesk("--exit-zero", "a.txt", cwd=tmp_path)
    assert r.code == 2 and r.err.startswith("copydesk: error: ")


# --- reporters written against the old interface ---------------------------------------------


def test_a_third_party_reporter_keeps_working(write, tmp_path):
    """Installed like a plug-in (a dist-info with an entry point), without ``rules`` or new hooks."""
    from tests.conftest import run_copydesk

    write("site/teamcity_report.py", """\
class TeamCity:
    def __init__(self, stream, options):
        self.stream = stream
    def start(self):
        self.stream.write("##teamcity[start]\\n")
    def file(self, path, doc, findings):
        for f in findings:
            self.stream.write(f"##teamcity[inspection file='{path}' line='{f.line}' typeId='{f.rule}']\\n")
    def finish(self, summary):
        self.stream.write(f"##teamcity[done files='{summary.files}']\\n")
""")
    write("site/teamcity_report-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: teamcity-report\nVersion: 1.0\n")
    write("site/teamcity_report-1.0.dist-info/entry_points.txt",
          "[copydesk.reporters]\nteamcity = teamcity_report:TeamCity\n")
    write("a.txt", DOUBLED)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path / 'site'}", "NO_COLOR": "1"}
    r = run_copydesk("--output-format", "teamcity", "--statistics", "a.txt", cwd=tmp_path, env=env)
    assert r.code == 1
    assert r.out == ("##teamcity[start]\n##teamcity[inspection file='a.txt' line='1' typeId='repetition.word']\n"
                     "##teamcity[done files='1']\n")
    assert r.err.splitlines()[0].startswith("1  warning  repetition.word  ")


# --- progress ----------------------------------------------------------------------------------


def run_on_a_terminal(tmp_path: Path, *args: str, env_extra: dict | None = None):
    """Run with stderr on a real pseudo-terminal; return (exit code, stdout, terminal bytes)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env.update({"PYTHONPATH": str(ROOT), **(env_extra or {})})
    return run_on_terminal(list(args), tmp_path, env, terminal="stderr")


def articles(write, n: int) -> None:
    for i in range(n):
        write(f"desk/a{i:03}.txt", DOUBLED)


def test_progress_bar_on_a_terminal_for_more_than_50_files(write, tmp_path):
    articles(write, 51)
    write("desk/zz.txt", b"\x00binary")
    code, out, term = run_on_a_terminal(tmp_path, "desk")
    assert code == 1
    assert "copydesk [" in term and "  0/52  desk/a000.txt" in term
    assert "[##############################] 52/52" in term  # the last state is always drawn
    # The notice about the binary file is on a line of its own, not glued to the bar.
    assert "\rcopydesk: desk/zz.txt: skipped (binary file)\r\n" in term
    assert term.endswith("\r") and term.rstrip("\r").endswith(" ")  # erased at the end
    assert "copydesk [" not in out and out.endswith("Checked 51 files, 51 findings (51 warnings), 1 skipped.\n")


def test_no_progress_bar_for_50_files_in_ci_or_when_piped(copydesk, write, tmp_path):
    articles(write, 50)
    assert run_on_a_terminal(tmp_path, "desk")[2] == ""
    write("desk/a050.txt", DOUBLED)
    assert run_on_a_terminal(tmp_path, "desk", env_extra={"CI": "true"})[2] == ""
    assert "copydesk [" in run_on_a_terminal(tmp_path, "desk", env_extra={"CI": "false"})[2]
    r = copydesk("desk", cwd=tmp_path)
    assert r.code == 1 and r.err == ""


def test_progress_bar_is_erased_before_an_error_that_ends_the_run(write, tmp_path):
    articles(write, 55)
    write("desk/zz/.copydesk.toml", 'select = ["no-such-rule"]\n')
    write("desk/zz/b.txt", DOUBLED)
    code, _, term = run_on_a_terminal(tmp_path, "desk")
    assert code == 2
    *_, last, after = term.split("\r\n")
    assert after == ""
    # Bar frames, then spaces over the last one, then the error alone on the line.
    frames, erase, error = last.rsplit("\r", 2)
    assert all(frame.startswith("copydesk [") for frame in frames.split("\r")[1:])
    assert erase.strip(" ") == "" and len(erase) >= len("copydesk [")
    assert re.fullmatch(r"copydesk: error: \S*desk/zz/\.copydesk\.toml: select: unknown rule or pack "
                        r"'no-such-rule'", error)


def test_output_file_that_is_not_a_regular_file_is_written_in_place(copydesk, write, tmp_path):
    """A FIFO (like /dev/null) is written to, never renamed over: replacing /dev/null with a
    regular file would break every program on the machine."""
    import os
    import stat
    import threading

    write("a.md", "The the plan.\n")
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    r = copydesk("--output-format", "json", "--output-file", str(fifo), "a.md", cwd=tmp_path)
    reader.join(timeout=30)
    assert r.code == 1 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert '"rule": "repetition.word"' in received[0]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
