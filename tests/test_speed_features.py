"""--jobs and the result cache change how fast copydesk runs, never what it reports."""

from __future__ import annotations

import json
import os
import shutil

from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures"


def copy_fixtures(tmp_path):
    target = tmp_path / "articles"
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns("*.expected"))
    return target


def test_parallel_output_is_identical_to_a_single_process_run(copydesk, tmp_path):
    copy_fixtures(tmp_path)
    one = copydesk("--no-cache", "-j", "1", "--output-format", "json", "articles", cwd=tmp_path)
    two = copydesk("--no-cache", "-j", "2", "-v", "--output-format", "json", "articles", cwd=tmp_path)
    assert one.out == two.out and one.code == two.code == 1
    assert "13 files linted, 0 from the cache, 2 jobs" in two.err
    text_one = copydesk("--no-cache", "-j", "1", "articles", cwd=tmp_path)
    text_two = copydesk("--no-cache", "-j", "3", "articles", cwd=tmp_path)
    assert text_one.out == text_two.out


def test_cache_relints_exactly_the_changed_file_and_the_changed_configuration(copydesk, tmp_path):
    articles = copy_fixtures(tmp_path)
    cache = str(tmp_path / "cache")
    args = ["--cache-dir", cache, "-v", "--output-format", "json", "articles"]
    first = copydesk(*args, cwd=tmp_path)
    assert "13 files linted, 0 from the cache" in first.err
    second = copydesk(*args, cwd=tmp_path)
    assert second.out == first.out and "0 files linted, 13 from the cache" in second.err

    story = articles / "clean-brief.txt"
    story.write_text(story.read_text() + "\nThe the council met again.\n")
    third = copydesk(*args, cwd=tmp_path)
    assert "1 file linted, 12 from the cache" in third.err
    assert '"path": "articles/clean-brief.txt"' in third.out and "repeated 'the'" in third.out

    os.utime(articles / "cup-final.md", ns=(1, 1))  # touched, content unchanged
    assert "0 files linted, 13 from the cache" in copydesk(*args, cwd=tmp_path).err

    (tmp_path / ".copydesk.toml").write_text('[per-file]\n"articles/*.md" = {ignore = ["readability"]}\n')
    fourth = copydesk(*args, cwd=tmp_path)
    assert "4 files linted, 9 from the cache" in fourth.err  # the four Markdown articles


def test_a_corrupt_cache_is_rebuilt_and_no_cache_leaves_it_alone(copydesk, tmp_path):
    copy_fixtures(tmp_path)
    cache = tmp_path / "cache"
    args = ["--cache-dir", str(cache), "-v", "articles"]
    expected = copydesk(*args, cwd=tmp_path).out
    (cache_file,) = cache.iterdir()
    cache_file.write_bytes(b"not a cache")
    r = copydesk(*args, cwd=tmp_path)
    assert r.out == expected and "13 files linted, 0 from the cache" in r.err
    before = cache_file.read_bytes()
    r = copydesk("--no-cache", *args, cwd=tmp_path)
    assert r.out == expected and cache_file.read_bytes() == before


def test_a_file_named_twice_is_reported_twice_in_parallel_too(copydesk, tmp_path):
    copy_fixtures(tmp_path)
    names = ["articles/clean-brief.txt", "articles", "articles/clean-brief.txt"]
    one = copydesk("--no-cache", "-j", "1", "--output-format", "json", *names, cwd=tmp_path)
    two = copydesk("--no-cache", "-j", "2", "--output-format", "json", *names, cwd=tmp_path)
    assert one.out == two.out and one.code == two.code


def test_a_warm_run_reads_only_the_files_whose_findings_it_shows(copydesk, tmp_path, monkeypatch):
    """Findings come from the cache by size and time; a file is opened only when the report
    shows its lines, so a clean file is never read again."""
    import builtins

    from click.testing import CliRunner

    from lint import runner
    from lint.cli import main

    copy_fixtures(tmp_path)
    cache = str(tmp_path / "cache")
    first = copydesk("--cache-dir", cache, "--output-format", "json", "articles", cwd=tmp_path)
    with_findings = {f["path"] for f in json.loads(first.out)}
    assert with_findings and "articles/clean-brief.txt" not in with_findings

    opened = []
    monkeypatch.setattr(runner, "open", lambda p, *a, **k: opened.append(str(p)) or builtins.open(p, *a, **k),
                        raising=False)
    monkeypatch.chdir(tmp_path)
    quiet = CliRunner().invoke(main, ["--cache-dir", cache, "--statistics", "articles"])
    assert quiet.exit_code == 1 and opened == []  # counts per rule need no text at all
    shown = CliRunner().invoke(main, ["--cache-dir", cache, "articles"])
    assert shown.exit_code == 1 and set(opened) == with_findings
    assert "clean-brief" not in shown.output


def test_a_large_documents_rules_spread_over_workers_give_the_same_findings(monkeypatch):
    """A document too large for one core has its rules spread over forked workers: same
    findings, same order, and the notices rules leave come back with them."""
    from pathlib import Path

    from lint import rule_parallel
    from lint.config import ConfigFinder
    from lint.document import Notice
    from lint.engine import lint_document
    from lint.kinds.stray_line import StrayLine
    from lint.loaders import format_for
    from lint.selection import Overrides, RuleResolver
    from lint.source import document_from_bytes

    monkeypatch.setattr(rule_parallel, "MIN_CHARS", 0)  # the fixtures are small: spread them anyway
    resolver = RuleResolver(Overrides())
    spread = []
    real = rule_parallel.findings_in_workers
    monkeypatch.setattr(rule_parallel, "findings_in_workers", lambda *a: spread.append(real(*a)) or spread[-1])
    for path in sorted(FIXTURES.glob("*.*")):
        if path.suffix == ".expected":
            continue
        config = ConfigFinder(None).for_path(path)
        rules, ids = resolver.rules_for(config, path), resolver.registry(config).ids
        load = lambda: document_from_bytes(path.read_bytes(), format_for(path.name))  # noqa: E731
        assert lint_document(load(), rules, path.name, ids, jobs=2) == lint_document(load(), rules, path.name, ids)
    assert spread and all(found is not None for found in spread)  # workers did the work

    def leaves_a_notice(self, ctx):
        ctx.doc.notices.append(Notice("the stray-line service did not answer"))
        return iter(())

    monkeypatch.setattr(StrayLine, "check", leaves_a_notice)
    doc = document_from_bytes((FIXTURES / "nato-training-center.txt").read_bytes(), "text")
    config = ConfigFinder(None).for_path(Path("a.txt"))
    lint_document(doc, resolver.rules_for(config, None), "a.txt", resolver.registry(config).ids, jobs=2)
    assert [n.message for n in doc.notices] == ["the stray-line service did not answer"]
