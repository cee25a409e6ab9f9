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
