"""A run whose every file comes from the result cache writes the report kept from the last such
run (lint/result_replay.py): byte for byte what it would have written, and never when anything
the report follows from changed."""

from __future__ import annotations

import os
import subprocess
import sys

from lint.runner import REPLAY_FILES
from tests.conftest import ROOT
from tests.test_speed_features import copy_fixtures


def many_articles(tmp_path):
    """The fixtures and enough short articles besides for a run that keeps its report."""
    articles = copy_fixtures(tmp_path)
    for n in range(REPLAY_FILES):
        (articles / "briefs" / f"{n:03}.txt").parent.mkdir(exist_ok=True)
        (articles / "briefs" / f"{n:03}.txt").write_text(
            f"Brief {n}\n\nThe council met on day {n}." + (" The the budget passed." if n % 7 == 0 else "") + "\n")
    return articles

# Runs copydesk and says on stderr how many files' findings were decoded from the cache.
_PROBE = (
    "import sys, runpy\n"
    "from lint import result_cache\n"
    "decoded = []\n"
    "original = result_cache.ResultCache.decode\n"
    "def decode(self, *args):\n"
    "    decoded.append(1)\n"
    "    return original(self, *args)\n"
    "result_cache.ResultCache.decode = decode\n"
    "sys.argv = ['copydesk', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('lint', run_name='__main__')\nexcept SystemExit as exit:\n    code = exit.code\n"
    "print('DECODED', len(decoded), 'EXIT', code, file=sys.stderr)\n"
)


def _probe(tmp_path, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": str(tmp_path / "user-cache")}
    r = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=tmp_path, env=env, capture_output=True, text=True)
    tail = r.stderr.rsplit("DECODED ", 1)[1].split()
    return r.stdout, r.stderr.rsplit("DECODED ", 1)[0], int(tail[0]), tail[2]


def test_an_unchanged_run_writes_the_kept_report_and_decodes_nothing(tmp_path):
    many_articles(tmp_path)
    for args in (["articles"], ["--output-format", "json", "articles"], ["--no-source", "articles"],
                 ["--output-format", "jsonl", "articles"], ["--output-format", "json", "--output-file", "r.json",
                                                              "articles"]):
        cache = ["--cache-dir", "cache-" + "-".join(a.strip("-") for a in args[:-1])]
        cold = _probe(tmp_path, "--no-cache", *args)
        report = (tmp_path / "r.json").read_text() if "r.json" in args else None
        first = _probe(tmp_path, *cache, *args)  # lints, keeps its report
        again = _probe(tmp_path, *cache, *args)
        assert again[2] == 0 and first[2] == 0, args  # nothing decoded: linted, then replayed
        for run in (first, again):
            assert (run[0], run[1], run[3]) == (cold[0], cold[1], cold[3]), args
        if report is not None:
            assert (tmp_path / "r.json").read_text() == report


def test_any_change_the_report_follows_from_is_not_replayed(tmp_path):
    articles = many_articles(tmp_path)
    cache = ("--cache-dir", "cache")
    _probe(tmp_path, *cache, "articles")
    assert _probe(tmp_path, *cache, "articles")[2] == 0

    story = articles / "clean-brief.txt"
    story.write_text(story.read_text() + "\nThe the council met again.\n")  # an edit
    edited = _probe(tmp_path, *cache, "articles")
    assert "clean-brief.txt" in edited[0] and "repeated 'the'" in edited[0] and edited[2] > 0
    assert _probe(tmp_path, *cache, "articles")[:2] == edited[:2]

    os.utime(articles / "cup-final.md", ns=(1, 1))  # touched, same content: same report, decoded
    touched = _probe(tmp_path, *cache, "articles")
    assert touched[:2] == edited[:2] and touched[2] > 0

    # another fail level, another path given (missing), other options: their own reports
    lenient = _probe(tmp_path, *cache, "--fail-level", "error", "articles")
    assert lenient[2] > 0 and lenient[3] == _probe(tmp_path, "--no-cache", "--fail-level", "error", "articles")[3]
    again = _probe(tmp_path, *cache, "--fail-level", "error", "--exit-zero", "articles")
    assert again[2] == 0 and again[3] == "0"  # replayed: --exit-zero applies to it as to any run
    strict = _probe(tmp_path, *cache, "articles")
    assert strict[2] > 0 and strict[3] == _probe(tmp_path, "--no-cache", "articles")[3]
    missing = _probe(tmp_path, *cache, "articles", "gone.md")
    assert missing[3] == "2" and "gone.md: no such file" in missing[1] and "1 error." in missing[0]
    assert missing[:2] == _probe(tmp_path, "--no-cache", "articles", "gone.md")[:2]
    assert _probe(tmp_path, *cache, "--no-source", "articles")[0] == _probe(tmp_path, "--no-cache", "--no-source",
                                                                              "articles")[0]


def test_a_damaged_kept_report_is_ignored_and_reports_that_read_more_are_never_kept(tmp_path):
    many_articles(tmp_path)
    cache = ("--cache-dir", "cache")
    expected = _probe(tmp_path, "--no-cache", "articles")
    _probe(tmp_path, *cache, "articles")
    (kept,) = (tmp_path / "cache").glob("report-*")
    for damage in (b"\x00", kept.read_bytes()[:-100]):
        kept.write_bytes(damage)
        run = _probe(tmp_path, *cache, "articles")
        assert (run[0], run[1], run[3]) == (expected[0], expected[1], expected[3]) and run[2] > 0
    kept.unlink()
    for args in (["--statistics"], ["--output-format", "sarif"], ["--output-format", "github"]):
        _probe(tmp_path, *cache, *args, "articles")
        assert _probe(tmp_path, *cache, *args, "articles")[2] > 0, args  # decoded, not replayed
        assert not list((tmp_path / "cache").glob("report-*")), args
    few = _probe(tmp_path, *cache, "articles/briefs/000.txt", "articles/cup-final.md")
    assert _probe(tmp_path, *cache, "articles/briefs/000.txt", "articles/cup-final.md")[2] == 2  # decoded
    assert not list((tmp_path / "cache").glob("report-*")) and "000.txt" in few[0]
