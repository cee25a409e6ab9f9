"""The stand-in for ``inspect`` that click imports (lint/inspect_on_demand.py): the same answers
as the real module, which a one-article run never imports."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from lint.inspect_on_demand import stand_in
from tests.conftest import ROOT, TEST_CACHE

_TEXT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\x0b", "\u3000", "é", "."]), max_size=40)


@given(st.one_of(_TEXT, st.text(max_size=40)))
def test_cleandoc_answers_as_the_real_one(text):
    assert stand_in().cleandoc(text) == inspect.cleandoc(text)


def test_help_texts_like_copydesks_are_returned_as_they_are():
    for text in ("Rules or packs to run instead of the defaults (comma-separated).", "", "a  "):
        assert stand_in().cleandoc(text) == inspect.cleandoc(text) == text


def test_any_other_attribute_is_the_real_modules():
    module = stand_in()
    assert module.signature is inspect.signature and module.Parameter is inspect.Parameter
    assert module.cleandoc is inspect.cleandoc  # the namespace is the real one from then on
    assert "getsource" in dir(stand_in())


def _python(code: str, *args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": TEST_CACHE}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=60)


def test_a_one_article_run_never_imports_inspect(write, tmp_path):
    """A plain-text article (markdown-it-py's dataclasses need inspect for a Markdown one)."""
    write("a.txt", "The the plan was ready.\n")
    done = _python("import atexit, runpy, sys\n"
                   "sys.argv = ['copydesk', '--no-cache', 'a.txt']\n"
                   "atexit.register(lambda: print('LOADED', [m for m in ('ast', 'dis', 'tokenize') if m in sys.modules],"
                   " type(sys.modules['inspect']).__name__, file=sys.stderr))\n"
                   "runpy.run_module('lint', run_name='__main__')\n", cwd=tmp_path)
    assert done.returncode == 1 and "repetition.word" in done.stdout
    assert "LOADED [] _OnDemand" in done.stderr, done.stderr


def test_once_needed_the_real_module_takes_over():
    done = _python("import sys\n"
                   "import lint.cli\n"
                   "import inspect\n"
                   "stand_in = inspect\n"
                   "assert type(stand_in).__name__ == '_OnDemand' and 'ast' not in sys.modules\n"
                   "assert inspect.cleandoc('  a\\n    b\\n  c') == 'a\\n  b\\nc'  # needs the real function\n"
                   "import inspect\n"
                   "assert type(inspect).__name__ == 'module' and inspect is not stand_in\n"
                   "assert stand_in.signature(len) == inspect.signature(len) and 'ast' in sys.modules\n"
                   "print('ok')\n")
    assert done.stdout == "ok\n", done.stderr
