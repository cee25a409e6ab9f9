"""Grammar through LanguageTool: annotation and offsets, the CLI end to end against a local
stand-in server (tests/languagetool_fake.py, recorded answers), and every way it can fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lint.grammar.annotate import annotate, chunk_ranges
from lint.source import document_from_bytes
from tests.conftest import ROOT, TEST_CACHE, run_copydesk
from tests.languagetool_fake import FakeLanguageTool

needs_ltp = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("language_tool_python") is None,
    reason="language-tool-python is not installed (pip install -e '.[test]')")


def _doc(text: str, fmt: str = "text"):
    return document_from_bytes(text.encode("utf-8"), fmt)


def _joined(parts):
    return "".join(p.get("text", p.get("markup", "")) for p in parts)


def _plain(parts):
    return "".join(p.get("text", p.get("interpretAs", "")) for p in parts)


# --- annotation: what LanguageTool sees, and offsets back -------------------------------------

@pytest.mark.parametrize("text, fmt, plain", [
    ("This is **bold**, and [a link](http://x.com) with `code x` here.", "markdown",
     "This is bold, and a link with here."),
    ("<p>One <b>two</b>, AT&amp;T caf&eacute;.</p><p>Three<br>four</p>", "html",
     "One two, AT&T café.\n\nThree four"),
    ("---\ntitle: Vote\n---\n\n# Budget\n\nText.\n", "markdown", " Vote\n\n Budget\n\nText.\n"),
    ("A <!-- copydesk-disable repetition.word --> b.", "markdown", "A b."),
])
def test_markup_never_reaches_languagetool(text, fmt, plain):
    parts = annotate(_doc(text, fmt)).parts
    assert _joined(parts) == text  # the parts are the source, cut in pieces
    assert _plain(parts) == plain


def test_offsets_map_back_through_characters_outside_the_bmp():
    text = "🎉 a 😀😀 teh 𝔘 teh"
    ann = annotate(_doc(text))
    units = text.encode("utf-16-le")
    for i, ch in enumerate(text):
        utf16 = len(text[:i].encode("utf-16-le")) // 2
        assert ann.to_source(utf16) == i, (i, ch)
    assert ann.to_source(len(units) // 2) == len(text)


def test_chunks_are_cut_between_blocks_under_the_limit():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 20 for i in range(30))
    doc = _doc(text)
    ranges = chunk_ranges(doc, 500)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(ranges, ranges[1:]))
    assert all(e - s <= 500 for s, e in ranges) and len(ranges) > 3
    assert all(text[s - 2 : s] == "\n\n" for s, _ in ranges[1:])


# --- the command line against the stand-in server ---------------------------------------------

@pytest.fixture
def fake():
    with FakeLanguageTool() as server:
        yield server


def _env(**extra):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": TEST_CACHE}
    env.pop("COPYDESK_LANGUAGETOOL_URL", None)
    env.update(extra)
    return env


def _json(result):
    return [(f["path"], f["rule"], f["level"], f["line"], f["column"], f["match"]) for f in json.loads(result.out)]


@needs_ltp
def test_findings_with_exact_positions_end_to_end(fake, write, tmp_path):
    write("a.md", "This is **a** apple.")
    write("b.txt", "🎉 The mayor opend the fair.")
    write("c.html", "<p>This is <b>a</b> apple.</p>")
    r = run_copydesk("check", "--no-cache", "--grammar", "--languagetool-url", fake.url, "--output-format", "json",
                     "a.md", "b.txt", "c.html", cwd=tmp_path, env=_env())
    assert r.code == 1, r
    assert _json(r) == [
        ("a.md", "grammar.en-a-vs-an", "warning", 1, 11, "a"),
        ("b.txt", "grammar.morfologik-rule-en-us", "warning", 1, 13, "opend"),
        ("c.html", "grammar.en-a-vs-an", "warning", 1, 15, "a"),
    ]
    first = json.loads(r.out)[1]
    assert first["message"] == "Possible spelling mistake found. Suggestions: 'opened', 'opens', 'open'."
    assert first["replacement"] == "opened"
    assert r.err == ""
    assert all("data" in q and "text" not in q and q["language"] == "en-US" for q in fake.requests)


@needs_ltp
def test_levels_follow_the_issue_type(fake, write, tmp_path):
    write("a.txt", "this plan is very unique. Their going to vote.")
    r = run_copydesk("check", "--no-cache", "--grammar", "--output-format", "json", "a.txt", cwd=tmp_path,
                     env=_env(COPYDESK_LANGUAGETOOL_URL=fake.url))
    assert _json(r) == [
        ("a.txt", "grammar.uppercase-sentence-start", "suggestion", 1, 1, "this"),
        ("a.txt", "grammar.very-unique", "suggestion", 1, 14, "very unique"),
        ("a.txt", "grammar.confusion-rule", "warning", 1, 27, "Their"),  # uncategorized: the rule's level
    ]


@needs_ltp
def test_grammar_is_off_by_default_and_on_with_select(fake, write, tmp_path):
    write("a.txt", "This is a apple.")
    env = _env(COPYDESK_LANGUAGETOOL_URL=fake.url)
    assert run_copydesk("check", "--no-cache", "a.txt", cwd=tmp_path, env=env).code == 0
    assert fake.requests == []
    write(".copydesk.toml", 'select = ["grammar"]\n')
    r = run_copydesk("check", "--no-cache", "--output-format", "json", "a.txt", cwd=tmp_path, env=env)
    assert _json(r) == [("a.txt", "grammar.en-a-vs-an", "warning", 1, 9, "a")]


@needs_ltp
def test_ids_can_be_ignored_selected_and_named_in_directives(fake, write, tmp_path):
    write("a.txt", "this plan is very unique. Their going to vote.")
    env = _env(COPYDESK_LANGUAGETOOL_URL=fake.url)
    write(".copydesk.toml", 'extend-select = ["grammar"]\nignore = ["grammar.very-unique"]\n')
    r = run_copydesk("check", "--no-cache", "--output-format", "json", "--ignore", "grammar.confusion-rule",
                     "a.txt", cwd=tmp_path, env=env)
    assert [f[1] for f in _json(r)] == ["grammar.uppercase-sentence-start"]
    write(".copydesk.toml", "")
    r = run_copydesk("check", "--no-cache", "--output-format", "json", "--select", "grammar.very-unique",
                     "a.txt", cwd=tmp_path, env=env)
    assert [f[1] for f in _json(r)] == ["grammar.very-unique"]
    write("b.md", "<!-- copydesk-disable-next-line grammar.en-a-vs-an -->\nThis is **a** apple.\n")
    fake.typo = "never"  # this annotation has no recording: nothing to report
    r = run_copydesk("check", "--no-cache", "--grammar", "--output-format", "json", "--select",
                     "grammar,suppression", "b.md", cwd=tmp_path, env=env)
    assert r.code == 0 and _json(r) == [], r
    r = run_copydesk("check", "--no-cache", "--select", "grammar.no-such-check,suppression", "b.md",
                     cwd=tmp_path, env=env)
    assert "unknown rule" not in r.out + r.err


def test_an_unknown_rule_in_another_pack_is_still_reported(write, tmp_path):
    write("b.md", "<!-- copydesk-disable-next-line repetition.wrod -->\nText.\n")
    r = run_copydesk("check", "--no-cache", "b.md", cwd=tmp_path, env=_env())
    assert "suppression.unknown-rule" in r.out
    r = run_copydesk("check", "--no-cache", "--ignore", "repetition.wrod", "b.md", cwd=tmp_path, env=_env())
    assert r.code == 2 and "unknown rule or pack 'repetition.wrod'" in r.err


@needs_ltp
def test_quotes_vocabulary_and_other_rules_exceptions_are_not_misspellings(fake, write, tmp_path):
    write("names.txt", "# newsroom names\nNgozi Okonjo-Iweala\n")
    write(".copydesk.toml", 'vocabulary = "names.txt"\nrules-path = ["packs"]\n')
    write("packs/house/holy-sites.yaml", """kind: existence
