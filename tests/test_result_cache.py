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


def test_findings_stay_in_the_file_until_asked_for_and_survive_rewrites(tmp_path):
    """The cache file is an index plus each file's findings, decoded only for the files looked
    up. Writing it again appends what changed (the rest is copied as it is) and starts afresh
    once most of it is garbage; a file cut short is ignored whole (every file is linted again)."""
    folder = tmp_path / "cache"
    paths = {name: tmp_path / name for name in ("a.md", "b.md", "c.md")}
    for name, path in paths.items():
        path.write_bytes(b"Yes the the plan.\n" + name.encode())
    second = replace(F, start=8, end=15, column=9, end_column=16)
    contexts = {1: (0, "Yes ", 7, " plan.")}
    cache = ResultCache(folder, tmp_path)
    for name, found in (("a.md", [F]), ("b.md", []), ("c.md", [F, second])):
        data = paths[name].read_bytes()
        cache.store(str(paths[name]), "k", content_hash(data), paths[name].stat(), found, contexts if found else {})
    cache.save()
    (cache_file,) = folder.iterdir()

    def check(expected):
        again = ResultCache(folder, tmp_path)
        for name, found in expected:
            assert again.find(str(paths[name]), "k", paths[name].stat()) == (
                [replace(f, path=str(paths[name])) for f in found], contexts if found else {}), name

    check((("a.md", [F]), ("b.md", []), ("c.md", [F, second])))
    sizes = []
    for n in range(12):  # b.md relinted again and again: appended, then written afresh
        again = ResultCache(folder, tmp_path)
        paths["b.md"].write_bytes(b"Changed.\n" * (n + 1))
        data = paths["b.md"].read_bytes()
        again.store(str(paths["b.md"]), "k", content_hash(data), paths["b.md"].stat(), [second] * (n % 3), contexts)
        again.save()
        check((("a.md", [F]), ("b.md", [second] * (n % 3)), ("c.md", [F, second])))
        sizes.append(cache_file.stat().st_size)
    assert sizes[1] > sizes[0] and min(sizes[2:]) < max(sizes) <= 2 * sizes[0] + 400

    cache_file.write_bytes(cache_file.read_bytes()[:-20])
    cut = ResultCache(folder, tmp_path)
    assert cut.entries == {} and cut.find(str(paths["a.md"]), "k", paths["a.md"].stat()) is None
