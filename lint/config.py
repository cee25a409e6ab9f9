"""Configuration: ``.copydesk.toml`` or ``[tool.copydesk]`` in ``pyproject.toml``.

Found by walking up from each linted file (the nearest wins), or named with ``--config``.
Validation is strict: an unknown key, a wrong type, an unknown rule id or level is an error
that names the file and the key. Command-line settings are applied on top of the file.
"""

from __future__ import annotations

import os

from pathlib import Path
from typing import Any

from .levels import LEVELS
from .records import Record

CONFIG_NAMES = (".copydesk.toml", "pyproject.toml")
_RULE_KEYS = ("level",)


class ConfigError(Exception):
    """Invalid configuration; the message names the file and key."""


def user_errors() -> tuple[type[Exception], ...]:
    """ConfigError and lint.kinds.RuleError, the errors a user can fix, for ``except`` clauses.

    Python evaluates an ``except`` clause's classes only once an exception is raised, so
    ``except user_errors():`` imports lint.kinds (and the document model under it) only then: a
    warm run, which builds no rule, never does.
    """
    from .kinds import RuleError  # noqa: PLC0415

    return ConfigError, RuleError


class RuleSettings(Record):
    _fields = ("level", "options")

    def __init__(self, level: str | None = None, options: dict[str, Any] | None = None) -> None:
        self.level = level
        self.options = {} if options is None else options


class Selection(Record):
    """Which rules run and how: the part of the configuration that per-file tables may override."""

    _fields = ("select", "extend_select", "ignore", "rules")

    def __init__(self, select: list[str] | None = None, extend_select: list[str] | None = None,
                 ignore: list[str] | None = None, rules: dict[str, RuleSettings] | None = None) -> None:
        self.select = select
        self.extend_select = [] if extend_select is None else extend_select
        self.ignore = [] if ignore is None else ignore
        self.rules = {} if rules is None else rules


class Config(Record):
    """One configuration file's settings. ``path``: None for the built-in defaults; ``root``:
    where relative globs and paths start (by default the working folder); ``extra``: reserved
    for later sections; ``grammar``: languagetool-url, vocabulary and the [grammar] table (a
    lint.grammar.settings.GrammarConfig; None: no grammar key, the defaults)."""

    _fields = ("path", "root", "selection", "per_file", "exclude", "rules_path", "fail_level", "extra", "grammar")

    def __init__(self, path: Path | None = None, root: Path | None = None, selection: Selection | None = None,
                 per_file: list[tuple[str, Selection]] | None = None, exclude: list[str] | None = None,
                 rules_path: list[Path] | None = None, fail_level: str | None = None,
                 extra: dict[str, Any] | None = None, grammar: Any = None) -> None:
        self.path = path
        self.root = Path.cwd() if root is None else root
        self.selection = Selection() if selection is None else selection
        self.per_file = [] if per_file is None else per_file
        self.exclude = [] if exclude is None else exclude
        self.rules_path = [] if rules_path is None else rules_path
        self.fail_level = fail_level
        self.extra = {} if extra is None else extra
        self.grammar = grammar


_SELECTION_KEYS = {"select", "extend-select", "ignore", "rules"}
_GRAMMAR_KEYS = {"languagetool-url", "vocabulary", "grammar"}  # lint/grammar/settings.py
_TOP_KEYS = _SELECTION_KEYS | {"per-file", "exclude", "rules-path", "fail-level"} | _GRAMMAR_KEYS


def _where(path: Path, key: str) -> str:
    return f"{path}: key '{key}'"


def _str_list(value: Any, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(path, key)} must be a list of strings")
    return value


def _table(value: Any, path: Path, key: str, shape: str = "a table") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(path, key)} must be {shape}")
    return value


def _level(value: Any, path: Path, key: str) -> str:
    if value not in LEVELS:
        raise ConfigError(f"{_where(path, key)} must be one of {', '.join(LEVELS)}, got {value!r}")
    return value


def _parse_selection(table: dict[str, Any], path: Path, prefix: str) -> Selection:
    sel = Selection()
    if "select" in table:
        sel.select = _str_list(table["select"], path, prefix + "select")
    if "extend-select" in table:
        sel.extend_select = _str_list(table["extend-select"], path, prefix + "extend-select")
    if "ignore" in table:
        sel.ignore = _str_list(table["ignore"], path, prefix + "ignore")
    rules = _table(table.get("rules", {}), path, prefix + "rules", "a table of rule tables")
    for rule_id, settings in rules.items():
        key = f"{prefix}rules.{rule_id}"
        settings = _table(settings, path, key)
        level = settings.get("level")
        sel.rules[rule_id] = RuleSettings(
            _level(level, path, key + ".level") if level is not None else None,
            {k: v for k, v in settings.items() if k not in _RULE_KEYS},
        )
    return sel


