"""suppression.unused: directives that switched nothing off, and their fix."""

from __future__ import annotations

import json

import pytest

from lint.engine import lint_document
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY

DEFAULT = ("repetition.word", "attribution.duplicate", "suppression.unknown-rule", "suppression.unused")


def lint(text: str, fmt: str = "markdown", rules=DEFAULT):
    doc = document_from_bytes(text.encode("utf-8"), fmt)
    return [(f.rule, f.line, f.column, f.message)
            for f in lint_document(doc, [REGISTRY.rules[r] for r in rules], "t", REGISTRY.ids)]


def unused(text: str, fmt: str = "markdown", rules=DEFAULT):
    return [(line, col, msg) for rule, line, col, msg in lint(text, fmt, rules) if rule == "suppression.unused"]


def test_a_next_line_directive_above_a_clean_line_is_reported_at_the_directive():
    text = "Intro.\n\n<!-- copydesk-disable-next-line repetition.word -->\nThe plan is final.\n"
    assert lint(text) == [("suppression.unused", 3, 1,
                           "Remove this directive: it suppressed no 'repetition.word' finding.")]


def test_a_used_directive_is_not_reported():
    assert lint("<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\n") == []


def test_only_the_rules_that_suppressed_nothing_are_named():
    text = "<!-- copydesk-disable-next-line attribution.duplicate, repetition.word -->\nThe the plan.\n"
    assert unused(text) == [(1, 1, "Remove 'attribution.duplicate' from this directive: it suppressed no such finding.")]


def test_a_pack_name_is_used_by_any_rule_of_the_pack():
    assert unused("<!-- copydesk-disable-next-line repetition -->\nThe the plan.\n") == []
    assert unused("<!-- copydesk-disable-next-line repetition -->\nThe plan.\n") == [
        (1, 1, "Remove this directive: it suppressed no 'repetition' finding.")]


def test_a_rule_that_did_not_run_is_not_judged():
    text = "<!-- copydesk-disable-next-line attribution.duplicate -->\nThe plan.\n"
    assert unused(text, rules=("repetition.word", "suppression.unused")) == []
    assert unused(text) == [(1, 1, "Remove this directive: it suppressed no 'attribution.duplicate' finding.")]


def test_a_pack_none_of_whose_rules_ran_is_not_judged():
    text = "<!-- copydesk-disable-file readability -->\nThe plan.\n"
    assert unused(text) == []


def test_an_unknown_rule_is_left_to_the_unknown_rule_check():
    text = "<!-- copydesk-disable-next-line repetition.wrod -->\nThe the plan.\n"
    assert [r for r, *_ in lint(text)] == ["suppression.unknown-rule", "repetition.word"]


def test_a_directive_without_rules_is_judged_against_every_rule_that_ran():
    assert unused("<!-- copydesk-disable-next-line -->\nThe plan.\n") == [
        (1, 1, "Remove this directive: it suppressed no finding.")]
    assert unused("<!-- copydesk-disable-next-line -->\nThe the plan.\n") == []


def test_disable_file_and_regions_and_an_enable_that_closes_nothing():
    text = ("<!-- copydesk-disable-file attribution.duplicate -->\n\n"
            "<!-- copydesk-disable repetition.word -->\n\nThe plan.\n\n<!-- copydesk-enable repetition.word -->\n\n"
            "<!-- copydesk-enable -->\n\nThe end.\n")
    assert unused(text) == [
        (1, 1, "Remove this directive: it suppressed no 'attribution.duplicate' finding."),
        (3, 1, "Remove this directive: it suppressed no 'repetition.word' finding."),
        (9, 1, "Remove this 'copydesk-enable': it closes no 'copydesk-disable'."),
    ]


def test_a_finding_under_two_directives_uses_both():
    text = ("<!-- copydesk-disable-file repetition.word -->\n\n"
            "<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\n")
    assert unused(text) == []


def test_no_directive_can_hide_the_report():
    text = ("<!-- copydesk-disable-file -->\n\n<!-- copydesk-disable-file suppression -->\n\n"
            "<!-- copydesk-disable-next-line repetition.word -->\nThe plan.\n")
    assert unused(text) == [
        (1, 1, "Remove this directive: it suppressed no finding."),
        (3, 1, "Remove this directive: it suppressed no 'suppression' finding."),
        (5, 1, "Remove this directive: it suppressed no 'repetition.word' finding."),
    ]


