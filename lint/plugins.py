"""Entry points of copydesk's plug-in groups (kinds, rule packs, reporters), looked up cheaply.

``importlib.metadata`` costs about 15 ms to import and more to scan every installed
distribution, on every run, although what is installed rarely changes: a pre-commit run spent
a third of its time there. The answer is kept in the user cache under a signature of the
import path: each folder on ``sys.path`` with its modification time and the modification
times of the distribution metadata folders in it (installing, removing or upgrading a package
changes them). Any difference, and the metadata is scanned again.

The signature is kept whole rather than as a digest: comparing a few kilobytes costs nothing,
and hashlib (OpenSSL) would cost a warm run 2 ms to import.
"""

from __future__ import annotations

import os
import sys
import zlib

from .cache_dir import load_marshal, prune, save_marshal

GROUPS = ("copydesk.kinds", "copydesk.packs", "copydesk.reporters")
_METADATA_SUFFIXES = (".dist-info", ".egg-info", ".egg-link", ".pth")

_KEEP = 32  # answers kept for as many import paths

_found: dict[str, list[tuple[str, str]]] | None = None
_signed: str | None = None  # the signature the answer above was taken under


def _signature() -> list:
    """What the installed distributions depend on, cheaply: for each folder on the import path,
    its metadata folders and ``.pth`` files with the time of their entry-point file. Not the
    folders' own times: the current folder is on the path under ``python -m``, and it changes
    whenever a file is saved."""
    parts: list = [sys.version]
    for entry in sys.path:
        meta = []
        try:
            with os.scandir(entry or ".") as it:
                for item in it:
                    if item.name.endswith(_METADATA_SUFFIXES):
                        meta.append((item.name, _mtime(os.path.join(item.path, "entry_points.txt"))
                                     if item.is_dir() else item.stat().st_mtime_ns))
        except OSError:  # a zip file or a missing folder: its own time stands for it
            meta.append(_mtime(entry))
        parts.append((entry, sorted(meta, key=repr)))
    return parts


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _scan() -> dict[str, list[tuple[str, str]]]:
    from importlib.metadata import entry_points  # noqa: PLC0415 - the slow path

    return {group: [(ep.name, ep.value) for ep in entry_points(group=group)] for group in GROUPS}


def _lookup() -> dict[str, list[tuple[str, str]]]:
    global _found, _signed
    if _found is None:
        _signed = repr(_signature())
        # The file name only spreads import paths over files; what is in it is checked in full.
        name = f"entry-points-2-{zlib.crc32(repr(sys.path).encode()):08x}.marshal"
        saved = load_marshal(name)
        if isinstance(saved, dict) and saved.get("signature") == _signed and isinstance(saved.get("groups"), dict):
            _found = saved["groups"]
        else:
            _found = _scan()
            save_marshal(name, {"signature": _signed, "groups": _found})
            # One file per import path (a folder of its own under ``python -m``, each
            # environment): the newest few stay, enough for environments used in turn.
            prune("entry-points-", keep=name, count=_KEEP)
    return _found


def entry_points_of(group: str) -> list[tuple[str, str]]:
    """(name, value) of each entry point in one of :data:`GROUPS`."""
    return list(_lookup().get(group, ()))


def installed() -> str:
    """What the answers depend on, for caches of things plug-ins could change: empty when no
    copydesk plug-in is installed (installing one changes the answers themselves), else the
    signature of the installed distributions (an upgraded plug-in changes it)."""
    found = _lookup()
    return _signed if any(found.values()) and _signed is not None else ""
