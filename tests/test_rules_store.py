"""Built rules kept in the user cache (lint/rules_store.py): used when their inputs are the
same, rebuilt when anything they are built from changed or the kept copy is damaged."""

from __future__ import annotations

import marshal
import os
import pickle

from lint import rules_store
from lint.config import Config
from tests.call_probe import calls_and_exit, counted_run

ARTICLE = "The council met in Brussels on Monday. The the budget was approved, according to Reuters.\n"

# Runs copydesk and says on stderr how many times a rule registry (every rule file loaded, every
# kind built) was built.
def _probe(tmp_path, *args):
    """The run, its stderr ending with how many rule registries it built (``BUILT n``)."""
    run = counted_run(tmp_path, "lint.rules", "Registry", "__init__", *args)
    stderr, built, _ = calls_and_exit(run)
    run.stderr = f"{stderr}BUILT {built}\n"
    return run


def _stored(tmp_path):
    return sorted((tmp_path / "user-cache").glob("rules-built-*"))


def _edit(path, n):
    path.write_text(ARTICLE + f"Edited {n} times.\n")


def test_an_edited_article_is_linted_with_the_kept_rules(tmp_path):
    """The pre-commit case: the cache folder is warm, the article changed since. Its rules are
    loaded, not built, and it is reported exactly as without any cache."""
    article = tmp_path / "story.txt"
    _edit(article, 0)
    args = ("--cache-dir", "cache", "story.txt")
    first = _probe(tmp_path, *args)
    assert "BUILT 1" in first.stderr and len(_stored(tmp_path)) == 1
    _edit(article, 1)
    edited = _probe(tmp_path, *args)
    assert "BUILT 0" in edited.stderr, edited.stderr
    cold = _probe(tmp_path, "--no-cache", "story.txt")
    assert "BUILT 1" in cold.stderr  # --no-cache builds its rules, as before
    assert edited.stdout == cold.stdout and "repetition.word" in edited.stdout


def test_kept_rules_follow_their_rule_files_and_a_damaged_copy_is_rebuilt(tmp_path):
    article = tmp_path / "story.txt"
    rule = tmp_path / "house" / "style" / "council.yaml"
    rule.parent.mkdir(parents=True)
    rule.write_text("kind: existence\nlevel: warning\nscope: sentence\nmessage: 'No.'\ntokens: [council]\n")
    args = ("--cache-dir", "cache", "--rules-path", "house", "story.txt")
    _edit(article, 0)
    assert "warning style.council" in _probe(tmp_path, *args).stdout

    rule.write_text(rule.read_text().replace("warning", "error"))  # the rule changed: built again
    _edit(article, 1)
    changed = _probe(tmp_path, *args)
    assert "BUILT 1" in changed.stderr and "error style.council" in changed.stdout

    (kept,) = _stored(tmp_path)
    kept.write_bytes(b"\x00damaged")  # not even marshal: built again, and kept again
    _edit(article, 2)
    damaged = _probe(tmp_path, *args)
    assert "BUILT 1" in damaged.stderr and "error style.council" in damaged.stdout
    assert marshal.loads(kept.read_bytes())[0]
    _edit(article, 3)
    assert "BUILT 0" in _probe(tmp_path, *args).stderr


class _Marker:
    """Pickles as a call that leaves a file behind, as a hostile cache file could."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_kept_file_naming_other_code_is_refused_not_run(tmp_path, monkeypatch):
    """The file is data: loading it may create rules and their kinds, not call anything else."""
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    config = Config(root=tmp_path)
    marker = tmp_path / "ran"
    for payload in (pickle.dumps(([_Marker(str(marker))], frozenset())),
                    pickle.dumps(([os.getcwd], frozenset())), b"\x80\x05garbage"):
        rules_store.save_marshal(rules_store._name(config, ""), ("sig", "", payload))
        assert rules_store.load(config, "sig", "") is None
    assert not marker.exists()
    assert rules_store.load(config, "other signature", "") is None
