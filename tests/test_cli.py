"""The command line, run as a real subprocess: formats, exit codes, errors, file walking."""

from __future__ import annotations

import json

import pytest

DUP = "According to Reuters, the talks failed, according to Reuters.\n"
DOUBLED = "The minister said the the plan was final.\n"
CLEAN = "The minister said the plan was final.\n"


def test_check_is_the_default_command_and_options_may_come_first(copydesk, write, tmp_path):
    write("a.txt", DUP)
    explicit = copydesk("check", "a.txt", "--output-format", "json", cwd=tmp_path)
    implicit = copydesk("--output-format", "json", "a.txt", cwd=tmp_path)
    assert explicit.code == implicit.code == 1
    assert json.loads(explicit.out) == json.loads(implicit.out)


def test_text_output_has_position_rule_message_caret_and_summary(copydesk, write, tmp_path):
    write("a.txt", DUP)
    r = copydesk("a.txt", cwd=tmp_path)
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0] == ("a.txt:1:41: error attribution.duplicate Remove 'according to Reuters': "
                        "'Reuters' is already credited in this sentence.")
    assert lines[1] == "  " + DUP.rstrip("\n")
    assert lines[2] == "  " + " " * 40 + "^" * len("according to Reuters")
    assert lines[-1] == "Checked 1 file, 1 finding (1 error)."
    assert "\033[" not in r.out  # no color when not a terminal


def test_no_source_omits_the_source_line(copydesk, write, tmp_path):
    write("a.txt", DUP)
    r = copydesk("--no-source", "a.txt", cwd=tmp_path)
    assert r.out.splitlines()[1] == ""
    assert "^" not in r.out


