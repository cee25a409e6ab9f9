"""The result cache: what makes a file's cached findings valid, and what invalidates them."""

from __future__ import annotations

import os

from lint import result_file
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
    assert again.lookup(str(article), "k1", article.stat()) == [F.replace(path=str(article))]
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
    assert cache.lookup(str(article), "k1", article.read_bytes()) == [F.replace(path=str(article))]


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


def _cache_with_three_articles(tmp_path):
    folder = tmp_path / "cache"
    paths = {name: tmp_path / name for name in ("a.md", "b.md", "c.md")}
    for name, path in paths.items():
        path.write_bytes(b"Yes the the plan.\n" + name.encode())
    cache = ResultCache(folder, tmp_path)
    for name, found in (("a.md", [F]), ("b.md", []), ("c.md", [F, SECOND])):
        data = paths[name].read_bytes()
        cache.store(str(paths[name]), "k", content_hash(data), paths[name].stat(), found, CONTEXTS if found else {})
    cache.save()
    (cache_file,) = folder.iterdir()
    return folder, paths, cache_file


SECOND = F.replace(start=8, end=15, column=9, end_column=16)
CONTEXTS = {1: (0, "Yes ", 7, " plan.")}


def _check(folder, tmp_path, paths, expected):
    again = ResultCache(folder, tmp_path)
    for name, found in expected:
        assert again.find(str(paths[name]), "k", paths[name].stat()) == (
            [f.replace(path=str(paths[name])) for f in found], CONTEXTS if found else {}), name


def _relint(folder, tmp_path, paths, name, text, found):
    cache = ResultCache(folder, tmp_path)
    paths[name].write_bytes(text)
    data = paths[name].read_bytes()
    cache.store(str(paths[name]), "k", content_hash(data), paths[name].stat(), found, CONTEXTS)
    cache.save()


def test_findings_stay_in_the_file_until_asked_for_and_survive_rewrites(tmp_path, monkeypatch):
    """The cache file is an index plus each file's findings, decoded only for the files looked
    up. A run that relinted a few files appends them to the journal beside it; once the journal
    is past its limit the file is written again (the rest copied as it is) and the journal goes,
    and the file starts afresh once most of it is garbage; a file cut short is ignored whole
    (every file is linted again)."""
    monkeypatch.setattr(result_file, "_JOURNAL_LIMIT", 700)  # a few records, then a rewrite
    folder, paths, cache_file = _cache_with_three_articles(tmp_path)
    journal = folder / (cache_file.name + result_file.JOURNAL)
    _check(folder, tmp_path, paths, (("a.md", [F]), ("b.md", []), ("c.md", [F, SECOND])))
    sizes, journalled = [], []
    for n in range(16):  # b.md relinted again and again: journalled, folded in, written afresh
        _relint(folder, tmp_path, paths, "b.md", b"Changed.\n" * (n + 1), [SECOND] * (n % 3))
        _check(folder, tmp_path, paths, (("a.md", [F]), ("b.md", [SECOND] * (n % 3)), ("c.md", [F, SECOND])))
        sizes.append(cache_file.stat().st_size)
        journalled.append(journal.exists())
    assert journalled[0] and not all(journalled)  # appended at first, folded into the file later
    assert sizes[0] == sizes[1] < max(sizes) <= 2 * sizes[0]  # the file left as it was, then rewritten
    assert min(sizes[sizes.index(max(sizes)):]) < max(sizes)  # and written afresh once half garbage

    cache_file.write_bytes(cache_file.read_bytes()[:-20])
    cut = ResultCache(folder, tmp_path)
    assert cut.entries == {} and cut.find(str(paths["a.md"]), "k", paths["a.md"].stat()) is None


def test_a_damaged_journal_record_and_what_follows_it_are_ignored(tmp_path):
    """A record cut short (a crash while appending) or damaged: the entries before it hold, it
    and those after it are linted again, and the next save writes a sound record."""
    folder, paths, cache_file = _cache_with_three_articles(tmp_path)
    journal = folder / (cache_file.name + result_file.JOURNAL)
    _relint(folder, tmp_path, paths, "a.md", b"First edit.\n", [SECOND])
    good = journal.read_bytes()
    _relint(folder, tmp_path, paths, "b.md", b"Second edit.\n", [F])
    for damaged in (journal.read_bytes()[:-3], good + b"cdj3" + b"\xff" * 40, good + b"garbage"):
        journal.write_bytes(damaged)
        cache = ResultCache(folder, tmp_path)
        assert cache.find(str(paths["a.md"]), "k", paths["a.md"].stat()) == (
            [SECOND.replace(path=str(paths["a.md"]))], CONTEXTS)
        assert cache.find(str(paths["b.md"]), "k", paths["b.md"].stat()) is None  # linted again
    _relint(folder, tmp_path, paths, "b.md", b"Second edit.\n", [F])
    _check(folder, tmp_path, paths, (("a.md", [SECOND]), ("b.md", [F]), ("c.md", [F, SECOND])))
