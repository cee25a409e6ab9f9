"""The user cache: derived data saved atomically, and any broken cache only costs time."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import cache_dir, readability
from tests.conftest import ROOT


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("COPYDESK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir.cache_dir() == tmp_path / "x" / "copydesk"


def test_saved_values_load_back_and_a_corrupt_file_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    cache_dir.save_marshal("t.marshal", {"word": 3})
    assert cache_dir.load_marshal("t.marshal") == {"word": 3}
    assert [p.name for p in tmp_path.iterdir()] == ["t.marshal"]  # no temporary file left
    (tmp_path / "t.marshal").write_bytes(b"\x00garbage")
    assert cache_dir.load_marshal("t.marshal") is None
    assert cache_dir.load_marshal("missing.marshal") is None


def test_an_unwritable_cache_is_not_an_error(monkeypatch, tmp_path):
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(target))
    cache_dir.save_marshal("t.marshal", {"a": 1})  # must not raise
    assert cache_dir.load_marshal("t.marshal") is None


def test_syllable_table_is_the_same_parsed_or_cached(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    parsed = readability._cmu_syllables()  # parses, then saves
    assert len(os.listdir(tmp_path)) == 1
    cached = readability._cmu_syllables()  # maps the saved table
    assert type(cached.blob).__name__ == "mmap" and cached.packed() == parsed.packed()
    assert cached.words == parsed.words and len(parsed.words) > 100_000
    assert parsed.get("recognition") == 4 and cached.get("ukraine") == 2
    assert cached.get("notaword-xyz") is None


def test_syllable_table_lookups_agree_with_the_dictionary_it_was_built_from():
    source = {"aardvark": 2, "zebra": 2, "recognition": 4, "a": 1, "über": 2}
    table = readability.SyllableTable.from_dict(source)
    assert all(table.get(word) == n for word, n in source.items())
    assert table.words == sorted(source)
    for missing in ("aardvarks", "", "zzz", "0", "a\nzebra", "recog", "\udcff"):
        assert table.get(missing) is None, missing
    table["aardvarks"] = 3  # a word counted by the hyphenator is remembered
    assert table.get("aardvarks") == 3
    assert readability.SyllableTable.from_dict({}).get("a") is None


def test_syllable_table_lookups_across_many_blocks():
    """Every word found at its own count, on either side of each block's first word."""
    source = {f"w{i:05}": i % 7 + 1 for i in range(0, 20_000, 3)}
    table = readability.SyllableTable.from_dict(source)
    assert all(table.get(word) == n for word, n in source.items())
    assert all(table.get(f"w{i:05}") is None for i in range(1, 20_000, 3))
    assert table.get("a") is None and table.get("x") is None  # before the first, after the last


def test_a_table_that_is_not_one_is_refused():
    good = readability.SyllableTable.from_dict({"alpha": 2, "beta": 2}).packed()
    for bad in (b"", good[:10], good[:-1], good + b"x", b"CDSYL1?\0" + good[8:], good[:8] + b"\xff" + good[9:]):
        with pytest.raises(ValueError):
            readability.SyllableTable(bad)


