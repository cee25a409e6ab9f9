"""--fix, --unsafe-fixes and --diff, run through the real command line on real files."""

from __future__ import annotations

import json
import os
import stat

import pytest
from hypothesis import given

from lint.engine import lint_document
from lint.fixes import Edit, apply, choose, fix_document, fixable
from lint.loaders import load
from lint.source import document_from_bytes
from tests.rule_examples import REGISTRY
from tests.test_properties import ALL_RULES, KNOWN, PROPERTY, RANDOM_TEXT, html_documents, markdown_documents

DOUBLED = "The minister said the the plan was final.\n"
# Safe: the repeat names the source as before and closes the sentence after a comma.
DUP_END = "According to Reuters, the talks failed, according to Reuters.\n"
# Unsafe: a repeat after a colon, removing it leaves the sentence broken.
DUP_COLON = "Conservative co-chairman Liam Fox said: Liam Fox said the figures were wrong.\n"


def test_fix_rewrites_the_file_and_reports_what_remains(copydesk, write, tmp_path):
    path = write("a.txt", DOUBLED + DUP_COLON)
    r = copydesk("--fix", "--output-format", "json", "a.txt", cwd=tmp_path)
    assert path.read_bytes() == (
        b"The minister said the plan was final.\n"
        b"Conservative co-chairman Liam Fox said: Liam Fox said the figures were wrong.\n"
    )
    remaining = json.loads(r.out)
    assert [(f["rule"], f["line"], f["column"]) for f in remaining] == [("attribution.duplicate", 2, 41)]
    assert "copydesk: fixed 1 finding in 1 file (1 remaining)" in r.err
    assert r.code == 1  # the unsafe one is still there


def test_a_clean_result_exits_0(copydesk, write, tmp_path):
    path = write("a.txt", DOUBLED + DUP_END)
    r = copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_text() == "The minister said the plan was final.\nAccording to Reuters, the talks failed.\n"
    assert r.code == 0, r
    assert r.out == "Checked 1 file, 0 findings.\n"
    assert "copydesk: fixed 2 findings in 1 file (0 remaining)" in r.err


