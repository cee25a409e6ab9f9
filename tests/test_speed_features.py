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
    fifth = copydesk(*args, cwd=tmp_path)  # per-file tables: a rules key remembered per file
    assert "0 files linted, 13 from the cache" in fifth.err and fifth.out == fourth.out


def test_a_corrupt_cache_is_rebuilt_and_no_cache_leaves_it_alone(copydesk, tmp_path):
    copy_fixtures(tmp_path)
    cache = tmp_path / "cache"
    args = ["--cache-dir", str(cache), "-v", "articles"]
    expected = copydesk(*args, cwd=tmp_path).out
    (cache_file,) = cache.glob("results-*.bin")
    cache_file.write_bytes(b"not a cache")
    r = copydesk(*args, cwd=tmp_path)
    assert r.out == expected and "13 files linted, 0 from the cache" in r.err
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    r = copydesk("--no-cache", *args, cwd=tmp_path)
    assert r.out == expected and {p.name: p.read_bytes() for p in cache.iterdir()} == before


def test_a_file_named_twice_is_reported_once_in_parallel_too(copydesk, tmp_path):
    import json

    copy_fixtures(tmp_path)
    names = ["articles/cup-final.md", "articles", "./articles/cup-final.md", "articles/cup-final.md"]
    one = copydesk("--no-cache", "-j", "1", "--output-format", "json", *names, cwd=tmp_path)
    two = copydesk("--no-cache", "-j", "2", "--output-format", "json", *names, cwd=tmp_path)
    whole = copydesk("--no-cache", "-j", "1", "--output-format", "json", "articles", cwd=tmp_path)
    assert one.out == two.out and one.code == two.code == 1
    found = json.loads(one.out)
    assert len(found) == len(json.loads(whole.out)) and len({json.dumps(f, sort_keys=True) for f in found}) == len(found)
    assert found[0]["path"] == "articles/cup-final.md"  # where it was first named


def test_a_warm_run_reads_no_file_for_the_lines_it_shows(copydesk, tmp_path, monkeypatch):
    """Findings come from the cache by size, time and inode, with the text of the lines they
    are on: the text report, --statistics and fingerprints (GitLab) open no file; a report that
    renders whole articles (HTML) reads them."""
    import builtins

    from click.testing import CliRunner

    from lint import runner
    from lint.cli import main

    copy_fixtures(tmp_path)
    cache = str(tmp_path / "cache")
    first = copydesk("--cache-dir", cache, "--output-format", "json", "articles", cwd=tmp_path)
    with_findings = {f["path"] for f in json.loads(first.out)}
    assert with_findings and "articles/clean-brief.txt" not in with_findings
    cold_text = copydesk("--no-cache", "articles", cwd=tmp_path).out

    opened = []
    monkeypatch.setattr(runner, "open", lambda p, *a, **k: opened.append(str(p)) or builtins.open(p, *a, **k),
                        raising=False)
    monkeypatch.chdir(tmp_path)
    quiet = CliRunner().invoke(main, ["--cache-dir", cache, "--statistics", "articles"])
    assert quiet.exit_code == 1 and opened == []  # counts per rule need no text at all
    shown = CliRunner().invoke(main, ["--cache-dir", cache, "articles"])
    assert shown.exit_code == 1 and opened == []
    assert shown.output == cold_text and "clean-brief" not in shown.output
    gitlab = CliRunner().invoke(main, ["--cache-dir", cache, "--output-format", "gitlab", "articles"])
    assert gitlab.exit_code == 1 and opened == []
    html = CliRunner().invoke(main, ["--cache-dir", cache, "--output-format", "html", "articles"])
    assert html.exit_code == 1 and with_findings <= set(opened)


def test_warm_output_is_byte_identical_to_cold_in_every_format(copydesk, tmp_path):
    """A report made from the cache (findings and their lines, documents rebuilt on demand) is
    exactly the one a cold run writes, file by file and in every format; so is a cold run's
    report made from workers' results, which travel without their documents."""
    articles = copy_fixtures(tmp_path)
    (articles / "long-lines.txt").write_text(
        "Headline\n\n" + "The the committee said. " * 30 + "\r\nIt said\tthe the plan was the the plan.\n",
        newline="")
    cache = str(tmp_path / "cache")
    formats = [[], ["--color", "always"], ["--no-source"], ["--output-format", "json"],
               ["--output-format", "sarif"], ["--output-format", "gitlab"], ["--output-format", "rdjson"],
               ["--output-format", "junit"], ["--output-format", "github"], ["--output-format", "html"],
               ["--statistics"]]
    for args in formats:
        cold = copydesk("--no-cache", "-j", "1", *args, "articles", cwd=tmp_path)
        assert cold.code == 1 and cold.out, (args, cold)
        in_workers = copydesk("--no-cache", "-j", "2", *args, "articles", cwd=tmp_path)
        shutil.rmtree(cache, ignore_errors=True)
        fresh = copydesk("--cache-dir", cache, *args, "articles", cwd=tmp_path)
        warm = copydesk("--cache-dir", cache, "-v", *args, "articles", cwd=tmp_path)
        assert "0 files linted, 14 from the cache" in warm.err, (args, warm.err)
        for other in (in_workers, fresh, warm):
            assert (other.code, other.out) == (cold.code, cold.out), args


