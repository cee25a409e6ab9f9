"""The GitHub Action and the GitLab CI template, run locally with the same commands.

The composite action's run step is ``integrations/github-action.sh``; it is run here in a real
pull-request-shaped git repository (an origin with ``main``, a branch with one new commit) with
the variables GitHub sets. The GitLab job's ``script`` lines are run by ``sh`` with the
variables GitLab sets, and the report is checked against the Code Quality format's documented
fields. ``copydesk`` on PATH is a shim running this checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

OLD = "The minister said the plan was final.\n\nThe council met on Monday.\n"
NEW = OLD + "\nThe the budget was approved.\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def shim(tmp_path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "copydesk"
    exe.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m lint "$@"\n')
    exe.chmod(0o755)
    return bin_dir


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A clone whose branch adds one doubled word to an article that already had one."""
    origin = tmp_path / "origin.git"
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    (seed / "article.md").write_text("Officials said the the talks failed.\n\n" + OLD)
    git(seed, "add", ".")
    git(seed, "commit", "-qm", "seed")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-qb", "feature")
    (work / "article.md").write_text("Officials said the the talks failed.\n\n" + NEW)
    git(work, "commit", "-qam", "more")
    return work


def run_action(work: Path, shim: Path, **inputs: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    env.update({"PATH": f"{shim}{os.pathsep}{env['PATH']}", "GITHUB_ACTIONS": "true", "NO_COLOR": "1"})
    env.update(inputs)
    return subprocess.run(["bash", str(ROOT / "integrations" / "github-action.sh")], cwd=work,
                          capture_output=True, text=True, env=env)


def test_action_declares_the_inputs_its_script_reads():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"paths", "config", "changed-since", "fail-level", "baseline"} <= set(action["inputs"])
    run_step = action["runs"]["steps"][-1]
    assert run_step["run"] == 'bash "$GITHUB_ACTION_PATH/integrations/github-action.sh"'
    script = (ROOT / "integrations" / "github-action.sh").read_text()
    for name, value in run_step["env"].items():
        assert name in script
        assert value == "${{ inputs.%s }}" % name.removeprefix("INPUT_").lower().replace("_", "-")


def test_action_on_a_pull_request_annotates_only_the_lines_it_changed(pull_request, shim):
    r = run_action(pull_request, shim, GITHUB_BASE_REF="main", INPUT_PATHS=".",
                   INPUT_CHANGED_SINCE="auto", INPUT_FAIL_LEVEL="warning")
    annotations = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::warning file=article.md,line=7,col=1,endLine=7,endColumn=8,"
        "title=copydesk (repetition.word)::article.md:7:1: Remove the repeated 'the'."
    ], r
    assert r.returncode == 1


def test_action_on_a_push_lints_every_line(pull_request, shim):
    r = run_action(pull_request, shim, INPUT_PATHS="article.md", INPUT_CHANGED_SINCE="auto")
    lines = [line.split(",")[1] for line in r.stdout.splitlines() if line.startswith("::warning")]
    assert lines == ["line=1", "line=7"], r


def test_action_fail_level_error_passes_on_warnings(pull_request, shim):
    r = run_action(pull_request, shim, INPUT_FAIL_LEVEL="error", INPUT_CHANGED_SINCE="")
    assert r.returncode == 0 and r.stdout.count("::warning") == 2, r


def test_gitlab_job_writes_a_code_quality_report_for_the_merge_request(pull_request, shim):
    job = yaml.safe_load((ROOT / "integrations" / "gitlab" / "copydesk.gitlab-ci.yml").read_text())["copydesk"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    base = git(pull_request, "merge-base", "origin/main", "HEAD").strip()
    env = {**os.environ, **{k: str(v) for k, v in job["variables"].items()},
           "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    r = subprocess.run(["sh", "-c", "\n".join(job["script"])], cwd=pull_request, capture_output=True, text=True, env=env)
    assert r.returncode == 1, r
    report = json.loads((pull_request / "gl-code-quality-report.json").read_text())
    assert len(report) == 1
    (issue,) = report
    assert issue["check_name"] == "repetition.word"
    assert issue["description"] == "Remove the repeated 'the'."
    assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert issue["location"] == {**issue["location"], "path": "article.md"}
    assert issue["location"]["lines"]["begin"] == 7
    assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) >= 16