def test_unsafe_fixes_apply_the_rest(copydesk, write, tmp_path):
    path = write("a.txt", DUP_COLON)
    assert copydesk("--fix", "a.txt", cwd=tmp_path).code == 1
    assert path.read_text() == DUP_COLON
    r = copydesk("--fix", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    assert path.read_text() == "Conservative co-chairman Liam Fox said:  the figures were wrong.\n"
    assert "fixed 1 finding in 1 file" in r.err


def test_unsafe_fixes_alone_is_a_usage_error(copydesk, write, tmp_path):
    path = write("a.txt", DOUBLED)
    r = copydesk("--unsafe-fixes", "a.txt", cwd=tmp_path)
    assert r.code == 2
    assert r.err == "copydesk: error: --unsafe-fixes goes with --fix or --diff\n"
    assert path.read_text() == DOUBLED


def test_crlf_line_endings_are_kept_byte_for_byte(copydesk, write, tmp_path):
    path = write("a.md", b"# Budget\r\n\r\nThe the council met.\r\nIt joined together with\r\nthe city.\r\n")
    copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_bytes() == b"# Budget\r\n\r\nThe council met.\r\nIt joined with\r\nthe city.\r\n"


def test_mixed_line_endings_only_change_inside_the_edits(copydesk, write, tmp_path):
    path = write("a.txt", b"First the the line.\r\nSecond line.\nThird the the line.\rstill third.\n")
    copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_bytes() == b"First the line.\r\nSecond line.\nThird the line.\rstill third.\n"


def test_a_doubled_word_across_a_crlf_break_is_fixed_whole(copydesk, write, tmp_path):
    path = write("a.txt", b"Talks will resume in\r\nin March, officials said.\r\n")
    copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_bytes() == b"Talks will resume in March, officials said.\r\n"


def test_a_utf8_bom_is_kept(copydesk, write, tmp_path):
    path = write("a.md", b"\xef\xbb\xbfCaf\xc3\xa9 owners said the the rent rose.\n")
    copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_bytes() == b"\xef\xbb\xbfCaf\xc3\xa9 owners said the rent rose.\n"


def test_no_bom_is_added(copydesk, write, tmp_path):
    path = write("a.md", "Café owners said the the rent rose.\n")
    copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_bytes() == "Café owners said the rent rose.\n".encode()


def test_markdown_inline_markup_next_to_a_fix(copydesk, write, tmp_path):
    """A fix whose span holds markup is skipped; one next to markup applies and keeps it."""
    source = ("It was **the the** best plan, a **totally** unique plan.\n\n"
              "Officials met in **in** Brussels. They *joined together* again.\n")
    path = write("a.md", source)
    r = copydesk("--fix", "--output-format", "json", "a.md", cwd=tmp_path)
    assert path.read_text() == ("It was **the** best plan, a **totally** unique plan.\n\n"
                                "Officials met in **in** Brussels. They *joined* again.\n")
    left = [(f["rule"], f["match"]) for f in json.loads(r.out)]
    assert left == [("redundancy.pleonasm", "totally** unique"), ("repetition.word", "in **in")]


def test_markup_inside_the_span_of_a_fix_is_never_touched(copydesk, write, tmp_path):
    source = "The [the](https://example.org) plan. Shares rose `x` <b>in</b> in May. A &amp; &amp; B.\n"
    path = write("a.md", source)
    r = copydesk("--fix", "--no-source", "a.md", cwd=tmp_path)
    assert path.read_text() == source
    assert r.out.splitlines()[:2] == ["a.md:1:1: warning repetition.word Remove the repeated 'the'.",
                                      "a.md:1:57: warning repetition.word Remove the repeated 'in'."]


def test_the_ampersand_of_an_entity_is_markup():

    doc, (finding,) = _doc_and_findings("<p>Fish &amp; the the chips.</p>", "html", ("repetition.word",))
    assert fixable(doc, finding, False)
    amp = doc.source.index("&")
    assert not fixable(doc, finding.replace(fix=(amp, amp + 1, "and")), False)
    assert not fixable(doc, finding.replace(fix=(amp + 2, amp + 2, "x")), False)  # inside "&amp;"


def test_html_fixes_keep_the_tags(copydesk, write, tmp_path):
    path = write("a.html", "<p>Shares rose <em>in</em> in early trading.</p>\n<p>The the board <b>met</b>.</p>\n")
    r = copydesk("--fix", "--output-format", "json", "a.html", cwd=tmp_path)
    assert path.read_text() == "<p>Shares rose <em>in</em> in early trading.</p>\n<p>The board <b>met</b>.</p>\n"
    assert [f["match"] for f in json.loads(r.out)] == ["in</em> in"]


def test_mode_bits_are_kept(copydesk, write, tmp_path):
    path = write("a.txt", DOUBLED)
    path.chmod(0o640)
    copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_text() == "The minister said the plan was final.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlink_stays_a_symlink(copydesk, write, tmp_path):
    target = write("real/a.txt", DOUBLED)
    (tmp_path / "link.txt").symlink_to(target)
    copydesk("--fix", "link.txt", cwd=tmp_path)
    assert (tmp_path / "link.txt").is_symlink()
    assert target.read_text() == "The minister said the plan was final.\n"


def test_no_temporary_file_is_left_behind(copydesk, write, tmp_path):
    write("a.txt", DOUBLED)
    copydesk("--fix", "a.txt", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_read_only_file_is_an_error_and_is_left_whole(copydesk, write, tmp_path):
    path = write("a.txt", DOUBLED)
    path.chmod(0o444)
    r = copydesk("--fix", "a.txt", cwd=tmp_path)
    assert r.code == 2
    assert "copydesk: a.txt: cannot write: the file is read-only; the file is unchanged\n" in r.err
    assert path.read_text() == DOUBLED
    assert "a.txt:1:19: warning repetition.word" in r.out  # the report shows what is still there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert "Traceback" not in r.err


def test_a_read_only_folder_is_an_error_and_the_file_is_left_whole(copydesk, write, tmp_path):
    path = write("ro/a.txt", DOUBLED)
    path.parent.chmod(0o555)
    try:
        r = copydesk("--fix", "ro/a.txt", cwd=tmp_path)
    finally:
        path.parent.chmod(0o755)
    if os.geteuid() == 0:  # root may write into a read-only folder: then the fix is applied
        assert r.code == 0 and path.read_text() == "The minister said the plan was final.\n"
    else:
        assert r.code == 2 and "ro/a.txt: cannot write: Permission denied" in r.err
        assert path.read_text() == DOUBLED


def test_a_second_fix_changes_nothing(copydesk, write, tmp_path):
    path = write("a.md", "# The the plan\n\nThey joined together in in May.\n\n"
                 "According to Reuters, the talks failed, according to Reuters.\n")
    first = copydesk("--fix", "a.md", cwd=tmp_path)
    fixed = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    second = copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_bytes() == fixed
    assert path.stat().st_mtime_ns == mtime  # not even rewritten
    assert "fixed 4 findings in 1 file (0 remaining)" in first.err
    assert "fixed 0 findings in 0 files (0 remaining)" in second.err
    assert copydesk("--diff", "a.md", cwd=tmp_path).code == 0


def test_overlapping_fixes_are_applied_over_several_passes(copydesk, write, tmp_path):
    """"join join together": the doubled word [0, 9) and the pleonasm [5, 18) overlap. The
    first in the text is applied, the text is linted again and the pleonasm fixed next."""
    path = write("a.txt", "They join join together today.\n")
    r = copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_text() == "They join today.\n"
    assert "fixed 2 findings in 1 file (0 remaining)" in r.err


def _doc_and_findings(text: str, fmt: str = "text", rules=("repetition.word", "redundancy.pleonasm")):
    doc = document_from_bytes(text.encode(), fmt)
    return doc, lint_document(doc, [REGISTRY.rules[r] for r in rules], "t", REGISTRY.ids)


def test_overlapping_edits_are_chosen_in_text_order_whatever_the_rule_order():
    text = "They join join together today.\n"
    for rules in (("repetition.word", "redundancy.pleonasm"), ("redundancy.pleonasm", "repetition.word")):
        doc, findings = _doc_and_findings(text, rules=rules)
        assert sorted(f.rule for f in findings) == ["redundancy.pleonasm", "repetition.word"]
        assert choose(doc, findings, unsafe=False) == [Edit(5, 14, "join")]
        assert choose(doc, list(reversed(findings)), unsafe=False) == [Edit(5, 14, "join")]


def test_apply_edits():
    assert apply("abcdef", [Edit(0, 1, "X"), Edit(2, 2, "-"), Edit(4, 6, "")]) == "Xb-cd"


def test_an_edit_over_an_entity_or_a_tag_is_not_fixable():
    doc, findings = _doc_and_findings("<p>The the plan, <i>in</i> in May.</p>", "html", ("repetition.word",))
    assert [(f.match, fixable(doc, f, True)) for f in findings] == [("The the", True), ("in</i> in", False)]


def test_diff_prints_the_unified_diff_and_writes_nothing(copydesk, write, tmp_path):
    source = "# Budget\n\nThe council met.\nThe the plan passed.\nIt was final.\n\nNothing else.\nThe end the the.\n"
    path = write("a.md", source)
    r = copydesk("--diff", "a.md", cwd=tmp_path)
    assert r.out == (
        "--- a.md\n"
        "+++ a.md\n"
        "@@ -1,8 +1,8 @@\n"
        " # Budget\n"
        " \n"
        " The council met.\n"
        "-The the plan passed.\n"
        "+The plan passed.\n"
        " It was final.\n"
        " \n"
        " Nothing else.\n"
        "-The end the the.\n"
        "+The end the.\n"
    )
    assert r.code == 1
    assert "copydesk: would fix 2 findings in 1 file (0 remaining)" in r.err
    assert path.read_text() == source


def test_diff_marks_a_last_line_without_a_line_ending(copydesk, write, tmp_path):
    write("a.txt", "The the end.")
    r = copydesk("--diff", "a.txt", cwd=tmp_path)
    assert r.out == ("--- a.txt\n+++ a.txt\n@@ -1 +1 @@\n-The the end.\n\\ No newline at end of file\n"
                     "+The end.\n\\ No newline at end of file\n")


def test_diff_shows_crlf_as_it_is_and_applies_with_patch(copydesk, write, tmp_path):
    import shutil
    import subprocess

    source = b"One line.\r\nThe the second.\r\n"
    path = write("a.txt", source)
    r = copydesk("--diff", "a.txt", cwd=tmp_path)
    assert r.out == "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n One line.\r\n-The the second.\r\n+The second.\r\n"
    if shutil.which("patch") is None:
        pytest.skip("no patch command")
    (tmp_path / "fix.diff").write_bytes(r.out.encode())
    subprocess.run(["patch", "-p0", "-s", "-i", "fix.diff"], cwd=tmp_path, check=True)
    assert path.read_bytes() == b"One line.\r\nThe second.\r\n"


def test_diff_with_nothing_to_fix_exits_0_even_with_findings(copydesk, write, tmp_path):
    write("a.txt", DUP_COLON)
    r = copydesk("--diff", "a.txt", cwd=tmp_path)
    assert (r.code, r.out) == (0, "")
    r = copydesk("--diff", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    assert r.code == 1 and "+Conservative co-chairman Liam Fox said:  the figures were wrong.\n" in r.out


def test_fix_reads_standard_input_and_writes_the_fixed_text_to_standard_output(copydesk, tmp_path):
    data = b"\xef\xbb\xbfThe the plan.\r\nIt joined together.\r\n"
    r = copydesk("--fix", "-", "--stdin-filename", "story.md", stdin=data, cwd=tmp_path)
    assert r.out.encode() == b"\xef\xbb\xbfThe plan.\r\nIt joined.\r\n"
    assert "Checked 1 file, 0 findings." in r.err
    assert r.code == 0


def test_fix_on_standard_input_passes_text_with_nothing_to_fix_through(copydesk, tmp_path):
    data = "Conservative co-chairman Liam Fox said: Liam Fox said the figures were wrong.\n"
    r = copydesk("--fix", "--output-format", "json", "-", stdin=data.encode(), cwd=tmp_path)
    assert r.out == data
    assert json.loads(r.err.split("\ncopydesk: ")[0])[0]["rule"] == "attribution.duplicate"
    assert r.code == 1


def test_a_file_with_undecodable_bytes_is_not_fixed(copydesk, write, tmp_path):
    data = b"The the plan cost \xa3300.\n"
    path = write("a.txt", data)
    r = copydesk("--fix", "a.txt", cwd=tmp_path)
    assert path.read_bytes() == data
    assert "copydesk: a.txt: left as it is: it holds bytes that are not UTF-8\n" in r.err
    assert "repetition.word" in r.out and "encoding.undecodable" in r.out


def test_fix_without_changes_does_not_rewrite_the_file(copydesk, write, tmp_path):
    path = write("a.txt", "The minister said the plan was final.\n")
    before = path.stat().st_mtime_ns
    r = copydesk("--fix", "a.txt", cwd=tmp_path)
    assert r.code == 0 and path.stat().st_mtime_ns == before


def test_fix_acts_on_a_whole_folder(copydesk, write, tmp_path):
    a = write("site/a.md", DOUBLED)
    b = write("site/sub/b.html", "<p>" + DOUBLED.strip() + "</p>\n")
    r = copydesk("--fix", "site", cwd=tmp_path)
    assert a.read_text() == "The minister said the plan was final.\n"
    assert b.read_text() == "<p>The minister said the plan was final.</p>\n"
    assert "fixed 2 findings in 2 files (0 remaining)" in r.err


def test_a_directive_keeps_a_fix_from_being_applied(copydesk, write, tmp_path):
    """A deliberate double, kept with a directive."""
    keep = "<!-- copydesk-disable-next-line repetition.word -->\nA typo such as the the is common.\n\n"
    path = write("a.md", keep + "The the end.\n")
    copydesk("--fix", "a.md", cwd=tmp_path)
    assert path.read_text() == keep + "The end.\n"


# --- Properties: any article the property tests generate ---------------------------------

# The rules whose fixes edit prose; suppression.unused's edits remove directive comments.
PROSE_RULES = [r for r in ALL_RULES if r.id != "suppression.unused"]


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def _check_fixing(data: bytes, fmt: str) -> None:
    """Each pass's edits hold no character the loader masked, every markup character of the
    article is still there, in order, and the loop settles: a second --fix finds nothing."""
    doc = document_from_bytes(data, fmt)
    if doc.decode_errors:
        return

    def relint(text):
        new = load(text, fmt)
        return new, lint_document(new, PROSE_RULES, "a", KNOWN)

    original, findings = relint(doc.source)
    current = original
    for _ in range(10):
        edits = choose(current, findings, unsafe=True)
        if not edits:
            break
        for e in edits:
            assert all(current.source[i] == current.aligned[i] for i in range(e.start, e.end)), (current.source, e)
        current, findings = relint(apply(current.source, edits))
    result = fix_document(original, relint(original.source)[1], relint, unsafe=True)
    assert result.settled and result.doc.source == current.source
    assert choose(result.doc, result.findings, unsafe=True) == []
    markup = "".join(c for c, m in zip(original.source, original.aligned, strict=True) if c != m)
    assert _is_subsequence(markup, result.doc.source)


@PROPERTY
@given(data=markdown_documents())
def test_fixing_any_markdown_settles_and_keeps_its_markup(data):
    _check_fixing(data, "markdown")


@PROPERTY
@given(data=html_documents())
def test_fixing_any_html_settles_and_keeps_its_markup(data):
    _check_fixing(data, "html")


@PROPERTY
@given(text=RANDOM_TEXT)
def test_fixing_any_text_settles(text):
    _check_fixing(text.encode("utf-8", "surrogatepass"), "text")


def test_diff_with_an_output_file_reports_the_file_as_it_is(copydesk, write, tmp_path):
    write("a.md", "The the plan.\n")
    r = copydesk("--diff", "--output-format", "json", "--output-file", "report.json", "a.md", cwd=tmp_path)
    assert r.code == 1 and r.out.startswith("--- a.md\n")
    assert [f["rule"] for f in json.loads((tmp_path / "report.json").read_text())] == ["repetition.word"]