# Imported by a run that lints: a warm run takes every file from the result cache and imports
# none of them (rules, kinds, the document model, loaders, the engine, YAML, hashes, JSON, the
# dataclasses module, whose classes cost their import time, the store of built rules).
_LINTING_MODULES = ("lint.rules", "lint.kinds", "lint.document", "lint.engine", "lint.loaders", "lint.source",
                    "lint.segment", "lint.regexes", "lint.readability", "lint.quotes", "yaml", "pathspec",
                    "hashlib", "json", "tempfile", "multiprocessing", "markdown_it", "dataclasses",
                    "lint.rules_store", "pickle", "_pickle", "string")
_PROBE = (
    "import atexit, sys, runpy\n"
    "before = set(sys.modules)  # what the interpreter's start-up imported (site, .pth files)\n"
    "sys.argv = ['copydesk', *sys.argv[1:]]\n"
    "# Printed by an exit handler: the command ends the process itself (lint/process_exit.py).\n"
    f"atexit.register(lambda: print('IMPORTED', [m for m in {_LINTING_MODULES!r} if m in sys.modules and m not in before], file=sys.stderr))\n"
    "runpy.run_module('lint', run_name='__main__')\n"
)


def _probe(tmp_path, *args):
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COPYDESK_CACHE_DIR": str(tmp_path / "user-cache")}
    return subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True)


def test_a_warm_run_builds_no_rule_and_imports_no_linting_code(tmp_path):
    """The rules key of a cached file comes from the cache's memory of what the rules are built
    from (lint/rules_memo.py), its findings' lines from the cache: nothing that lints is loaded,
    and the report is the cold run's."""
    copy_fixtures(tmp_path)
    cold = _probe(tmp_path, "--no-cache", "articles")
    assert "IMPORTED []" not in cold.stderr and "'lint.rules'" in cold.stderr
    first = _probe(tmp_path, "--cache-dir", "cache", "articles")
    warm = _probe(tmp_path, "--cache-dir", "cache", "articles")
    assert warm.stdout == first.stdout == cold.stdout and warm.stdout
    assert "IMPORTED []" in warm.stderr, warm.stderr
    one = _probe(tmp_path, "--cache-dir", "cache", "articles/cup-final.md")  # a pre-commit run
    assert "IMPORTED []" in one.stderr and "cup-final.md:" in one.stdout


def test_the_remembered_rules_key_follows_rule_files_and_the_command_line(copydesk, tmp_path):
    """What the rules are built from, not the rules, is what a warm run checks: a rule file
    edited, added or removed, or other options, and every file it applies to is linted again."""
    copy_fixtures(tmp_path)
    rule = tmp_path / "house" / "style" / "banned.yaml"
    rule.parent.mkdir(parents=True)
    rule.write_text("kind: existence\nlevel: warning\nscope: sentence\nmessage: 'No.'\ntokens: [council]\n")
    args = ["--cache-dir", str(tmp_path / "cache"), "-v", "--rules-path", "house", "--output-format", "json",
            "articles"]
    first = copydesk(*args, cwd=tmp_path)
    assert "13 files linted, 0 from the cache" in first.err and '"style.banned"' in first.out
    assert "0 files linted, 13 from the cache" in copydesk(*args, cwd=tmp_path).err
    rule.write_text(rule.read_text().replace("warning", "error"))
    again = copydesk(*args, cwd=tmp_path)
    assert "13 files linted, 0 from the cache" in again.err
    assert again.out == first.out.replace('"level": "warning",\n    "message": "No."', '"level": "error",\n    "message": "No."')
    (rule.parent / "other.yaml").write_text("kind: existence\nlevel: warning\nscope: sentence\nmessage: 'No.'\ntokens: [zzz]\n")
    assert "13 files linted, 0 from the cache" in copydesk(*args, cwd=tmp_path).err  # a new known rule id
    assert "0 files linted, 13 from the cache" in copydesk(*args, cwd=tmp_path).err
    (rule.parent / "other.yaml").unlink()
    assert "13 files linted, 0 from the cache" in copydesk(*args, cwd=tmp_path).err
    # other options relint (the cache keeps one result per file), and so does going back
    assert "13 files linted" in copydesk(*args, "--ignore", "readability", cwd=tmp_path).err
    back = copydesk(*args, cwd=tmp_path)
    assert "13 files linted" in back.err and back.out == again.out
    assert "0 files linted, 13 from the cache" in copydesk(*args, cwd=tmp_path).err


def test_formats_from_names_alone():
    """lint.formats answers "which files, which format" for runs that load no document."""
    from lint import formats

    found = {name: formats.format_for(name) for name in ("a.md", "A.HTML", "b.text", "c.tar.gz", "README", ".md", "x.Markdown")}
    assert found == {"a.md": "markdown", "A.HTML": "html", "b.text": "text", "c.tar.gz": None, "README": None,
                     ".md": "markdown", "x.Markdown": "markdown"}


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
