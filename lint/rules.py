"""Rule files: ``<pack>/<name>.yaml`` -> :class:`Rule` with id ``<pack>.<name>``.

The id comes from the path, so two rules cannot share one. Rules come from the built-in
``rules/`` folder (shipped inside the wheel as ``lint/rules``), from packages registering a
``copydesk.packs`` entry point, and from folders named by ``rules-path`` in the configuration.
"""

from __future__ import annotations

import re
import zlib
from functools import cached_property
from pathlib import Path
from typing import Any

from .cache_dir import load_marshal, save_marshal
from .config import ConfigError
from .document import Block
from .kinds import Kind, RuleError, build_kind, kind_class, known_kinds
from .levels import LEVELS, level_rank  # noqa: F401 - also imported from here
from .records import Record
from .rule_folders import builtin_rules_folder, plugin_rule_folders, rule_files  # noqa: F401 - likewise
from .segment import split_block

SCOPES = ("text", "paragraph", "sentence", "heading")
_COMMON_KEYS = frozenset(
    {"kind", "level", "scope", "message", "description", "examples", "default", "link", "ignore-quotes", "fix"}
)
# ``fix: safe`` lets ``--fix`` apply the rule's fixes; ``unsafe`` (the default) waits for
# ``--unsafe-fixes``. A kind may still mark one hit unsafe (``Hit.safe = False``).
FIX_SAFETY = ("safe", "unsafe")


class Rule(Record):
    """A rule, as loaded from its file and configured. ``ignore_quotes``: style rules leave
    quoted speech alone (the engine drops their hits that touch a quote); ``fix_safe``: whether
    ``--fix`` may apply this rule's fixes without ``--unsafe-fixes``; for a kind that reports
    ids of its own (``reports_own_ids``), ``muted_ids`` are the ids switched off by ``ignore``,
    and ``only_ids``, when the rule was enabled only through such ids, the ids to report."""

    _fields = ("id", "kind_name", "level", "scope", "message", "description", "options", "examples", "path",
               "default", "link", "ignore_quotes", "kind", "fix_safe", "muted_ids", "only_ids")
    _unshown = frozenset({"kind"})

    def __init__(self, id: str, kind_name: str, level: str, scope: str, message: str,  # noqa: A002
                 description: str, options: dict[str, Any], examples: list[dict[str, Any]], path: Path,
                 default: bool = True, link: str | None = None, ignore_quotes: bool = False,
                 kind: Kind = None, fix_safe: bool = False,  # type: ignore[assignment]
                 muted_ids: frozenset[str] = frozenset(), only_ids: frozenset[str] | None = None) -> None:
        self.id = id
        self.kind_name = kind_name
        self.level = level
        self.scope = scope
        self.message = message
        self.description = description
        self.options = options
        self.examples = examples
        self.path = path
        self.default = default
        self.link = link
        self.ignore_quotes = ignore_quotes
        self.kind = kind
        self.fix_safe = fix_safe
        self.muted_ids = muted_ids
        self.only_ids = only_ids

    def reports(self, rule_id: str) -> bool:
        """Whether a hit with its own id ``rule_id`` is reported (it must be in this pack)."""
        return (rule_id.partition(".")[0] == self.pack and rule_id not in self.muted_ids
                and (self.only_ids is None or rule_id in self.only_ids))

    @property
    def pack(self) -> str:
        return self.id.partition(".")[0]

    @cached_property
    def summary(self) -> str:
        """The first sentence under "What it does", for listings."""
        m = re.search(r"#+\s*What it does\s*\n+(.+?)(?:\n\s*\n|\n#|$)", self.description, re.S)
        text = " ".join((m.group(1) if m else self.description.strip().split("\n")[0]).split())
        first = split_block(text, Block(0, len(text)))
        return text[first[0].start : first[0].end] if first else text

    def configured(self, level: str | None = None, options: dict[str, Any] | None = None) -> Rule:
        """A copy with a per-project level and options, the kind rebuilt and re-validated."""
        where = f"configuration of rule '{self.id}'"
        if level is not None and level not in LEVELS:
            raise RuleError(f"{where}: level must be one of {', '.join(LEVELS)}, got {level!r}")
        new_options = {**self.options, **(options or {})}
        kind = build_kind(type(self.kind), new_options, where) if options else self.kind
        return self.replace(level=level or self.level, options=new_options, kind=kind)


def _require(data: dict[str, Any], key: str, where: str, choices: tuple[str, ...] | None = None) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: '{key}' is required and must be a string")
    if choices and value not in choices:
        raise RuleError(f"{where}: '{key}' must be one of {', '.join(choices)}, got {value!r}")
    return value


