"""Compiled patterns remembered between processes (lint/regexes.py) behave as re.compile's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lint import regexes

ROOT = Path(__file__).resolve().parents[1]
_REAL_SAVE = regexes._save

PATTERNS = [
    (r"(?<![\w'’-])([^\W\d_]+)(\s+)(\1)(?![\w'’-])", 0),
    (r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})", 0),
    (r"""according \s+ to   # a credit
         \s+ (?P<source>[A-Z]\w+)""", re.VERBOSE),
    (r"^ukraine's\b", re.IGNORECASE | re.MULTILINE),
    (r"[.!?…]+[\"'”’»)\]]*(?=\s)", 0),
]
TEXT = ("According to Reuters, the the plan of 2020-11 was, according to Reuters, dead. "
        "Ukraine's recognition of Ukraine's role!\nukraine's \"end.\" ")


@pytest.fixture
def fresh_table(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "_dirty", False)
    monkeypatch.setattr(regexes, "_used", set())
    monkeypatch.setattr(regexes, "_save", lambda: None)  # no atexit writes from the test process
    return tmp_path


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_built_from_its_remembered_program_matches_like_re_compile(fresh_table, pattern, flags):
    first = regexes.compiled(pattern, flags)  # compiled by re, program remembered
    assert (pattern, int(flags)) in regexes._table
    again = regexes.compiled(pattern, flags)  # built by _sre from the program
    reference = re.compile(pattern, flags)
    for p in (first, again):
        assert p.flags == reference.flags and p.groupindex == reference.groupindex
        assert [(m.span(), m.groups()) for m in p.finditer(TEXT)] == \
            [(m.span(), m.groups()) for m in reference.finditer(TEXT)]


def test_a_damaged_entry_is_compiled_afresh(fresh_table):
    regexes._load()[(r"\bthe\b", 0)] = (0, [1, 2, 3], 0, {}, (None,))
    assert [m.start() for m in regexes.compiled(r"\bthe\b").finditer("the cat the")] == [0, 8]


def test_an_overgrown_table_keeps_only_what_the_process_used(fresh_table, monkeypatch):
    monkeypatch.setattr(regexes, "_MAX_ENTRIES", 3)
    for i in range(5):
        regexes._load()[(f"stale{i}", 0)] = regexes._program(f"stale{i}", 0)
    regexes.compiled(r"\bfresh\b")
    _REAL_SAVE()
    monkeypatch.setattr(regexes, "_table", None)
    assert list(regexes._load()) == [(r"\bfresh\b", 0)]


def test_a_table_of_another_python_build_is_not_read(fresh_table, monkeypatch):
    regexes.compiled(r"\bfresh\b")
    _REAL_SAVE()
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "_BUILD", "another build")
    assert regexes._load() == {}


def test_a_bad_pattern_still_raises_re_error(fresh_table):
    with pytest.raises(re.error):
        regexes.compiled("(unclosed")


@pytest.mark.skipif(not hasattr(re, "_compiler"), reason="re._compiler is Python 3.11+")
def test_the_next_process_compiles_nothing_in_python(tmp_path):
    """One process writes the table at exit; the next builds every pattern from it without
    running re's Python compiler."""
    env = {**os.environ, "COPYDESK_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    lint_one = "from lint.cli import main\nimport sys\nsys.argv = ['copydesk', '--no-cache', sys.argv[1]]\n"
    article = tmp_path / "a.txt"
    article.write_text("According to Reuters, the plan was absolutely essential, according to Reuters.\n")
    subprocess.run([sys.executable, "-c", lint_one + "main()", str(article)], env=env, capture_output=True)
    assert any(p.name.startswith("regexes-") for p in tmp_path.iterdir())
    probe = lint_one + textwrap.dedent("""
        import re._compiler
        calls = []
        real = re._compiler.compile

        def spy(pattern, flags=0):  # count the patterns of copydesk's own modules only
            frame = sys._getframe(1)
            while frame.f_code.co_filename.endswith(("re/__init__.py", "regexes.py")):
                frame = frame.f_back
            if "/lint/" in frame.f_code.co_filename:
                calls.append(pattern)
            return real(pattern, flags)

        re._compiler.compile = spy
        try:
            main()
        except SystemExit as exit:
            print(exit.code, len(calls), calls)
    """)
    out = subprocess.run([sys.executable, "-c", probe, str(article)], env=env, capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "1 0 []", out.stdout + out.stderr  # findings; no compile
