"""The result cache: what makes a file's cached findings valid, and what invalidates them."""

from __future__ import annotations

import os
from dataclasses import replace

from lint.findings import Finding
from lint.result_cache import ResultCache, content_hash, rules_key
from tests.rule_examples import REGISTRY

F = Finding("a.md", "repetition.word", "warning", "Remove the repeated 'the'.", 1, 5, 1, 12, 4, 11,
            "the the", "the", (4, 11, "the"))


def test_round_trip_through_the_cache_file(tmp_path):
    article = tmp_path / "a.md"
    article.write_bytes(b"Yes the the plan.\n")
    cache = ResultCache(tmp_path / "cache", tmp_path)
    cache.store(str(article), "k1", content_hash(article.read_bytes()), article.stat(), [F])
    cache.save()
    again = ResultCache(tmp_path / "cache", tmp_path)
    assert again.lookup(str(article), "k1", article.stat()) == [replace(F, path=str(article))]
    assert again.hits == 1
    # another display name for the same file keeps its findings, under the new name
    (found,) = again.lookup(str(tmp_path / "." / "a.md"), "k1", article.stat())
    assert found.path == str(tmp_path / "." / "a.md") and found.start == 4


def test_other_rules_or_changed_content_miss(tmp_path):
    article = tmp_path / "a.md"
    article.write_bytes(b"Yes the the plan.\n")
    cache = ResultCache(tmp_path / "cache", tmp_path)
    cache.store(str(article), "k1", content_hash(article.read_bytes()), article.stat(), [F])
    assert cache.lookup(str(article), "k2", article.stat()) is None
    article.write_bytes(b"Yes the the plans.\n")
    assert cache.lookup(str(article), "k1", article.stat()) is None  # size changed
    assert cache.lookup(str(article), "k1", article.read_bytes()) is None  # content changed


def test_a_touched_but_unchanged_file_is_recognised_by_its_content(tmp_path):
    article = tmp_path / "a.md"
    article.write_bytes(b"Yes the the plan.\n")
    cache = ResultCache(tmp_path / "cache", tmp_path)
    cache.store(str(article), "k1", content_hash(article.read_bytes()), article.stat(), [F])
    os.utime(article, ns=(1, 1))
    assert cache.lookup(str(article), "k1", article.stat()) is None
    assert cache.lookup(str(article), "k1", article.read_bytes()) == [replace(F, path=str(article))]


def test_a_corrupt_cache_file_is_ignored_and_rebuilt(tmp_path):
    folder = tmp_path / "cache"
    cache = ResultCache(folder, tmp_path)
    cache.store(str(tmp_path / "x"), "k", content_hash(b""), os.stat(tmp_path), [])
    cache.save()
    (cache_file,) = folder.iterdir()
    cache_file.write_bytes(b"\xff not marshal")
    rebuilt = ResultCache(folder, tmp_path)
    assert rebuilt.entries == {}
    rebuilt.store(str(tmp_path / "x"), "k", content_hash(b""), os.stat(tmp_path), [])
    rebuilt.save()
    assert ResultCache(folder, tmp_path).entries.keys() == {str(tmp_path / "x")}


def test_rules_key_follows_levels_and_options():
    rule = REGISTRY.rules["readability.long-sentence"]
    base = rules_key([rule], REGISTRY.ids)
    assert rules_key([rule], REGISTRY.ids) == base
    assert rules_key([rule.configured(level="error")], REGISTRY.ids) != base
    assert rules_key([rule.configured(options={"max-words": 30})], REGISTRY.ids) != base
    assert rules_key([rule], REGISTRY.ids - {"repetition.word"}) != base