def parse_rule_file(path: Path) -> Any:
    """A rule file's YAML, as plain data."""
    import yaml  # noqa: PLC0415 - 10 ms; a run whose rule files are all cached never needs it

    where = str(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{where}: cannot read rule file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark else ""
        raise RuleError(f"{where}: invalid YAML{at}: {getattr(exc, 'problem', exc)}") from None


class ParsedRuleFiles:
    """Rule files' parsed YAML, remembered in the user cache by path, size and modification
    time: parsing the built-in packs took a pre-commit run about 60 ms, loading them back 2 ms.
    One cache file per list of rule folders, holding the files of the last load only, so it
    never grows beyond the rules in use. A file that changed, or data marshal cannot store, is
    simply parsed again."""

    def __init__(self, folders: list[Path]) -> None:
        self.name = f"rule-files-2-{zlib.crc32(repr([str(f) for f in folders]).encode()):08x}.marshal"
        loaded = load_marshal(self.name)
        self.known: dict[str, tuple] = loaded if isinstance(loaded, dict) else {}
        self.entries: dict[str, tuple] = {}  # what this load read, in the layout saved
        self.parsed = False  # whether a file had to be parsed

    def get(self, path: Path) -> Any:
        try:
            st = path.stat()
        except OSError as exc:
            raise RuleError(f"{path}: cannot read rule file: {exc.strerror or exc}") from None
        key = str(path)
        entry = self.known.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (st.st_size, st.st_mtime_ns)):
            entry = (st.st_size, st.st_mtime_ns, parse_rule_file(path))
            self.parsed = True
        self.entries[key] = entry
        return entry[2]

    def save(self) -> None:
        if self.parsed or self.entries.keys() != self.known.keys():
            save_marshal(self.name, self.entries)  # a value marshal refuses is just not saved


def load_rule(path: Path, rule_id: str, parsed: ParsedRuleFiles | None = None) -> Rule:
    where = str(path)
    data = parsed.get(path) if parsed is not None else parse_rule_file(path)
    if not isinstance(data, dict):
        raise RuleError(f"{where}: a rule file must be a mapping")
    kind_name = _require(data, "kind", where)
    cls = kind_class(kind_name)
    if cls is None:
        raise RuleError(f"{where}: unknown kind {kind_name!r} (known: {', '.join(known_kinds())})")
    level = _require(data, "level", where, LEVELS)
    scope = _require(data, "scope", where, SCOPES)
    message = _require(data, "message", where)
    description = data.get("description", "")
    if not isinstance(description, str):
        raise RuleError(f"{where}: 'description' must be a string")
    examples = data.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        raise RuleError(f"{where}: 'examples' must be a list of mappings")
    default = data.get("default", True)
    if not isinstance(default, bool):
        raise RuleError(f"{where}: 'default' must be true or false")
    ignore_quotes = data.get("ignore-quotes", False)
    if not isinstance(ignore_quotes, bool):
        raise RuleError(f"{where}: 'ignore-quotes' must be true or false")
    fix = data.get("fix", "unsafe")
    if fix not in FIX_SAFETY:
        raise RuleError(f"{where}: 'fix' must be safe or unsafe, got {fix!r}")
    options = {k: v for k, v in data.items() if k not in _COMMON_KEYS}
    kind = build_kind(cls, options, where)
    return Rule(rule_id, kind_name, level, scope, message, description, options, examples, path,
                default, data.get("link"), ignore_quotes, kind, fix_safe=fix == "safe")


class RuleIds(frozenset):
    """The ids of the known rules. In a pack whose rule reports ids of its own (the ``grammar``
    pack: ``grammar.<LanguageTool check>``), every ``<pack>.<name>`` counts as known, so that
    directives and ``ignore`` may name those ids."""

    dynamic_packs: frozenset[str]

    def __new__(cls, ids=(), dynamic_packs=()):
        self = super().__new__(cls, ids)
        self.dynamic_packs = frozenset(dynamic_packs)
        return self

    def __contains__(self, item: object) -> bool:
        if frozenset.__contains__(self, item):
            return True
        if not isinstance(item, str) or not self.dynamic_packs:
            return False
        pack, dot, name = item.partition(".")
        return bool(dot and name) and pack in self.dynamic_packs

    def __reduce__(self):
        return (RuleIds, (frozenset(self), self.dynamic_packs))


class Registry:
    """Every known rule, by id, loaded from a list of folders (later folders cannot redefine)."""

    def __init__(self, folders: list[Path]) -> None:
        self.rules: dict[str, Rule] = {}
        parsed = ParsedRuleFiles(folders)
        for folder in folders:
            for rule_id, path in rule_files(folder):
                if rule_id in self.rules:
                    raise RuleError(f"{path}: rule id '{rule_id}' is already defined by {self.rules[rule_id].path}")
                self.rules[rule_id] = load_rule(path, rule_id, parsed)
        parsed.save()
        self.packs = frozenset(r.partition(".")[0] for r in self.rules)
        # pack -> the rule of that pack whose kind reports ids of its own
        self.owners = {r.pack: r.id for r in self.rules.values() if getattr(r.kind, "reports_own_ids", False)}
        self.ids = RuleIds(self.rules, self.owners)

    @classmethod
    def default(cls, extra_folders: list[Path] | None = None) -> Registry:
        builtin = builtin_rules_folder()
        if not builtin.is_dir():  # a broken installation would otherwise lint with no rule at all
            raise ConfigError(f"the built-in rules are missing (no folder {builtin}): reinstall copydesk")
        return cls([builtin, *plugin_rule_folders(), *(extra_folders or [])])

    def expand(self, selector: str) -> list[str]:
        """Rule ids matching a selector: an id, a pack name, or ``all``."""
        if selector == "all":
            return sorted(self.rules)
        if selector in self.rules:
            return [selector]
        if selector in self.packs:
            return sorted(r for r in self.rules if r.partition(".")[0] == selector)
        if selector in self.ids:  # an id reported by a rule of this pack (grammar.en-a-vs-an)
            return [selector]
        return []

    def owner(self, rule_id: str) -> str | None:
        """The rule that reports ``rule_id`` when it is not a rule of its own, else None."""
        return None if rule_id in self.rules else self.owners.get(rule_id.partition(".")[0])