level: suggestion
scope: sentence
message: "Check the name of '{match}'."
description: "## What it does\\nA test rule.\\n## Why is this bad?\\nIt is not."
tokens: [Lavra]
exceptions: [Kyiv Pechersk Lavra]
""")
    write("q.txt", "\"It was a disastor,\" she said.")
    write("v.txt", "Okonjo-Iweala met Mr Adeyemi and Ms Okonjo-Iweala’s aide.")
    write("e.txt", "Pilgrims visit the Kyiv Pechersk Lavra and the Pechersk hills.")
    r = run_copydesk("check", "--no-cache", "--grammar", "--extend-select", "house", "--output-format", "json",
                     "q.txt", "v.txt", "e.txt", cwd=tmp_path, env=_env(COPYDESK_LANGUAGETOOL_URL=fake.url))
    assert _json(r) == [
        ("v.txt", "grammar.morfologik-rule-en-us", "warning", 1, 22, "Adeyemi"),
        ("e.txt", "grammar.morfologik-rule-en-us", "warning", 1, 48, "Pechersk"),
    ], r


# --- when the server cannot help: one notice, the other rules still run -----------------------

def _closed_port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@needs_ltp
def test_unreachable_server_one_notice_other_rules_run(write, tmp_path):
    write("a.md", "The the plan.\n")
    write("b.md", "A clean line.\n")
    write("c.md", "Another clean line.\n")
    url = _closed_port()
    for jobs in ("1", "2"):
        r = run_copydesk("check", "--no-cache", "-j", jobs, "--grammar", "a.md", "b.md", "c.md", cwd=tmp_path,
                         env=_env(COPYDESK_LANGUAGETOOL_URL=url))
        assert r.code == 1, r  # the other finding decides
        assert "repetition.word" in r.out
        notices = [line for line in r.err.splitlines() if "LanguageTool" in line]
        assert notices == [f"copydesk: LanguageTool at {url} (from COPYDESK_LANGUAGETOOL_URL) cannot be reached "
                           "(connection refused); grammar checks skipped, other rules ran. Start the server or set "
                           "languagetool-url in .copydesk.toml or COPYDESK_LANGUAGETOOL_URL to a running LanguageTool "
                           "server, or run 'copydesk grammar setup' to install one"], r.err
        assert "Traceback" not in r.err
    r = run_copydesk("check", "--no-cache", "--grammar", "b.md", cwd=tmp_path, env=_env(COPYDESK_LANGUAGETOOL_URL=url))
    assert r.code == 0
    r = run_copydesk("check", "--no-cache", "--require-grammar", "b.md", cwd=tmp_path,
                     env=_env(COPYDESK_LANGUAGETOOL_URL=url))
    assert r.code == 2 and "cannot be reached" in r.err


@needs_ltp
def test_no_server_and_nothing_installed_never_downloads(write, tmp_path):
    write("a.md", "Text.\n")
    ltp = tmp_path / "ltp"
    ltp.mkdir()
    r = run_copydesk("check", "--no-cache", "--grammar", "a.md", cwd=tmp_path, env=_env(LTP_PATH=str(ltp)))
    assert r.code == 0
    assert r.err.splitlines() == [
        "copydesk: grammar is on but no LanguageTool server is set and none is installed: set languagetool-url "
        "in .copydesk.toml or COPYDESK_LANGUAGETOOL_URL to a running LanguageTool server, or run 'copydesk "
        "grammar setup' to install one; grammar checks skipped, other rules ran"]
    assert list(ltp.iterdir()) == []  # nothing fetched


@needs_ltp
@pytest.mark.parametrize("mode, says", [
    ("slow", "did not answer within 0.5 s; this file's grammar findings are missing (raise [grammar] timeout)"),
    ("error", "answered HTTP 503 (Error: Server overloaded, please try again later); this file's grammar findings are missing"),
    ("malformed", "sent an answer copydesk cannot read; this file's grammar findings are missing"),
    ("shapeless", "sent an answer copydesk cannot read; this file's grammar findings are missing"),
])
def test_slow_failing_or_garbled_answers_are_a_notice_per_file(fake, write, tmp_path, mode, says):
    fake.mode, fake.delay = mode, 2.0 if mode == "slow" else 0.0
    write(".copydesk.toml", f'languagetool-url = "{fake.url}"\n[grammar]\ntimeout = 0.5\n')
    write("a.txt", "The the plan.")
    r = run_copydesk("check", "--grammar", "--cache-dir", str(tmp_path / "cache"), "a.txt", cwd=tmp_path, env=_env())
    assert r.code == 1 and "repetition.word" in r.out, r
    assert f"copydesk: a.txt: LanguageTool at {fake.url} (from languagetool-url) {says}" in r.err.splitlines(), r.err
    assert "Traceback" not in r.err
    # nothing remembered: the next run asks again, and succeeds
    fake.mode, fake.delay, fake.typo = "ok", 0.0, "plan"
    r = run_copydesk("check", "--grammar", "--cache-dir", str(tmp_path / "cache"), "--output-format", "json",
                     "a.txt", cwd=tmp_path, env=_env())
    assert ("a.txt", "grammar.morfologik-rule-en-us", "warning", 1, 9, "plan") in _json(r)


@needs_ltp
def test_unchanged_text_is_not_sent_again_unless_no_cache(fake, write, tmp_path):
    fake.typo = "teh"
    write("a.md", "Read teh *report*.\n")
    env = _env(COPYDESK_LANGUAGETOOL_URL=fake.url)
    cache = str(tmp_path / "cache")
    args = ("check", "--grammar", "--cache-dir", cache, "--output-format", "json")
    first = run_copydesk(*args, "a.md", cwd=tmp_path, env=env)
    assert _json(first) == [("a.md", "grammar.morfologik-rule-en-us", "warning", 1, 6, "teh")]
    assert len(fake.requests) == 1
    write("b.md", "Read teh *report*.\n")  # same text, another file: the answer is remembered
    assert _json(run_copydesk(*args, "b.md", cwd=tmp_path, env=env))[0][1:] == first_rule(first)
    assert len(fake.requests) == 1
    run_copydesk("check", "--grammar", "--no-cache", "b.md", cwd=tmp_path, env=env)
    assert len(fake.requests) == 2


def first_rule(result):
    return _json(result)[0][1:]


@needs_ltp
def test_many_files_bounded_requests_in_flight(fake, write, tmp_path):
    fake.typo, fake.delay = "teh", 0.2
    names = []
    for i in range(8):
        names.append(write(f"a{i}.txt", f"Article {i}: teh plan.").name)
    write(".copydesk.toml", "[grammar]\nmax-requests = 2\n")
    r = run_copydesk("check", "--no-cache", "-j", "4", "--grammar", "--output-format", "json", *names,
                     cwd=tmp_path, env=_env(COPYDESK_LANGUAGETOOL_URL=fake.url, COPYDESK_CACHE_DIR=str(tmp_path / "c")))
    assert [(f[0], f[4]) for f in _json(r)] == [(n, 12) for n in names], r
    assert len(fake.requests) == 8
    assert fake.max_in_flight <= 2


@needs_ltp
def test_a_long_document_goes_in_chunks_with_exact_positions(fake, write, tmp_path):
    fake.typo = "teh"
    paras = [f"Paragraph {i} 😀 has teh **word** " + "filler " * 30 for i in range(12)]
    write("long.md", "\n\n".join(paras) + "\n")
    write(".copydesk.toml", "[grammar]\nmax-chars = 600\n")
    r = run_copydesk("check", "--no-cache", "--select", "grammar", "--output-format", "json", "long.md",
                     cwd=tmp_path, env=_env(COPYDESK_LANGUAGETOOL_URL=fake.url))
    # "Paragraph 0 😀 has teh": the emoji is one column, two UTF-16 units
    assert [(f[3], f[4], f[5]) for f in _json(r)] == [(1 + 2 * i, 19 if i < 10 else 20, "teh") for i in range(12)]
    assert len(fake.requests) > 1


# --- settings --------------------------------------------------------------------------------

@pytest.mark.parametrize("toml, says", [
    ("[grammar]\ntimout = 3\n", "key 'grammar.timout' is not a grammar setting"),
    ("[grammar]\ntimeout = 0\n", "key 'grammar.timeout' must be a number of seconds above 0"),
    ("[grammar]\nmax-requests = true\n", "key 'grammar.max-requests' must be a whole number above 0"),
    ("languagetool-url = 3\n", "key 'languagetool-url' must be a URL string"),
    ('vocabulary = "missing.txt"\nselect = ["grammar"]\n', "vocabulary file"),
])
def test_bad_grammar_settings_are_one_line_errors(write, tmp_path, toml, says):
    write(".copydesk.toml", toml)
    write("a.txt", "Text.")
    r = run_copydesk("check", "--no-cache", "a.txt", cwd=tmp_path, env=_env())
    assert r.code == 2 and says in r.err and len(r.err.splitlines()) == 1, r


def test_a_plain_run_imports_neither_languagetool_nor_requests(write, tmp_path):
    write("a.md", "The the plan.\n")
    code = ("import atexit, sys, runpy; sys.argv = ['copydesk', 'check', '--no-cache', 'a.md']\n"
            "names = ('language_tool_python', 'requests', 'lint.grammar.client', 'lint.grammar.settings')\n"
            "atexit.register(lambda: print('IMPORTED', [m for m in names if m in sys.modules], file=sys.stderr))\n"
            "runpy.run_module('lint', run_name='__main__')\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert "IMPORTED []" in proc.stderr, proc.stderr


# --- copydesk grammar setup ----------------------------------------------------------------------

@needs_ltp
def test_setup_says_the_size_and_asks_first(fake, tmp_path):
    env = _env(LTP_PATH=str(tmp_path / "ltp"), LTP_DOWNLOAD_HOST_NEW_RELEASES=fake.url + "/{version}/")
    r = run_copydesk("grammar", "setup", cwd=tmp_path, env=env, stdin=b"n\n")
    assert r.code == 1, r
    assert "262 MB from " + fake.url in r.out and "Download it now?" in r.out and "Nothing was downloaded." in r.out
    assert [p for p in (tmp_path / "ltp").iterdir()] == []


@needs_ltp
def test_setup_failure_is_one_line(fake, tmp_path):
    env = _env(LTP_PATH=str(tmp_path / "ltp"), LTP_DOWNLOAD_HOST_NEW_RELEASES=fake.url + "/{version}/",
               PATH="/nonexistent")  # no Java, and the archive is not there either
    r = run_copydesk("grammar", "setup", "--yes", cwd=tmp_path, env=env)
    assert r.code == 2 and r.err.startswith("copydesk: error: LanguageTool was not installed:"), r
    assert len(r.err.splitlines()) == 1


@needs_ltp
def test_setup_knows_an_installed_version(tmp_path):
    (tmp_path / "ltp" / "LanguageTool-6.8").mkdir(parents=True)
    (tmp_path / "ltp" / "LanguageTool-6.8" / "languagetool-server.jar").write_bytes(b"")
    r = run_copydesk("grammar", "setup", "--lt-version", "6.8", cwd=tmp_path, env=_env(LTP_PATH=str(tmp_path / "ltp")))
    assert r.code == 0 and "LanguageTool 6.8 is already installed" in r.out, r


# --- a real LanguageTool server, when there is one -------------------------------------------

@pytest.mark.skipif(not os.environ.get("COPYDESK_LANGUAGETOOL_URL"),
                    reason="no real LanguageTool server: set COPYDESK_LANGUAGETOOL_URL (e.g. to the "
                           "erikvl87/languagetool Docker image on http://localhost:8010) to run it")
@needs_ltp
def test_against_a_real_languagetool_server(write, tmp_path):
    write("a.md", "---\ntitle: Test\n---\n\n🎉 This is **a** apple, and *teh* mayor opend the fair.\n")
    r = run_copydesk("check", "--no-cache", "--grammar", "--output-format", "json", "a.md", cwd=tmp_path,
                     env={**_env(), "COPYDESK_LANGUAGETOOL_URL": os.environ["COPYDESK_LANGUAGETOOL_URL"]})
    found = {(f[1], f[3], f[4], f[5]) for f in _json(r)}
    assert ("grammar.en-a-vs-an", 5, 14, "a") in found, r
    assert ("grammar.morfologik-rule-en-us", 5, 37, "opend") in found, r
    assert r.err == ""
