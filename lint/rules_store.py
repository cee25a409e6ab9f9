"""Built rules kept in the user cache, so that a run with the result cache on builds none.

A pre-commit hook lints the articles a commit changed: none is in the result cache, so their
rules are needed, and building them (every rule file read back, every kind's options checked,
its word lists and patterns prepared) cost such a run about 7 ms. The rules a description of
their inputs gives (lint/rules_memo.py: the parsed configuration, the command line's overrides,
every rule file's size and time, copydesk's code, the plug-ins) are always the same, so the
run that builds them keeps them here, pickled, under that description, and a later run with
the same description loads them instead.

One file per configuration file (and per file of it, with per-file tables), holding the last
rules built for it: a changed description replaces it, so the folder does not fill up with old
versions. Patterns are pickled as their text and flags and compiled back through
lint/regexes.py (pickle would compile them afresh with ``re``). Loading accepts only classes
from copydesk's modules, from the kinds' plug-in modules, pathlib's paths and ``re``'s flags: the file is data,
not code to run. Rules that do not pickle (a plug-in kind holding a function), a damaged or
foreign file, any error while loading: the rules are built as usual.
"""

from __future__ import annotations

import copyreg
import io
import re
import zlib
from typing import Any

try:  # the C module alone: pickle.py costs a run 1 ms to import and is not needed here
    from _pickle import Pickler, Unpickler
except ImportError:  # pragma: no cover - not CPython
    from pickle import Pickler, Unpickler

from .cache_dir import load_marshal, save_marshal
from .long_lived import long_lived
from .plugins import entry_points_of

_FORMAT = 1  # bump when what is saved changes shape


def _name(config: Any, file: str) -> str:
    slot = f"{config.path}\x00{file}".encode()
    return f"rules-built-{_FORMAT}-{zlib.crc32(slot):08x}.marshal"


def _pattern(p: re.Pattern) -> tuple:
    from .regexes import compiled  # noqa: PLC0415 - loaded with the rules anyway

    flags = int(p.flags) & ~re.UNICODE if isinstance(p.pattern, str) else int(p.flags)
    return (compiled, (p.pattern, flags))


def save(config: Any, signature: str, file: str, rules: list, ids: frozenset[str]) -> None:
    """Keep ``rules`` (and the known rule ids) under ``signature``; nothing when they do not
    pickle."""
    out = io.BytesIO()
    pickler = Pickler(out, protocol=5)
    pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _pattern}
    try:
        pickler.dump((rules, ids))
    except Exception:  # noqa: BLE001 - unpicklable state (PicklingError, TypeError, ...): build every time
        return
    save_marshal(_name(config, file), (signature, file, out.getvalue()))


def load(config: Any, signature: str, file: str) -> tuple[list, frozenset[str]] | None:
    """The rules kept under ``signature`` and the known rule ids, or None."""
    saved = load_marshal(_name(config, file))
    if not (isinstance(saved, tuple) and len(saved) == 3 and saved[0] == signature and saved[1] == file
            and isinstance(saved[2], bytes)):
        return None
    try:
        with long_lived():
            rules, ids = _Restricted(io.BytesIO(saved[2])).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign file: built as usual
        return None
    from .rules import Rule  # noqa: PLC0415 - imported by the load above

    if not (isinstance(rules, list) and all(isinstance(r, Rule) for r in rules) and isinstance(ids, frozenset)):
        return None
    return rules, ids


class _Restricted(Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "lint" or module.startswith("lint.") or (module, name) in _SAFE or module in _plugin_modules():
            return super().find_class(module, name)
        raise ValueError(f"rules store: {module}.{name} is not a class rules are made of")


# Rule files' paths, and the flags a kind may keep beside a pattern.
_SAFE = frozenset({("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path"), ("re", "RegexFlag")})


def _plugin_modules() -> set[str]:
    return {value.partition(":")[0] for _, value in entry_points_of("copydesk.kinds")}
