"""A run whose every file comes from the result cache writes the report kept from the last such
run (lint/result_replay.py): byte for byte what it would have written, and never when anything
the report follows from changed."""

from __future__ import annotations

import os

from lint.runner import REPLAY_FILES
from tests.call_probe import calls_and_exit, counted_run
from tests.test_speed_features import copy_fixtures


def many_articles(tmp_path):
    """The fixtures and enough short articles besides for a run that keeps its report."""
    articles = copy_fixtures(tmp_path)
    for n in range(REPLAY_FILES):
        (articles / "briefs" / f"{n:03}.txt").parent.mkdir(exist_ok=True)
        (articles / "briefs" / f"{n:03}.txt").write_text(
            f"Brief {n}\n\nThe council met on day {n}." + (" The the budget passed." if n % 7 == 0 else "") + "\n")
    return articles

def _probe(tmp_path, *args):
    """stdout, stderr, how many files' findings were decoded from the cache, the exit code."""
    run = counted_run(tmp_path, "lint.result_cache", "ResultCache", "decode", *args)
    stderr, decoded, code = calls_and_exit(run)
    return run.stdout, stderr, decoded, code


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