def parse_config(table: dict[str, Any], path: Path) -> Config:
    prefix = "tool.copydesk." if path.name == "pyproject.toml" else ""
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{_where(path, prefix + unknown[0])} is not a copydesk setting "
                          f"(known: {', '.join(sorted(_TOP_KEYS))})")
    cfg = Config(path=path, root=path.parent)
    cfg.selection = _parse_selection(table, path, prefix)
    per_file = _table(table.get("per-file", {}), path, prefix + "per-file", "a table of glob = table")
    for glob, sub in per_file.items():
        key = f"{prefix}per-file.{glob}"
        sub = _table(sub, path, key)
        bad = sorted(set(sub) - _SELECTION_KEYS)
        if bad:
            raise ConfigError(f"{_where(path, key + '.' + bad[0])} is not allowed per file "
                              f"(allowed: {', '.join(sorted(_SELECTION_KEYS))})")
        cfg.per_file.append((glob, _parse_selection(sub, path, key + ".")))
    if "exclude" in table:
        cfg.exclude = _str_list(table["exclude"], path, prefix + "exclude")
    if "rules-path" in table:
        cfg.rules_path = [(path.parent / p).resolve() for p in _str_list(table["rules-path"], path, prefix + "rules-path")]
        for folder, raw in zip(cfg.rules_path, _str_list(table["rules-path"], path, prefix + "rules-path")):
            if not folder.is_dir():
                raise ConfigError(f"{_where(path, prefix + 'rules-path')}: folder '{raw}' does not exist")
    if "fail-level" in table:
        cfg.fail_level = _level(table["fail-level"], path, prefix + "fail-level")
    if _GRAMMAR_KEYS & set(table):  # imported only then: most configurations have none
        from .grammar.settings import SettingsError, parse_grammar

        try:
            cfg.grammar = parse_grammar(table, path.parent, lambda key: _where(path, prefix + key))
        except SettingsError as exc:
            raise ConfigError(str(exc)) from None
    return cfg


def read_config(path: Path) -> Config | None:
    """The configuration in ``path``; None for a pyproject.toml without ``[tool.copydesk]``."""
    from .toml import tomllib  # noqa: PLC0415 - only runs that find a configuration file pay

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("copydesk")
        if table is None:
            return None
        data = _table(table, path, "tool.copydesk")
    return parse_config(data, path)


class ConfigFinder:
    """Finds the nearest configuration for each linted path, caching per folder."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = read_config(explicit) if explicit else None
        if explicit and self._explicit is None:
            raise ConfigError(f"{explicit}: no [tool.copydesk] table")
        self._cache: dict[Path, Config] = {}
        # Folder as written -> its configuration: resolving every path is the costly part when
        # thousands of files share a few folders.
        self._by_folder: dict[str, Config] = {}
        # Path as written -> its configuration: a run asks several times per file.
        self._by_path: dict[str, Config] = {}

    def for_path(self, path: Path | str) -> Config:
        if self._explicit is not None:
            return self._explicit
        raw = os.fspath(path)
        found = self._by_path.get(raw)
        if found is None:
            if os.path.islink(raw):  # a link's configuration is its target's folder's
                target = Path(raw).resolve()
                found = self._for_folder(target if target.is_dir() else target.parent)
            else:
                found = self._in_folder(raw if os.path.isdir(raw) else (os.path.dirname(raw) or "."))
            self._by_path[raw] = found
        return found

    def for_listed(self, raw: str, is_dir: bool) -> Config:
        """:meth:`for_path` for a path found by listing its folder, which told whether it is a
        folder and that it is not a symbolic link, two questions for_path asks the system."""
        if self._explicit is not None:
            return self._explicit
        found = self._by_path.get(raw)
        if found is None:
            # the folder as written, separator kept: "a/" resolves as "a" does
            folder = raw if is_dir else raw[: raw.rfind(os.sep) + 1] or "."
            found = self._by_path[raw] = self._in_folder(folder)
        return found

    def _in_folder(self, key: str) -> Config:
        found = self._by_folder.get(key)
        if found is None:
            found = self._by_folder[key] = self._for_folder(Path(key).resolve())
        return found

    def _for_folder(self, folder: Path) -> Config:
        if folder in self._cache:
            return self._cache[folder]
        found: Config | None = None
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found = read_config(candidate)
                if found is not None:
                    break
        if found is None:
            found = self._for_folder(folder.parent) if folder.parent != folder else Config()
        self._cache[folder] = found
        return found
