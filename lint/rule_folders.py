"""Where rule files live: the built-in packs, plug-in packs, ``rules-path`` folders.

Apart from :mod:`lint.rules` so that a warm run can describe the rules it would build (see
:mod:`lint.rules_memo`) without importing what builds them.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import Any

from .plugins import entry_points_of

_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _valid_name(name: str) -> bool:
    """``re.match(r"^[a-z0-9][a-z0-9-]*$", name)`` without a pattern, whose compiling (or the
    table of compiled patterns, lint/regexes.py) a warm run would otherwise pay for."""
    if name.endswith("\n"):  # "$" also matches before a final line break
        name = name[:-1]
    return bool(name) and name[0] != "-" and _NAME_CHARACTERS.issuperset(name)


def rule_files(folder: Path) -> list[tuple[str, Path]]:
    """(id, path) of every ``<pack>/<name>.yaml`` under ``folder``, sorted by id."""
    return [(rule_id, Path(path)) for rule_id, path in rule_file_names(str(folder))]


def rule_file_names(folder: str) -> list[tuple[str, str]]:
    """:func:`rule_files` with paths as strings, listed as ``Path.glob("*/*.yaml")`` would list
    them (pack folders may be links; unreadable ones are skipped), without pathlib's cost."""
    found = []
    for pack in _entries(folder):
        if not _valid_name(pack.name) or not _is_dir(pack):
            continue
        for entry in _entries(pack.path):
            name = entry.name
            if name.endswith(".yaml") and _valid_name(name[:-5]):
                found.append((f"{pack.name}.{name[:-5]}", os.path.join(pack.path, name)))
    return sorted(found)


def _entries(folder: str) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def builtin_rules_folder() -> Path:
    package = Path(__file__).parent
    shipped = package / "rules"  # inside an installed wheel
    return shipped if shipped.is_dir() else package.parent / "rules"  # a source checkout


def plugin_rule_folders() -> list[Path]:
    """Folders of packs installed as Python packages (entry point group ``copydesk.packs``).

    The entry point names a module (its folder holds the packs) or an attribute that is a path
    or a function returning one.
    """
    folders = []
    for ep_name, ep_value in entry_points_of("copydesk.packs"):
        module_name, _, attr = ep_value.partition(":")
        try:
            module = import_module(module_name)
            target: Any = getattr(module, attr) if attr else Path(module.__file__).parent
            if callable(target):
                target = target()
        except Exception as exc:  # a broken plug-in must not crash with a traceback
            from .kinds import RuleError  # noqa: PLC0415 - the document model, for errors only

            raise RuleError(f"rule pack plug-in '{ep_name}' ({ep_value}) failed to load: {exc}") from None
        folders.append(Path(target))
    return folders
