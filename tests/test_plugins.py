"""The entry-point lookup cache (lint/plugins.py): right answers, rescanned when installs change."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

_PROBE = textwrap.dedent("""
    import sys
    from lint.plugins import entry_points_of
    print(sorted(entry_points_of("copydesk.reporters")), "importlib.metadata" in sys.modules)
""")


def _probe(site: Path, cache: Path) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(Path(__file__).parents[1])]),
           "COPYDESK_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def _install(site: Path, name: str, value: str) -> None:
    meta = site / f"{name}-1.0.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (meta / "entry_points.txt").write_text(f"[copydesk.reporters]\n{name} = {value}\n")


def test_entry_points_are_remembered_and_rescanned_when_a_package_is_installed(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    _install(site, "teamcity", "teamcity_report:Reporter")
    first = _probe(site, cache)
    assert first == "[('teamcity', 'teamcity_report:Reporter')] True"  # scanned the metadata
    # Nothing installed since: the answer comes from the cache, importlib.metadata is not imported.
    assert _probe(site, cache) == "[('teamcity', 'teamcity_report:Reporter')] False"
    _install(site, "shout", "shout_report:Reporter")
    assert _probe(site, cache) == (
        "[('shout', 'shout_report:Reporter'), ('teamcity', 'teamcity_report:Reporter')] True")


def test_an_edited_entry_point_file_is_seen(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    _install(site, "teamcity", "teamcity_report:Reporter")
    _probe(site, cache)
    entry_points = site / "teamcity-1.0.dist-info" / "entry_points.txt"
    stat = entry_points.stat()
    entry_points.write_text("[copydesk.reporters]\nteamcity = teamcity_report:Other\n")
    os.utime(entry_points, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # coarse clocks
    assert _probe(site, cache) == "[('teamcity', 'teamcity_report:Other')] True"


def test_a_new_file_in_the_current_folder_does_not_cost_a_rescan(tmp_path):
    """``python -m`` puts the current folder on the path; saving an article there changes it."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _install(site, "teamcity", "teamcity_report:Reporter")
    _probe(site, cache)
    (site / "draft.md").write_text("An article.\n")
    assert _probe(site, cache).endswith("False")


def test_answers_for_other_import_paths_are_pruned_to_the_newest(monkeypatch, tmp_path):
    """One answer per import path (each folder run with ``python -m``, each environment): the
    folder keeps the newest few, not one more file per folder ever used."""
    from lint import cache_dir, plugins

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(cache))
    for n in range(plugins._KEEP + 8):
        old = cache / f"entry-points-2-{n:08x}.marshal"
        old.write_bytes(b"")
        os.utime(old, ns=(n * 10**9, n * 10**9))
    (cache / "regexes-00000000.marshal").write_bytes(b"")  # another family: left alone
    monkeypatch.setattr(plugins, "_found", None)
    assert isinstance(plugins.entry_points_of("copydesk.kinds"), list)  # scanned afresh and saved
    left = sorted(p.name for p in cache.iterdir())
    assert len([n for n in left if n.startswith("entry-points-")]) == plugins._KEEP
    assert "regexes-00000000.marshal" in left and f"entry-points-2-{plugins._KEEP + 7:08x}.marshal" in left
    assert "entry-points-2-00000000.marshal" not in left
    newest = max(cache.glob("entry-points-*"), key=lambda p: p.stat().st_mtime_ns).name
    cache_dir.prune("entry-points-", keep=newest, count=3)  # the one kept and the two newest others
    assert sorted(p.name for p in cache.glob("entry-points-*")) == sorted(
        [newest, f"entry-points-2-{plugins._KEEP + 7:08x}.marshal", f"entry-points-2-{plugins._KEEP + 6:08x}.marshal"])