def test_html_and_plain_text_directives():
    assert unused("<p>The plan.</p>\n<!-- copydesk-disable-file repetition.word -->\n", "html") == [
        (2, 1, "Remove this directive: it suppressed no 'repetition.word' finding.")]
    assert unused("copydesk-disable-file repetition.word\nThe plan.\n", "text") == [
        (1, 1, "Remove this directive: it suppressed no 'repetition.word' finding.")]
    assert unused("copydesk-disable-file repetition.word\nThe the plan.\n", "text") == []


def test_reported_by_default_and_switched_off_in_the_configuration(copydesk, write, tmp_path):
    write("a.md", "<!-- copydesk-disable-next-line repetition.word -->\nThe plan.\n")
    r = copydesk("--no-source", "a.md", cwd=tmp_path)
    assert r.code == 1
    assert r.out.splitlines()[0] == ("a.md:1:1: warning suppression.unused Remove this directive: "
                                     "it suppressed no 'repetition.word' finding.")
    write(".copydesk.toml", 'ignore = ["suppression.unused"]\n')
    assert copydesk("a.md", cwd=tmp_path).code == 0


def test_selecting_other_rules_on_the_command_line_reports_no_unused_directive(copydesk, write, tmp_path):
    write("a.md", "<!-- copydesk-disable-next-line repetition.word -->\nThe plan.\n")
    assert copydesk("--select", "attribution", "a.md", cwd=tmp_path).code == 0
    r = copydesk("--select", "attribution,suppression", "--output-format", "json", "a.md", cwd=tmp_path)
    assert r.code == 0 and json.loads(r.out) == []  # repetition.word did not run: not judged


@pytest.mark.parametrize("source, fixed", [
    # alone on its line, a blank line next to it: the line goes
    ("Intro.\n\n<!-- copydesk-disable-next-line repetition.word -->\nThe plan.\n", "Intro.\n\nThe plan.\n"),
    ("<!-- copydesk-disable-file repetition.word -->\n\nThe plan.\n", "\nThe plan.\n"),
    ("The plan.\n\n<!-- copydesk-disable-file repetition.word -->", "The plan.\n"),
    ("The plan.\r\n\r\n<!-- copydesk-disable-file repetition.word -->", "The plan.\r\n"),
    # between two lines of text: the line stays, empty, so the paragraphs stay apart
    ("One.\n<!-- copydesk-disable-next-line repetition.word -->\nThe plan.\n", "One.\n\nThe plan.\n"),
    # inside a line of text: the comment goes with the space after it
    ("The <!-- copydesk-disable-next-line repetition.word --> plan.\nIs set.\n", "The plan.\nIs set.\n"),
    # only the unused rules go
    ("<!-- copydesk-disable-next-line attribution.duplicate, repetition.word -->\nThe the plan.\n",
     "<!-- copydesk-disable-next-line repetition.word -->\nThe the plan.\n"),
    # a region: the disable goes, then the enable that no longer closes anything
    ("Intro.\n\n<!-- copydesk-disable repetition.word -->\nThe plan.\n<!-- copydesk-enable repetition.word -->\n\nEnd.\n",
     "Intro.\n\nThe plan.\n\nEnd.\n"),
])
def test_fix_removes_what_is_unused(copydesk, write, tmp_path, source, fixed):
    path = write("a.md", source)
    r = copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_bytes() == fixed.encode(), r
    assert r.code == 0, r


def test_an_indented_directive_between_lines_is_an_unsafe_fix(copydesk, write, tmp_path):
    """In a list item an empty line would make the list loose: left to --unsafe-fixes."""
    source = "- One.\n  <!-- copydesk-disable-next-line repetition.word -->\n- The plan.\n"
    path = write("a.md", source)
    copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_text() == source
    copydesk("--fix", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert path.read_text() == "- One.\n\n- The plan.\n"


def test_plain_text_directive_is_removed_by_the_fix(copydesk, write, tmp_path):
    path = write("a.txt", "copydesk-disable-file repetition.word\n\nThe plan.\n")
    copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_text() == "\nThe plan.\n"
