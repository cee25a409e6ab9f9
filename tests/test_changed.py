"""--changed-since REF: only findings on lines changed since a git revision, in real repositories."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from lint.changed import ChangedLines, _unquote, parse_diff
from lint.findings import Finding

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parent.parent
CLEAN = "The minister said the plan was final.\n"


def doubled(n: int) -> str:
    """A line with one doubled word ('the the' at column 14), told apart by its number."""
    return f"Line {n:03d} has the the word.\n"


@pytest.fixture
def env(tmp_path):
    """The environment of every git and copydesk call: no user or system git configuration."""
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
            "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org"}


@pytest.fixture
def repo(tmp_path, env):
    """A git repository with helpers: repo.git(...), repo.write(name, text), repo.commit()."""

    class Repo:
        path = tmp_path / "repo"

        def git(self, *args: str, cwd: Path | None = None) -> str:
            proc = subprocess.run(["git", *args], cwd=cwd or self.path, env=env, capture_output=True, check=True)
            return proc.stdout.decode()

        def write(self, name: str, text: str) -> Path:
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            return target

        def commit(self, message: str = "edit") -> str:
            self.git("add", "-A")
            self.git("commit", "-q", "--no-verify", "-m", message)
            return self.git("rev-parse", "HEAD").strip()

    r = Repo()
    r.path.mkdir()
    r.git("init", "-q", "-b", "main")
    return r


@pytest.fixture
def lint(copydesk, env, repo):
    """Run copydesk --changed-since in the repository; return (result, [(path, line, column)])."""

    def _lint(ref: str, *paths: str, cwd: Path | None = None, extra: tuple[str, ...] = ()):
        r = copydesk("check", "--select", "repetition.word", "--output-format", "json", "--changed-since", ref,
                     *extra, *(paths or (".",)), cwd=cwd or repo.path, env=env)
        found = [(f["path"], f["line"], f["column"]) for f in json.loads(r.out)] if r.out.strip() else []
        return r, found

    return _lint


def test_added_lines_only_are_reported(repo, lint):
    repo.write("a.md", doubled(1) + "\n" + CLEAN)
    repo.commit("base")
    repo.write("a.md", doubled(1) + "\n" + CLEAN + "\n" + doubled(2))
    r, found = lint("HEAD")
    assert found == [("./a.md", 5, 14)], r
    assert r.code == 1
    assert r.out  # the old finding on line 1 is filtered, the new one is not


def test_a_modified_line_is_reported_at_its_exact_position(repo, lint):
    repo.write("a.md", CLEAN + "\n" + doubled(1) + "\n" + CLEAN)
    repo.commit("base")
    repo.write("a.md", CLEAN + "\n" + CLEAN + "\n" + "The minister said that the the plan was final.\n")
    _, found = lint("HEAD")
    assert found == [("./a.md", 5, 24)]


def test_deleted_lines_give_no_findings_even_when_later_lines_shift(repo, lint):
    repo.write("a.md", CLEAN + "\n" + CLEAN + "\n" + doubled(1) + "\n" + doubled(2))
    repo.commit("base")
    repo.write("a.md", doubled(1) + "\n" + doubled(2))  # the two clean paragraphs removed
    r, found = lint("HEAD")
    assert found == [] and r.code == 0, r


def test_a_deleted_file_is_no_error(repo, lint):
    repo.write("a.md", doubled(1))
    repo.write("b.md", CLEAN)
    repo.commit("base")
    (repo.path / "a.md").unlink()
    r, found = lint("HEAD")
    assert (r.code, found, r.err) == (0, [], "")


def test_a_pure_rename_gives_no_findings(repo, lint):
    repo.write("old.md", doubled(1) + "\n" + doubled(2))
    base = repo.commit("base")
    repo.git("mv", "old.md", "new.md")
    r, found = lint("HEAD")
    assert found == [] and r.code == 0, r
    repo.commit("rename")  # committed, the rename still counts as no change since base
    assert lint(base)[1] == []


def test_a_rename_with_edits_reports_only_the_edited_lines(repo, lint):
    body = "".join(doubled(n) + "\n" for n in range(1, 6))
    repo.write("old.md", body)
    base = repo.commit("base")
    repo.git("mv", "old.md", "new.md")
    repo.write("new.md", body.replace(doubled(4), "Line 004 was edited, the the word.\n"))
    _, found = lint("HEAD")
    assert found == [("./new.md", 7, 22)]
    repo.commit("rename and edit")
    assert lint(base)[1] == [("./new.md", 7, 22)]


def test_untracked_files_count_as_wholly_changed(repo, lint):
    repo.write("a.md", doubled(1))
    repo.commit("base")
    repo.write("drafts/new.md", doubled(1) + "\n" + doubled(2))
    repo.write("ignored/skip.md", doubled(1))
    repo.write(".gitignore", "ignored/\n")
    _, found = lint("HEAD")
    assert found == [("./drafts/new.md", 1, 14), ("./drafts/new.md", 3, 14)]
    # a file git ignores is not a change, even when named on the command line
    assert lint("HEAD", "ignored/skip.md")[1] == []


def test_staged_and_unstaged_changes_both_count(repo, lint):
    repo.write("a.md", CLEAN + "\n" + CLEAN + "\n" + CLEAN)
    repo.commit("base")
    repo.write("a.md", doubled(1) + "\n" + CLEAN + "\n" + CLEAN)
    repo.git("add", "a.md")
    repo.write("a.md", doubled(1) + "\n" + CLEAN + "\n" + doubled(5))
    _, found = lint("HEAD")
    assert found == [("./a.md", 1, 14), ("./a.md", 5, 14)]


def test_committed_changes_since_an_older_ref_count(repo, lint):
    repo.write("a.md", doubled(1))
    base = repo.commit("base")
    repo.write("a.md", doubled(1) + "\n" + doubled(2))
    repo.commit("second")
    assert lint(base)[1] == [("./a.md", 3, 14)]
    assert lint("HEAD~1")[1] == [("./a.md", 3, 14)]
    assert lint("HEAD")[1] == []


def test_works_from_a_subfolder_with_paths_relative_to_it(repo, lint):
    repo.write("news/world/a.md", CLEAN)
    repo.write("news/b.md", CLEAN)
    repo.commit("base")
    repo.write("news/world/a.md", CLEAN + "\n" + doubled(1))
    repo.write("news/b.md", doubled(2))
    sub = repo.path / "news" / "world"
    assert lint("HEAD", "a.md", cwd=sub)[1] == [("a.md", 3, 14)]
    assert lint("HEAD", "../b.md", ".", cwd=sub)[1] == [("../b.md", 1, 14), ("./a.md", 3, 14)]
    assert lint("HEAD", str(repo.path / "news" / "b.md"), cwd=sub)[1] == [(str(repo.path / "news" / "b.md"), 1, 14)]


def test_a_finding_over_two_lines_counts_when_either_line_changed(repo, lint):
    repo.write("a.txt", "The minister said\nthe plan was final.\n")
    repo.commit("base")
    # a doubled word across the line break: the finding runs from line 1 to line 2
    repo.write("a.txt", "The minister said\nthe the plan was final.\n")
    _, found = lint("HEAD")
    assert found == [("./a.txt", 2, 1)]
    repo.commit("second")
    repo.write("a.txt", "The minister said the\nthe plan was final.\n")
    _, found = lint("HEAD")
    assert found == [("./a.txt", 1, 19)]


def test_paths_with_spaces_unicode_and_quotes(repo, lint):
    names = ["with space.md", "ünïcödé/Kyiv – Київ.md", 'say "the".md', "back\\slash.md", "tab\tname.md"]
    for name in names:
        repo.write(name, CLEAN)
    repo.commit("base")
    for name in names:
        repo.write(name, CLEAN + "\n" + doubled(1))
    r, found = lint("HEAD")
    assert sorted(found) == sorted(("./" + name, 3, 14) for name in names), r


def test_a_renamed_file_with_a_space_and_unicode(repo, lint):
    body = doubled(1) + "\n" + CLEAN * 5
    repo.write("old name.md", body)
    repo.commit("base")
    repo.git("mv", "old name.md", "néw name.md")
    repo.write("néw name.md", body + "\n" + doubled(2))
    assert lint("HEAD")[1] == [("./néw name.md", 9, 14)]


def test_article_lines_that_look_like_diff_headers_do_not_confuse_the_parser(repo, lint):
    # In the diff these lines read "+++ b/other.md" and "--- a/other.md": the parser must skip
    # hunk bodies by count, or it would file line 5's finding under other.md.
    repo.write("a.md", "-- a/other.md\n\n" + CLEAN)
    repo.write("other.md", CLEAN)
    repo.commit("base")
    repo.write("a.md", "++ b/other.md\n\n" + CLEAN + "\n" + doubled(1))
    assert lint("HEAD")[1] == [("./a.md", 5, 14)]


def test_crlf_files(repo, lint):
    repo.write("a.txt", "One.\r\n\r\nTwo.\r\n")
    repo.commit("base")
    repo.write("a.txt", "One.\r\n\r\nTwo the the.\r\n")
    assert lint("HEAD")[1] == [("./a.txt", 3, 5)]


def test_merge_base_with_three_dots(repo, lint):
    repo.write("a.md", CLEAN + "\n" + doubled(1) + "\n" + CLEAN)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("b.md", doubled(2))
    repo.commit("feature work")
    repo.git("checkout", "-q", "main")
    repo.write("a.md", CLEAN + "\n" + CLEAN)  # main drops the old line after the branch point
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")
    # against main's tip, the line main removed looks added by the branch; against the merge
    # base it is not: only the branch's own work is reported
    assert lint("main")[1] == [("./a.md", 3, 14), ("./b.md", 1, 14)]
    assert lint("main...")[1] == [("./b.md", 1, 14)]
    merge_base = repo.git("merge-base", "main", "HEAD").strip()
    assert lint(merge_base)[1] == lint("main...")[1]


def test_files_outside_the_diff_are_not_linted(repo, lint, copydesk, env):
    for n in range(5):
        repo.write(f"old{n}.md", doubled(n))
    repo.commit("base")
    repo.write("new.md", doubled(9))
    r = copydesk("check", "--select", "repetition.word", "--changed-since", "HEAD", ".", cwd=repo.path, env=env)
    assert r.out.splitlines()[-1] == "Checked 1 file, 1 finding (1 warning)."


def test_git_diff_runs_once_per_run(repo, copydesk, env, tmp_path):
    for n in range(20):
        repo.write(f"a{n}.md", CLEAN)
    repo.commit("base")
    for n in range(20):
        repo.write(f"a{n}.md", doubled(n))
    # a git on PATH that logs its arguments, then runs the real git
    bindir, log = tmp_path / "bin", tmp_path / "git.log"
    bindir.mkdir()
    wrapper = bindir / "git"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{shutil.which("git")}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    r = copydesk("check", "--select", "repetition.word", "--changed-since", "HEAD", ".", cwd=repo.path,
                 env={**env, "PATH": f"{bindir}{os.pathsep}{env['PATH']}"})
    assert r.out.splitlines()[-1] == "Checked 20 files, 20 findings (20 warnings)."
    calls = log.read_text().splitlines()
    assert sum(" diff " in f" {c} " for c in calls) == 1
    assert len(calls) == 4  # rev-parse --show-toplevel, rev-parse --verify, diff, ls-files


def test_user_git_configuration_does_not_change_the_result(repo, lint, env):
    repo.write("sub/a.md", CLEAN)
    repo.commit("base")
    repo.write("sub/a.md", CLEAN + "\n" + doubled(1))
    Path(env["GIT_CONFIG_GLOBAL"]).write_text(
        "[diff]\n\tnoprefix = true\n\tmnemonicPrefix = true\n\trelative = true\n\texternal = false\n"
        "[color]\n\tui = always\n\tdiff = always\n[core]\n\tquotepath = true\n")
    assert lint("HEAD", "a.md", cwd=repo.path / "sub")[1] == [("a.md", 3, 14)]


def test_stdin_with_a_filename_uses_that_file_s_changes(repo, copydesk, env):
    repo.write("a.md", CLEAN + "\n" + doubled(1))
    repo.commit("base")
    repo.write("a.md", CLEAN + "\n" + doubled(1) + "\n" + doubled(2))
    text = (repo.path / "a.md").read_bytes()
    r = copydesk("check", "--select", "repetition.word", "--output-format", "json", "--changed-since", "HEAD",
                 "--stdin-filename", "a.md", "-", cwd=repo.path, env=env, stdin=text)
    assert [(f["path"], f["line"]) for f in json.loads(r.out)] == [("a.md", 5)]
    r = copydesk("check", "--changed-since", "HEAD", "-", cwd=repo.path, env=env, stdin=text)
    assert r.code == 2
    assert r.err == "copydesk: error: --changed-since needs --stdin-filename to know which file '-' is\n"


# --- errors: one line on stderr, exit 2, nothing written --------------------------------------

def test_unknown_ref(repo, lint):
    repo.write("a.md", doubled(1))
    repo.commit("base")
    r, _ = lint("no-such-branch")
    assert (r.code, r.out) == (2, "")
    assert r.err == "copydesk: error: --changed-since: unknown git revision 'no-such-branch'\n"
    r, _ = lint("--output-format")
    assert r.err == "copydesk: error: --changed-since: '--output-format' is not a git revision\n"


def test_an_unknown_ref_does_not_truncate_the_output_file(repo, copydesk, env):
    repo.write("a.md", doubled(1))
    repo.commit("base")
    report = repo.path / "report.json"
    report.write_text("previous report")
    r = copydesk("check", "--changed-since", "nope", "--output-file", str(report), ".", cwd=repo.path, env=env)
    assert r.code == 2
    assert report.read_text() == "previous report"


def test_a_repository_without_commits(repo, lint):
    repo.write("a.md", doubled(1))
    r, _ = lint("HEAD")
    assert (r.code, r.err) == (2, "copydesk: error: --changed-since: unknown git revision 'HEAD'\n")


def test_no_merge_base(repo, lint):
    repo.write("a.md", CLEAN)
    repo.commit("base")
    repo.git("checkout", "-q", "--orphan", "other")
    repo.write("b.md", CLEAN)
    repo.commit("unrelated")
    r, _ = lint("main...")
    assert r.code == 2
    assert r.err == ("copydesk: error: --changed-since: 'main' and HEAD have no merge base"
                     " (in a shallow clone, fetch more history)\n")


def test_outside_a_repository(copydesk, env, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.md").write_text(doubled(1))
    r = copydesk("check", "--changed-since", "HEAD", ".", cwd=folder, env={**env, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert (r.code, r.out) == (2, "")
    assert r.err == f"copydesk: error: --changed-since: {folder} is not inside a git repository\n"


def test_git_missing(copydesk, env, repo, tmp_path):
    repo.write("a.md", doubled(1))
    repo.commit("base")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    r = copydesk("check", "--changed-since", "HEAD", ".", cwd=repo.path, env={**env, "PATH": str(empty)})
    assert (r.code, r.out) == (2, "")
    assert r.err == "copydesk: error: --changed-since: git was not found on PATH\n"


# --- the parser and the filter, directly ------------------------------------------------------

def test_parse_diff_counts_and_no_newline_markers():
    patch = (b"diff --git a/x.md b/x.md\nindex 1..2 100644\n--- a/x.md\n+++ b/x.md\n"
             b"@@ -3 +3,2 @@\n-old\n+new\n+newer\n\\ No newline at end of file\n"
             b"@@ -9,2 +10,0 @@\n-gone\n-gone too\n"
             b"@@ -20,0 +21 @@\n+added\n"
             b"diff --git a/y.md b/y.md\ndeleted file mode 100644\n--- a/y.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n")
    assert parse_diff(patch) == {"x.md": [(3, 4), (21, 21)]}


def test_unquote_handles_git_c_quoting():
    assert _unquote(b'"b/say \\"hi\\".md"') == b'b/say "hi".md'
    assert _unquote(b'"b/tab\\there.md"') == b"b/tab\there.md"
    assert _unquote(b'"b/\\303\\274.md"') == "b/ü.md".encode()
    assert _unquote(b"b/with space.md\t") == b"b/with space.md"
    assert _unquote(b"b/plain.md") == b"b/plain.md"


def _finding(line: int, end_line: int, end_column: int) -> Finding:
    return Finding("a.md", "r", "warning", "m", line, 1, end_line, end_column, 0, 1, "x")


def test_filter_overlap_and_exclusive_end(tmp_path):
    changed = ChangedLines(tmp_path, {"a.md": [(3, 4), (10, 10)]}, [])
    keep = changed("a.md", tmp_path / "a.md", None, [
        _finding(1, 1, 5), _finding(2, 3, 2), _finding(4, 4, 9), _finding(5, 9, 3), _finding(9, 10, 1),
        _finding(9, 12, 1), _finding(11, 11, 2),
    ])
    # (9, 10, 1) ends before line 10's first character: it covers line 9 only
    assert [(f.line, f.end_line) for f in keep] == [(2, 3), (4, 4), (9, 12)]
    assert changed("b.md", tmp_path / "b.md", None, [_finding(1, 1, 2)]) == []
    assert changed("-", None, None, [_finding(1, 1, 2)]) == []
