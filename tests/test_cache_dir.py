"""The user cache: derived data saved atomically, and any broken cache only costs time."""

from __future__ import annotations

import os

from lint import cache_dir, readability


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
    cached = readability._cmu_syllables()  # loads the saved table
    assert cached == parsed and parsed["recognition"] == 4 and parsed["ukraine"] == 2
