"""The rules key of a file without building its rules.

To take a file's findings from the result cache (lint/result_cache.py), a run must know the key
of the rules the file would be linted with, and computing it builds the rules: every kind
imported, its options validated, its patterns loaded, about 15 ms of a pre-commit run whose
article is then found in the cache. The key can only change when what the rules are built from
changes, so the cache also remembers which key each description of those inputs gave:

- the configuration as parsed (selection, per-file tables, rules-path, ...) and the command
  line's overrides;
- every rule file in every rule folder (built-in, plug-in packs, rules-path) by path, size and
  modification time, as the parsed rule files themselves are kept (lint.rules.ParsedRuleFiles);
- copydesk's code (version, modules' sizes and times) and the installed plug-ins;
- with per-file tables, the file's real path, which decides the tables that apply to it.

The same description gives the same key. Two things are never described, and so always built:
a configuration with grammar settings, and a rule list holding a kind bound to run settings
(the grammar rule: a server's address, the content of a vocabulary file), whose key depends on
more than these inputs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .plugins import entry_points_of, installed
from .result_cache import _code_version
from .rule_folders import builtin_rules_folder, plugin_rule_folders, rule_file_names


def describe(config: Any, overrides: Any) -> str | None:
    """What the rules of ``config`` under ``overrides`` are built from, as one string; None
    when that cannot be told from files alone (see the module docstring)."""
    if config.grammar is not None:
        return None
    folders = [builtin_rules_folder(), *plugin_rule_folders(), *config.rules_path, *overrides.rules_path]
    files = []
    for folder in folders:
        for rule_id, path in rule_file_names(str(folder)):
            try:
                st = os.stat(path)
            except OSError:
                return None  # the rules cannot be built either: let that say why
            files.append((rule_id, path, st.st_size, st.st_mtime_ns))
    return repr((_code_version(), installed(), entry_points_of("copydesk.kinds"), repr(config), repr(overrides),
                 [str(f) for f in folders], files))


def file_part(config: Any, path: str) -> str:
    """Which file of ``config`` a key is for: all of them ("") unless per-file tables apply."""
    return os.path.realpath(path) if config.per_file else ""


def memorable(rules: Sequence[Any]) -> bool:
    """Whether a rule list's key follows from :func:`describe` alone (no kind bound to run
    settings, none with a key of its own)."""
    return not any(getattr(r.kind, "bind", None) is not None or getattr(r.kind, "cache_key", "") for r in rules)