def test_a_damaged_syllable_table_is_parsed_again(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    readability._cmu_syllables()
    (saved,) = tmp_path.iterdir()
    saved.write_bytes(saved.read_bytes()[:-5])  # cut short
    assert readability._cmu_syllables().get("recognition") == 4
    assert readability._cmu_syllables().packed() == saved.read_bytes()  # derived and saved again
    saved.write_bytes(b"")  # empty: cannot even be mapped
    assert readability._cmu_syllables().get("recognition") == 4


def test_hyphenation_points_equal_pyphens_parsed_or_cached(monkeypatch, tmp_path):
    import pyphen

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    parsed = readability.Hyphenator.en_us()  # Pyphen parses, the patterns are saved
    assert any(p.name.startswith("pyphen-") for p in tmp_path.iterdir())
    cached = readability.Hyphenator.en_us()  # built from the saved patterns
    assert cached.patterns == parsed.patterns
    reference = pyphen.Pyphen(lang="en_US")
    article = (ROOT / "fixtures").rglob("*.*")
    words = {w for path in article for w in readability.words(path.read_text(encoding="utf-8", errors="replace").lower())}
    words |= {"zelenskyy", "hyphenation", "kharkiv", "interoperability", "a", "ab", "abc", "2004", "£5bn",
              "oneoff", "timewarner", "aol's", "straße", "İstanbul".lower(), "x" * 40}
    assert len(words) > 1000
    for word in words:
        assert cached.points(word) == parsed.points(word) == len(reference.positions(word)), word


def test_hyphenation_reads_pyphens_own_file_and_cached_patterns_need_no_pyphen(tmp_path):
    import pyphen

    assert readability._package_file("pyphen", "dictionaries", "hyph_en_US.dic") == str(
        pyphen.LANGUAGES[pyphen.language_fallback("en_US")])
    # A fresh process with the patterns cached hyphenates without importing Pyphen.
    probe = ("import sys; from lint import readability; h = readability.Hyphenator.en_us(); "
             "print(h.points('interoperability'), 'pyphen' in sys.modules)")
    env = {**os.environ, "COPYDESK_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT)
    assert first.stdout.split() == ["6", "True"], first.stderr
    assert second.stdout.split() == ["6", "False"], second.stderr


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß'0123456789", min_size=1, max_size=30))
def test_hyphenation_points_equal_pyphens_on_any_word(word):
    import pyphen

    if readability._hyphenator is None:
        readability._hyphenator = readability.Hyphenator.en_us()
    assert readability._hyphenator.points(word) == len(pyphen.Pyphen(lang="en_US").positions(word))


def test_parsed_rule_files_are_reused_and_the_cache_holds_only_the_rules_in_use(monkeypatch, tmp_path):
    from lint.rules import Registry

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "extra" / "house"
    pack.mkdir(parents=True)
    rule = pack / "banned.yaml"
    rule.write_text("kind: existence\nlevel: warning\nscope: sentence\nmessage: 'No.'\ntokens: [synergy]\n")
    first = Registry([tmp_path / "extra"])
    (saved,) = (tmp_path / "cache").iterdir()
    assert cache_dir.load_marshal(saved.name).keys() == {str(rule)}
    calls = []
    monkeypatch.setattr("lint.rules.parse_rule_file", lambda path: calls.append(path))
    assert Registry([tmp_path / "extra"]).rules["house.banned"].options == first.rules["house.banned"].options
    assert calls == []  # nothing parsed: the YAML came from the cache
    monkeypatch.undo()
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    rule.unlink()
    (pack / "other.yaml").write_text("kind: existence\nlevel: error\nscope: sentence\nmessage: 'No.'\ntokens: [leverage]\n")
    assert set(Registry([tmp_path / "extra"]).rules) == {"house.other"}
    assert cache_dir.load_marshal(saved.name).keys() == {str(pack / "other.yaml")}  # the removed file is gone


def test_derived_data_is_rebuilt_when_its_source_file_changes_or_the_saved_copy_is_damaged(monkeypatch, tmp_path):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("alpha beta")
    builds = []

    def build():
        words = source.read_text().split()
        builds.append(words)
        return words, " ".join(words)

    def restore(saved):
        if not isinstance(saved, str):
            raise TypeError("not a saved word list")
        return saved.split()

    assert cache_dir.derived("words", str(source), build, restore) == ["alpha", "beta"]
    assert cache_dir.derived("words", str(source), build, restore) == ["alpha", "beta"] and len(builds) == 1
    source.write_text("alpha beta gamma")  # new size: a new key
    assert cache_dir.derived("words", str(source), build, restore) == ["alpha", "beta", "gamma"] and len(builds) == 2
    # The name holds the size, then the modification time: match the size field, not any digits.
    (saved,) = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(f"words-{source.stat().st_size}-")]
    cache_dir.save_marshal(saved.name, 42)  # restore raises TypeError: built again
    assert cache_dir.derived("words", str(source), build, restore) == ["alpha", "beta", "gamma"] and len(builds) == 3


def test_derived_files_of_older_sources_and_formats_are_pruned_to_the_newest_few(monkeypatch, tmp_path):
    # Every reinstall of a package gives its data file a new time, and so the derived table a
    # new name: the folder keeps the newest few of a family (any format number), not all.
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    keep = cache_dir._KEEP_PER_FAMILY
    stale = []
    for n in range(keep + 3):
        path = tmp_path / "cache" / f"table-{n % 2 + 1}-10-{n}.marshal"
        path.write_bytes(b"")
        os.utime(path, ns=(n * 10**9, n * 10**9))
        stale.append(path.name)
    (tmp_path / "cache" / "other-1-10-0.marshal").write_bytes(b"")
    source = tmp_path / "words.txt"
    source.write_text("alpha")
    cache_dir.derived("table-3", str(source), lambda: (["alpha"], "alpha"), lambda saved: saved.split())
    left = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert left == sorted(["other-1-10-0.marshal", *stale[-(keep - 1):],
                           f"table-3-{source.stat().st_size}-{source.stat().st_mtime_ns}.marshal"])
