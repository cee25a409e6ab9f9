"""The pre-commit hook (.pre-commit-hooks.yaml) works with the real ``pre-commit`` tool.

``pre-commit try-repo`` installs the hook from a repository into its own virtual environment (a
``pip install`` of the package, dependencies from the package index) and runs it on the files of
the current repository. It would only see *committed* files of this checkout, plus changes to
tracked ones (there may be no commit at all yet, and new files would be left out), so the tests
commit a snapshot of the working tree (tracked and untracked, minus ignored files) into a
temporary repository and try that.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

if shutil.which("git") is None:
    pytest.skip("git is not on PATH", allow_module_level=True)
if shutil.which("pre-commit") is None and importlib.util.find_spec("pre_commit") is None:
    pytest.skip("pre-commit is not installed (pip install -e '.[test]')", allow_module_level=True)

# Variables that would point git (or pre-commit) at another repository, e.g. when pytest itself
# runs inside a git hook, or skip the hook.
_DROPPED = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX", "SKIP", "PRE_COMMIT", "PYTHONPATH"}
_GIT_ID = ["-c", "user.name=copydesk tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]

BAD_MD = "According to Reuters, the talks failed, according to Reuters.\n"
BAD_TXT = "The minister said the the talks would resume on Monday.\n"
GOOD_MD = "# Talks\n\nThe talks failed, Reuters reported on Tuesday.\n"
# Not an article: the hook must not hand it to copydesk (which lints any file it is given).
NOT_AN_ARTICLE = "# the the\nprint('the the')\n"


def _pre_commit() -> list[str]:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]  # the one installed next to this interpreter
    return [shutil.which("pre-commit")]


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace")


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    proc = _run(["git", *_GIT_ID, *args], cwd, env)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def _checkout_files(env: dict[str, str]) -> list[str]:
    """Files of the working tree that git would see: tracked and untracked, minus ignored ones."""
    if (ROOT / ".git").exists():
        out = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env)
        return [name for name in out.split("\0") if name and (ROOT / name).is_file()]
    skipped = {".git", "build", "dist", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis"}
    return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
            if p.is_file() and not skipped & set(p.relative_to(ROOT).parts)]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    # pre-commit keeps its store (and log) here rather than in ~/.cache/pre-commit.
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> Path:
    """A git repository holding one commit: a snapshot of this checkout's working tree."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _checkout_files(env):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git("init", "--quiet", cwd=repo, env=env)
    _git("add", "--all", cwd=repo, env=env)
    _git("commit", "--quiet", "--no-verify", "-m", "snapshot", cwd=repo, env=env)
    return repo


@pytest.fixture(scope="module")
def articles(tmp_path_factory, env) -> Path:
    """A repository with two bad articles, one good one, and a file that is not an article."""
    repo = tmp_path_factory.mktemp("articles")
    _git("init", "--quiet", cwd=repo, env=env)
    for name, text in {"bad.md": BAD_MD, "bad.txt": BAD_TXT, "good.md": GOOD_MD, "script.py": NOT_AN_ARTICLE}.items():
        (repo / name).write_text(text, encoding="utf-8", newline="\n")
    _git("add", "--all", cwd=repo, env=env)
    return repo


def try_repo(hook_repo: Path, articles: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return _run([*_pre_commit(), "try-repo", "--color", "never", hook_repo, "copydesk", *args], articles, env)


def test_hook_manifest_is_valid(env):
    proc = _run([*_pre_commit(), "validate-manifest", ROOT / ".pre-commit-hooks.yaml"], ROOT, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_fails_on_bad_articles_only(hook_repo, articles, env):
    proc = try_repo(hook_repo, articles, env, "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "copydesk" in out and "Failed" in out, out
    assert "bad.md:1:" in out and "attribution.duplicate" in out, out
    assert "bad.txt:1:" in out and "repetition.word" in out, out
    assert "good.md:" not in out, out
    assert "script.py" not in out, "the hook ran copydesk on a file that is not an article:\n" + out
    assert "Traceback" not in out, out


def test_hook_passes_good_article(hook_repo, articles, env):
    proc = try_repo(hook_repo, articles, env, "--files", "good.md")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "copydesk" in out and "Passed" in out, out
