"""Baselines: 'copydesk baseline create/prune' and 'check --baseline', run as the real command."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest

CLEAN = "The minister said the plan was final.\n"
BASELINE = ".copydesk-baseline.json"


def doubled(n: int) -> str:
    return f"Line {n:03d} has the the word.\n"


def found(r) -> list[tuple[str, int, int]]:
    return [(f["path"], f["line"], f["column"]) for f in json.loads(r.out)]


@pytest.fixture
def check(copydesk, tmp_path):
    def _check(*args: str, cwd=None):
        return copydesk("check", "--select", "repetition.word", "--output-format", "json", *args, cwd=cwd or tmp_path)

    return _check


@pytest.fixture
def create(copydesk, tmp_path):
    def _create(*args: str, cwd=None):
        r = copydesk("baseline", "create", "--select", "repetition.word", *args, cwd=cwd or tmp_path)
        assert r.code == 0, r
        return r

    return _create


def entries(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def test_create_writes_a_sorted_versioned_deterministic_file(write, create, tmp_path):
    write("b.md", doubled(1) + "\n" + doubled(1))  # the same finding twice: one entry, count 2
    write("a/ü.md", "Ein Kyiv the the.\n")
    r = create(".")
    assert r.out == f"Recorded 3 findings in 2 of 2 files in {BASELINE}.\n"
    text = (tmp_path / BASELINE).read_text(encoding="utf-8")
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("copydesk-baseline", 1)
    assert [(e["path"], e["rule"], e["count"], e["match"]) for e in data["entries"]] == [
        ("a/ü.md", "repetition.word", 1, "the the"), ("b.md", "repetition.word", 2, "the the")]
    assert all(len(e["fingerprint"]) == 32 for e in data["entries"])
    # one entry per line, UTF-8 as written, a final newline: diffs of the file review well
    assert text.splitlines()[4].startswith('    {"path": "a/ü.md", "rule": "repetition.word", "fingerprint": ')
    assert text.endswith("\n  ]\n}\n")
    create(".")
    assert (tmp_path / BASELINE).read_text(encoding="utf-8") == text


def test_paths_are_relative_to_the_baseline_folder_whatever_the_cwd(write, create, check, tmp_path):
    write("news/world/a.md", doubled(1))
    write("news/b.md", doubled(2))
    create(".")
    expected = (tmp_path / BASELINE).read_bytes()
    sub = tmp_path / "news" / "world"
    create("-o", "../../other.json", "..", cwd=sub)
    assert (tmp_path / "other.json").read_bytes() == expected
    assert [e["path"] for e in entries(tmp_path / BASELINE)] == ["news/b.md", "news/world/a.md"]
    r = check("--baseline", "../../other.json", "a.md", "../b.md", cwd=sub)
    assert (r.code, found(r), r.err) == (0, [], "")
    r = check("--baseline", str(tmp_path / BASELINE), str(tmp_path / "news"), cwd="/")
    assert (r.code, found(r), r.err) == (0, [], "")


def test_check_reports_only_findings_not_in_the_baseline(write, create, check, tmp_path):
    write("a.md", doubled(1) + "\n" + CLEAN)
    create(".")
    assert check("a.md").code == 1
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, found(r), r.err) == (0, [], "")
    write("a.md", doubled(1) + "\n" + CLEAN + "\n" + doubled(2))
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, found(r)) == (1, [("a.md", 5, 14)])


def test_lines_shifting_above_a_finding_keep_it_baselined(write, create, check, tmp_path):
    write("a.md", CLEAN + "\n" + doubled(1))
    create(".")
    write("a.md", "# A new headline\n\n" + CLEAN + "\nA new paragraph.\n\n" + doubled(1))  # now on line 7
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, found(r), r.err) == (0, [], "")
    write("a.md", "   " + doubled(1).replace(" has ", "  has\t"))  # whitespace alone is no edit
    assert found(check("--baseline", BASELINE, "a.md")) == []


def test_editing_the_finding_s_line_makes_it_new(write, create, check, tmp_path):
    write("a.md", CLEAN + "\n" + doubled(1))
    create(".")
    write("a.md", CLEAN + "\n" + doubled(1).replace("word", "words"))
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, found(r)) == (1, [("a.md", 3, 14)])
    assert r.err == ("copydesk: 1 baseline entry no longer matches; run 'copydesk baseline prune"
                     f" --baseline {BASELINE} a.md' to remove them\n")


def test_the_same_finding_twice_counts_twice(write, create, check, tmp_path):
    write("a.md", doubled(1))
    create(".")
    write("a.md", doubled(1) + "\n" + doubled(1))  # an identical copy below: one new finding
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, found(r), r.err) == (1, [("a.md", 3, 14)], "")
    write("a.md", doubled(1) + "\n" + doubled(1) + "\n" + doubled(1))
    assert found(check("--baseline", BASELINE, "a.md")) == [("a.md", 3, 14), ("a.md", 5, 14)]
    create(".")
    assert [e["count"] for e in entries(tmp_path / BASELINE)] == [3]
    assert found(check("--baseline", BASELINE, "a.md")) == []


def test_a_finding_moved_to_another_file_is_new(write, create, check, tmp_path):
    write("a.md", doubled(1))
    write("b.md", CLEAN)
    create(".")
    write("a.md", CLEAN)
    write("b.md", doubled(1))
    r = check("--baseline", BASELINE, ".")
    assert found(r) == [("./b.md", 1, 14)]
    assert "1 baseline entry no longer matches" in r.err


def test_stale_entries_are_counted_in_one_line(write, create, check, tmp_path):
    write("a.md", doubled(1) + "\n" + doubled(1) + "\n" + doubled(2))
    write("b.md", doubled(3))
    write("gone.md", doubled(4))
    write("other/c.md", doubled(5))
    create(".")
    write("a.md", doubled(1))  # one of the two copies and line 2 fixed: 2 stale
    os.remove(tmp_path / "gone.md")  # a deleted file's entries are stale: 1 more
    r = check("--baseline", BASELINE, "a.md", "b.md")  # other/c.md exists, not linted: not stale
    assert (r.code, r.out) == (0, "[]\n")
    assert r.err == ("copydesk: 3 baseline entries no longer match; run 'copydesk baseline prune"
                     f" --baseline {BASELINE} a.md b.md' to remove them\n")


def test_prune_drops_stale_entries_atomically_and_keeps_the_rest(write, create, copydesk, check, tmp_path):
    write("a.md", doubled(1) + "\n" + doubled(1) + "\n" + doubled(2))
    write("gone.md", doubled(4))
    write("other/c.md", doubled(5))
    create(".")
    baseline = tmp_path / BASELINE
    baseline.chmod(0o640)
    before = {(e["path"], e["match"]): e for e in entries(baseline)}
    write("a.md", doubled(1) + "\n" + CLEAN)
    os.remove(tmp_path / "gone.md")
    r = copydesk("baseline", "prune", "--select", "repetition.word", "a.md", cwd=tmp_path)
    assert (r.code, r.err) == (0, "")
    assert r.out == f"Removed 3 stale entries from {BASELINE}; 2 findings remain baselined.\n"
    after = entries(baseline)
    assert [(e["path"], e["count"]) for e in after] == [("a.md", 1), ("other/c.md", 1)]
    kept = next(e for e in after if e["path"] == "other/c.md")
    assert kept == before[("other/c.md", "the the")]
    assert stat.S_IMODE(baseline.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".copydesk")) == [BASELINE]
    r = check("--baseline", BASELINE, ".")
    assert (r.code, found(r), r.err) == (0, [], "")


def test_prune_with_nothing_stale_leaves_the_file_untouched(write, create, copydesk, tmp_path):
    write("a.md", doubled(1))
    create(".")
    baseline = tmp_path / BASELINE
    before = baseline.stat()
    r = copydesk("baseline", "prune", "--select", "repetition.word", ".", cwd=tmp_path)
    assert r.out == f"Removed 0 stale entries from {BASELINE}; 1 finding remains baselined.\n"
    after = baseline.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_new_baseline_files_follow_the_umask(write, create, tmp_path):
    write("a.md", doubled(1))
    create(".")
    assert stat.S_IMODE((tmp_path / BASELINE).stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_hand_merged_duplicate_entries_add_up(write, create, check, tmp_path):
    write("a.md", doubled(1) + "\n" + doubled(1))
    create(".")
    baseline = tmp_path / BASELINE
    data = json.loads(baseline.read_text())
    (entry,) = data["entries"]
    data["entries"] = [{**entry, "count": 1}, {**entry, "count": 1}]
    baseline.write_text(json.dumps(data))
    assert found(check("--baseline", BASELINE, "a.md")) == []


@pytest.mark.parametrize("content, message", [
    (None, f"{BASELINE}: no such baseline; create it with 'copydesk baseline create'"),
    ("{", (f"{BASELINE}: not a copydesk baseline (invalid JSON at line 1: Expecting property name"
           " enclosed in double quotes)")),
    ("[]", f'{BASELINE}: not a copydesk baseline (no "format": "copydesk-baseline")'),
    ('{"format": "copydesk-baseline", "version": 2, "entries": []}',
     f"{BASELINE}: baseline version 2 is not supported (this copydesk reads version 1)"),
    ('{"format": "copydesk-baseline", "version": 1, "entries": {}}', f"{BASELINE}: 'entries' must be a list"),
    (('{"format": "copydesk-baseline", "version": 1, "entries": [{"path": "a.md", "rule": "r",'
      ' "fingerprint": "f", "count": "2"}]}'), f"{BASELINE}: entry 1: 'count' must be an integer"),
    (('{"format": "copydesk-baseline", "version": 1, "entries": [{"path": "a.md", "rule": "r",'
      ' "fingerprint": "f", "count": 0}]}'), f"{BASELINE}: entry 1: 'count' must be at least 1"),
    (('{"format": "copydesk-baseline", "version": 1, "entries": [{"rule": "r", "fingerprint": "f",'
      ' "count": 1}]}'), f"{BASELINE}: entry 1: 'path' must be a string"),
    (b"\xff\xfe{}", f"{BASELINE}: not a copydesk baseline (not UTF-8 text)"),
])
def test_a_missing_or_corrupt_baseline_is_one_line_and_exit_2(write, copydesk, check, tmp_path, content, message):
    write("a.md", doubled(1))
    if content is not None:
        write(BASELINE, content)
    r = check("--baseline", BASELINE, "a.md")
    assert (r.code, r.out, r.err) == (2, "", f"copydesk: error: {message}\n")
    r = copydesk("baseline", "prune", "--baseline", BASELINE, "a.md", cwd=tmp_path)
    assert (r.code, r.err) == (2, f"copydesk: error: {message}\n")


def test_create_writes_nothing_when_a_path_is_missing(write, copydesk, tmp_path):
    write("a.md", doubled(1))
    r = copydesk("baseline", "create", "a.md", "missing.md", cwd=tmp_path)
    assert r.code == 2
    assert r.err == ("copydesk: missing.md: no such file or directory\n"
                     "copydesk: error: the baseline was not written\n")
    assert not (tmp_path / BASELINE).exists()


def test_create_refuses_stdin_and_no_paths(copydesk, tmp_path):
    r = copydesk("baseline", "create", "-", cwd=tmp_path, stdin=b"the the")
    assert (r.code, r.err) == (2, "copydesk: error: a baseline records files; standard input ('-') has no path to record\n")
    r = copydesk("baseline", "create", cwd=tmp_path)
    assert (r.code, r.err) == (2, "copydesk: error: no paths given; try 'copydesk baseline create .'\n")


def test_create_into_a_missing_folder_is_one_line(write, copydesk, tmp_path):
    write("a.md", doubled(1))
    r = copydesk("baseline", "create", "-o", "no/such/dir/b.json", "a.md", cwd=tmp_path)
    assert (r.code, r.err) == (2, "copydesk: error: no/such/dir/b.json: cannot write: No such file or directory\n")


def test_baseline_records_with_the_configuration_and_selection(write, copydesk, check, tmp_path):
    write(".copydesk.toml", 'ignore = ["repetition.word"]\n')
    write("a.md", doubled(1) + "\nAccording to Reuters, the talks failed, according to Reuters.\n")
    r = copydesk("baseline", "create", ".", cwd=tmp_path)
    assert [e["rule"] for e in entries(tmp_path / BASELINE)] == ["attribution.duplicate"]
    r = copydesk("check", "--baseline", BASELINE, "--output-format", "json", ".", cwd=tmp_path)
    assert (r.code, json.loads(r.out)) == (0, [])


# --- with --changed-since, in a real git repository -------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_baseline_together_with_changed_since(write, create, check, tmp_path):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "D", "GIT_AUTHOR_EMAIL": "d@example.org",
           "GIT_COMMITTER_NAME": "D", "GIT_COMMITTER_EMAIL": "d@example.org"}

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    write("a.md", doubled(1) + "\n" + CLEAN + "\n" + doubled(2))
    write("b.md", doubled(3))
    create(".")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    # a.md: a new line at the top shifts both old findings, one of which is now on an edited line
    write("a.md", doubled(9) + "\n" + doubled(1) + "\n" + CLEAN.replace("final", "the the final") + "\n" + doubled(2))
    r = check("--baseline", BASELINE, "--changed-since", "HEAD", ".")
    # line 1 is new and changed; line 5 changed but its finding is new too; lines 3 and 7 are
    # baselined; b.md is unchanged, not linted, and its entry is not called stale
    assert (r.code, found(r), r.err) == (1, [("./a.md", 1, 14), ("./a.md", 5, 32)], "")
    # a baselined finding on a changed line (only its spacing changed) stays baselined
    write("a.md", doubled(1) + "\n" + CLEAN + "\n" + doubled(2).replace(" has ", "  has ") + "\n")
    assert found(check("--changed-since", "HEAD", ".")) == [("./a.md", 5, 15)]
    r = check("--baseline", BASELINE, "--changed-since", "HEAD", ".")
    assert (r.code, found(r), r.err) == (0, [], "")
