"""Which rules run on a file, at which level and with which options.

Order of precedence, each step applied on top of the previous one: the rules' own defaults,
the configuration file (``select`` replaces, ``extend-select`` adds, ``ignore`` removes), the
``per-file`` tables whose glob matches the file, then the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathspec costs 25 ms to import: only runs that match globs pay for it
    from pathlib import Path

    import pathspec

    from .rules import Registry, Rule

from typing import Any

# lint.rules (kinds, the document model, patterns) is imported when rules are first built: a
# warm run takes every file's findings from the result cache and builds none.
from .config import Config, ConfigError, Selection
from .records import Value, set_field


class Overrides(Value):
    """Settings given on the command line; they win over every file. ``grammar``: the grammar
    rule's settings of the command line (--languagetool-url, --require-grammar, --no-cache,
    --cache-dir; a dict, see lint/grammar/settings.py; None: none given)."""

    __slots__ = _fields = ("select", "extend_select", "ignore", "fail_level", "rules_path", "grammar")
    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_level: str | None
    rules_path: tuple[Path, ...]
    grammar: Any

    def __init__(self, select: tuple[str, ...] | None = None, extend_select: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = (), fail_level: str | None = None, rules_path: tuple[Path, ...] = (),
                 grammar: Any = None) -> None:
        set_field(self, "select", select)
        set_field(self, "extend_select", extend_select)
        set_field(self, "ignore", ignore)
        set_field(self, "fail_level", fail_level)
        set_field(self, "rules_path", rules_path)
        set_field(self, "grammar", grammar)


def _spec(patterns: list[str]) -> pathspec.PathSpec:
    import pathspec  # noqa: PLC0415 - lazy, see above
    return pathspec.PathSpec.from_lines("gitwildmatch", patterns)


class _Resolved:
    def __init__(self, registry: Registry, per_file: list[tuple[pathspec.PathSpec, Selection]]) -> None:
        self.registry = registry
        self.per_file = per_file
        self.cache: dict[tuple[int, ...], list[Rule]] = {}


class RuleResolver:
    """Resolves the rule list per file, validating each configuration once."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self._registries: dict[tuple[Path, ...], Registry] = {}
        self._configs: dict[int, _Resolved] = {}

    def registry(self, config: Config) -> Registry:
        folders = tuple(config.rules_path) + tuple(self.overrides.rules_path)
        if folders not in self._registries:
            from .long_lived import long_lived  # noqa: PLC0415
            from .rules import Registry  # noqa: PLC0415 - see the imports

            with long_lived():
                self._registries[folders] = Registry.default(list(folders))
        return self._registries[folders]

    def _prepare(self, config: Config) -> _Resolved:
        key = id(config)
        if key not in self._configs:
            registry = self.registry(config)
            where = str(config.path) if config.path else "command line"
            prefix = "tool.copydesk." if config.path and config.path.name == "pyproject.toml" else ""
            self._validate(registry, config.selection, where, prefix)
            for glob, sel in config.per_file:
                self._validate(registry, sel, where, f"{prefix}per-file.{glob}.")
            self._validate(
                registry,
                Selection(list(self.overrides.select) if self.overrides.select is not None else None,
                          list(self.overrides.extend_select), list(self.overrides.ignore)),
                "command line", "--",
            )
            self._configs[key] = _Resolved(registry, [(_spec([g]), s) for g, s in config.per_file])
        return self._configs[key]

    @staticmethod
    def _validate(registry: Registry, sel: Selection, where: str, prefix: str) -> None:
        from .kinds import RuleError  # noqa: PLC0415 - loaded with the registry

        for key, selectors in (("select", sel.select or []), ("extend-select", sel.extend_select), ("ignore", sel.ignore)):
            for selector in selectors:
                if not registry.expand(selector):
                    raise ConfigError(f"{where}: {prefix}{key}: unknown rule or pack '{selector}'")
        for rule_id, settings in sel.rules.items():
            if rule_id not in registry.rules:
                raise ConfigError(f"{where}: {prefix}rules: unknown rule '{rule_id}'")
            try:
                registry.rules[rule_id].configured(settings.level, settings.options)
            except RuleError as exc:
                raise ConfigError(f"{where}: {prefix}rules.{rule_id}: {exc}".replace(
                    f"configuration of rule '{rule_id}': ", "")) from None

    def rules_for(self, config: Config, path: Path | None) -> list[Rule]:
        resolved = self._prepare(config)
        registry = resolved.registry
        matching: list[int] = []
        if path is not None and resolved.per_file:
            try:
                rel = path.resolve().relative_to(config.root.resolve()).as_posix()
            except ValueError:
                rel = path.as_posix()
            matching = [i for i, (spec, _) in enumerate(resolved.per_file) if spec.match_file(rel)]
        cache_key = tuple(matching)
        if cache_key in resolved.cache:
            return resolved.cache[cache_key]

        enabled = {r.id for r in registry.rules.values() if r.default}
        settings = dict(config.selection.rules)
        layers = [config.selection] + [resolved.per_file[i][1] for i in matching]
        ov = self.overrides
        layers.append(Selection(list(ov.select) if ov.select is not None else None,
                                list(ov.extend_select), list(ov.ignore)))
        # ``enabled`` may hold ids a rule reports of its own (grammar.en-a-vs-an, see
        # Registry.owner); ``muted`` holds such ids that an ``ignore`` switched off.
        muted: set[str] = set()
        for layer in layers:
            if layer.select is not None:
                enabled = {r for s in layer.select for r in registry.expand(s)}
                muted = set()
            added = {r for s in layer.extend_select for r in registry.expand(s)}
            enabled |= added
            muted -= added
            removed = {r for s in layer.ignore for r in registry.expand(s)}
            enabled -= removed
            muted |= {r for r in removed if registry.owner(r)}
            settings.update(layer.rules)
        only: dict[str, set[str]] = {}
        for rule_id in [r for r in enabled if r not in registry.rules]:
            enabled.discard(rule_id)
            owner = registry.owner(rule_id)
            if owner not in enabled:
                only.setdefault(owner, set()).add(rule_id)
        rules = []
        for rule_id in sorted(enabled | set(only)):
            rule = registry.rules[rule_id]
            if rule_id in settings:
                rule = rule.configured(settings[rule_id].level, settings[rule_id].options)
            if rule_id in registry.owners.values():
                mine = frozenset(r for r in muted if registry.owner(r) == rule_id)
                rule = rule.replace(muted_ids=mine, only_ids=frozenset(only[rule_id]) if rule_id in only else None)
            rules.append(rule)
        rules = self._bind(rules, config)
        resolved.cache[cache_key] = rules
        return rules

    def _bind(self, rules: list[Rule], config: Config) -> list[Rule]:
        """Give rules whose kind needs run settings (a server's address: ``bind``) their
        settings, from the configuration and the command line. A kind without settings it can
        use stays as it is; one with a bad setting raises ConfigError."""
        out = []
        for rule in rules:
            bind = getattr(rule.kind, "bind", None)
            if bind is not None:
                rule = rule.replace(kind=bind(config, self.overrides, rules))
            out.append(rule)
        return out