def test_color_always_colors_the_level(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    r = copydesk("--color", "always", "a.txt", cwd=tmp_path)
    assert "\033[33mwarning\033[0m" in r.out


def test_json_fields(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    r = copydesk("--output-format", "json", "a.txt", cwd=tmp_path)
    (item,) = json.loads(r.out)
    assert item == {
        "path": "a.txt", "line": 1, "column": 19, "end_line": 1, "end_column": 26, "start": 18, "end": 25,
        "rule": "repetition.word", "level": "warning", "message": "Remove the repeated 'the'.",
        "match": "the the", "replacement": "the", "fix": {"start": 18, "end": 25, "text": "the"},
    }


def test_exit_codes_follow_the_fail_level(copydesk, write, tmp_path):
    write("warn.txt", DOUBLED)
    write("clean.txt", CLEAN)
    assert copydesk("clean.txt", cwd=tmp_path).code == 0
    assert copydesk("warn.txt", cwd=tmp_path).code == 1
    assert copydesk("--fail-level", "error", "warn.txt", cwd=tmp_path).code == 0
    assert copydesk("--fail-level", "suggestion", "clean.txt", cwd=tmp_path).code == 0


def test_select_ignore_and_extend_select_take_comma_lists_and_repeat(copydesk, write, tmp_path):
    write("a.txt", DUP.rstrip("\n") + " " + DOUBLED)
    rules = lambda r: sorted({x["rule"] for x in json.loads(r.out)})  # noqa: E731
    fmt = ("--output-format", "json")
    assert rules(copydesk(*fmt, "a.txt", cwd=tmp_path)) == ["attribution.duplicate", "repetition.word"]
    assert rules(copydesk(*fmt, "--select", "repetition", "a.txt", cwd=tmp_path)) == ["repetition.word"]
    assert rules(copydesk(*fmt, "--ignore", "repetition.word,encoding", "a.txt", cwd=tmp_path)) == ["attribution.duplicate"]
    assert rules(copydesk(*fmt, "--select", "attribution", "--select", "repetition.word", "a.txt", cwd=tmp_path)) == [
        "attribution.duplicate", "repetition.word"]
    assert rules(copydesk(*fmt, "--select", "encoding", "--extend-select", "repetition", "a.txt", cwd=tmp_path)) == [
        "repetition.word"]


def test_stdin_with_stdin_filename_picks_format_and_name(copydesk, tmp_path):
    r = copydesk("--stdin-filename", "draft.md", "-", "--output-format", "json", cwd=tmp_path,
                 stdin=b"Officials met in **in** Brussels.\n")
    (item,) = json.loads(r.out)
    assert (item["path"], item["line"], item["column"], item["match"]) == ("draft.md", 1, 15, "in **in")


@pytest.mark.parametrize(
    "args, expected",
    [
        (("missing.md",), "copydesk: missing.md: no such file or directory"),
        (("--select", "nope.rule", "ok.txt"), "copydesk: error: command line: --select: unknown rule or pack 'nope.rule'"),
        (("--output-format", "xml", "ok.txt"), "Invalid value for '--output-format'"),
        ((), "copydesk: error: no paths given"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(copydesk, write, tmp_path, args, expected):
    write("ok.txt", CLEAN)
    r = copydesk(*args, cwd=tmp_path)
    assert r.code == 2
    assert expected in r.err
    assert "Traceback" not in r.err


def test_unreadable_file_is_an_input_error(copydesk, write, tmp_path):
    import os

    path = write("secret.txt", CLEAN)
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as a user who can read any file")
    r = copydesk("secret.txt", cwd=tmp_path)
    assert r.code == 2 and "secret.txt: cannot read: Permission denied" in r.err


def test_a_file_that_cannot_be_opened_is_an_input_error(copydesk, tmp_path):
    """A socket named like an article: open() fails even for root, as for an unreadable file."""
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "story.txt"))
    try:
        r = copydesk("story.txt", cwd=tmp_path)
    finally:
        sock.close()
    assert r.code == 2, r
    assert r.err.startswith("copydesk: story.txt: cannot read: ") and "Traceback" not in r.err


def test_missing_path_does_not_stop_the_other_files(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    r = copydesk("--no-source", "nope.txt", "a.txt", cwd=tmp_path)
    assert r.code == 2
    assert "a.txt:1:19: warning repetition.word" in r.out


def test_binary_file_is_skipped_with_a_notice(copydesk, write, tmp_path):
    write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = copydesk("image.txt", cwd=tmp_path)
    assert r.code == 0
    assert "copydesk: image.txt: skipped (binary file)" in r.err
    assert "1 skipped" in r.out


def test_undecodable_bytes_are_reported_where_they_are_and_the_rest_is_linted(copydesk, write, tmp_path):
    write("latin1.txt", "The ticket costs £5.\nThe the end.\n".encode("latin-1"))
    r = copydesk("--output-format", "json", "latin1.txt", cwd=tmp_path)
    found = [(x["rule"], x["line"], x["column"]) for x in json.loads(r.out)]
    assert found == [("encoding.undecodable", 1, 18), ("repetition.word", 2, 1)]


def test_empty_file_is_fine(copydesk, write, tmp_path):
    write("empty.md", "")
    r = copydesk("empty.md", cwd=tmp_path)
    assert r.code == 0 and "Checked 1 file, 0 findings." in r.out


def test_big_inputs_complete(copydesk, write, tmp_path):
    paragraph = "The minister said the plan was final, according to officials in Kyiv. " * 20 + "\n\n"
    write("big.txt", paragraph * (10_000_000 // len(paragraph)))
    write("line.md", "Prices rose again in March and in April " * 26_000 + "the the end.")
    r = copydesk("--output-format", "json", "big.txt", "line.md", cwd=tmp_path)
    assert r.code == 1
    findings = json.loads(r.out)
    (item,) = [f for f in findings if f["rule"] == "repetition.word"]
    assert item["path"] == "line.md" and item["column"] == 40 * 26_000 + 1
    # Every copy of the repeated paragraph after the first is reported, each at its own line.
    copies = [f["line"] for f in findings if f["rule"] == "repetition.paragraph"]
    assert copies == list(range(3, 2 * (len(copies) + 1), 2))


def test_linting_never_changes_files(copydesk, write, tmp_path):
    path = write("a.md", "---\ntitle: The the plan\n---\n\nThe the plan.\r\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    copydesk("a.md", cwd=tmp_path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_directories_are_walked_by_extension_skipping_hidden_ignored_and_excluded(copydesk, write, tmp_path):
    for name in ["a.md", "b.txt", "c.html", "d.htm", "e.markdown", "skip.py", ".hidden/x.md", "drafts/y.md",
                 "sub/ignored.md", "sub/kept.txt", "node_modules/pkg/readme.md", "archive/old.md"]:
        write(name, DOUBLED)
    write(".gitignore", "drafts/\n")
    write("sub/.gitignore", "ignored.md\n")
    write(".copydesk.toml", 'exclude = ["archive/"]\n')
    r = copydesk("--output-format", "json", ".", cwd=tmp_path)
    paths = sorted({x["path"] for x in json.loads(r.out)})
    assert paths == ["./a.md", "./b.txt", "./c.html", "./d.htm", "./e.markdown", "./sub/kept.txt"]


def test_a_file_named_explicitly_is_linted_whatever_its_extension(copydesk, write, tmp_path):
    write("notes.rst", DOUBLED)
    assert copydesk("notes.rst", cwd=tmp_path).code == 1


def test_rules_lists_every_rule_with_level_state_and_summary(copydesk, tmp_path):
    r = copydesk("rules", cwd=tmp_path)
    assert r.code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in r.out.splitlines()}
    assert rows["attribution.duplicate"] == ["error", "on"]
    assert rows["repetition.word"] == ["warning", "on"]


def test_rules_shows_what_the_configuration_turns_off(copydesk, write, tmp_path):
    write(".copydesk.toml", 'ignore = ["repetition"]\n[rules."attribution.duplicate"]\nlevel = "warning"\n')
    rows = {line.split()[0]: line.split()[1:3] for line in copydesk("rules", cwd=tmp_path).out.splitlines()}
    assert rows["repetition.word"] == ["warning", "off"]
    assert rows["attribution.duplicate"] == ["warning", "on"]


def test_explain_prints_doc_and_examples(copydesk, tmp_path):
    r = copydesk("explain", "repetition.word", cwd=tmp_path)
    assert r.code == 0
    assert "## What it does" in r.out and "## Flagged" in r.out and "The minister said the the plan was final." in r.out
    r = copydesk("explain", "nope", cwd=tmp_path)
    assert r.code == 2 and "unknown rule 'nope'" in r.err


def test_version(copydesk, tmp_path):
    from lint import __version__

    r = copydesk("--version", cwd=tmp_path)
    assert r.code == 0 and __version__ in r.out


def test_output_file_receives_the_report(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    r = copydesk("--output-format", "json", "--output-file", "report.json", "a.txt", cwd=tmp_path)
    assert r.code == 1 and r.out == ""
    assert json.loads((tmp_path / "report.json").read_text())[0]["rule"] == "repetition.word"


@pytest.mark.parametrize("no_color, colored", [(None, True), ("1", False)])
def test_auto_color_only_on_a_terminal_without_no_color(write, tmp_path, no_color, colored):
    """stdout is a real pseudo-terminal here, as in an editor's shell."""
    import os

    from tests.conftest import ROOT, run_on_terminal

    write("a.txt", DOUBLED)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(ROOT)
    if no_color:
        env["NO_COLOR"] = no_color
    code, _, out = run_on_terminal(["a.txt"], tmp_path, env)
    assert code == 1
    assert ("\033[33mwarning\033[0m" in out) is colored
    assert "repetition.word" in out


def test_a_package_without_its_built_in_rules_says_so(tmp_path):
    """A broken installation (the package without its rule packs) must not lint with no rule
    and report a clean article: it is an error, in one line."""
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    shutil.copytree(ROOT / "lint", tmp_path / "site" / "lint", ignore=shutil.ignore_patterns("__pycache__", "rules"))
    (tmp_path / "a.txt").write_text("The the plan.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "COPYDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "lint", "--no-cache", "a.txt"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr.startswith("copydesk: error: the built-in rules are missing (no folder ")
    assert done.stderr.endswith("rules): reinstall copydesk\n") and len(done.stderr.splitlines()) == 1
