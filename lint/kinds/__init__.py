"""Kinds: the Python that finds spans for rules.

A kind is a dataclass whose fields are its option schema (a rule file's extra keys, kebab-case
in YAML, snake_case here). It only finds spans (:class:`Hit`); the engine adds the rule id,
level, message, positions and directives. Built-in kinds are listed in ``BUILTIN_KINDS`` and
imported on first use; third-party kinds register under the ``copydesk.kinds`` entry point.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any, ClassVar

from ..document import Document, Span


class RuleError(Exception):
    """A rule file or option is invalid; the message names file and key."""


@dataclass(slots=True)
class Hit:
    """A span a kind found. ``replacement`` replaces exactly ``[start, end)``; ``edit`` is the
    fix when it must touch more than the reported span (e.g. the comma before a removed clause).
    ``safe = False`` marks this hit's fix unsafe even when its rule says ``fix: safe``.

    A kind whose class sets ``reports_own_ids = True`` (LanguageTool: one rule, many checks) may
    give a hit its own ``rule`` id, which must lie in the rule's pack (``grammar.en-a-vs-an``),
    its own ``level`` and its own ``message``; the rule's are used where they are None. Such ids
    can be ignored, selected and named in directives like rule ids."""

    start: int
    end: int
    replacement: str | None = None
    params: dict[str, Any] | None = None
    edit: tuple[int, int, str] | None = None
    safe: bool | None = None
    rule: str | None = None
    level: str | None = None
    message: str | None = None


@dataclass(slots=True)
class Context:
    """What a kind may read: the document, the units of its rule's scope, and engine facts.

    ``scopes`` gives the units of any other scope (``ctx.of("sentence")`` from a text-scoped
    rule), computed once per document and shared by every rule.
    """

    doc: Document
    units: Sequence[Span]
    known_rules: frozenset[str] = frozenset()
    scopes: Any = None

    @property
    def text(self) -> str:
        return self.doc.masked

    def of(self, scope: str) -> Sequence[Span]:
        if self.scopes is None:  # a kind run outside the engine: compute on the spot
            from ..engine import Units

            self.scopes = Units(self.doc)
        return self.scopes.of(scope)


class Kind:
    """Base class for kinds. Subclasses are dataclasses and set ``name``."""

    name: ClassVar[str] = ""
    # Scheduling hints for a large document whose rules are spread over workers
    # (lint/rule_parallel.py): the kind's time per MB relative to a cheap pattern list, and a
    # name shared by kinds that reuse each other's facts in ``doc.cache`` (run in one worker).
    cost: ClassVar[float] = 1.0
    work_group: ClassVar[str] = ""

    def check(self, ctx: Context) -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError


BUILTIN_KINDS = {
    "existence": "lint.kinds.existence:Existence",
    "substitution": "lint.kinds.substitution:Substitution",
    "doubled-word": "lint.kinds.doubled_word:DoubledWord",
    "attribution": "lint.kinds.attribution:DuplicateAttribution",
    "undecodable": "lint.kinds.engine_checks:Undecodable",
    "unknown-directive-rule": "lint.kinds.engine_checks:UnknownDirectiveRule",
    "unused-directive": "lint.kinds.unused_directive:UnusedDirective",
    "stacked-attribution": "lint.kinds.attribution:StackedAttribution",
    "repeated-phrase": "lint.kinds.repeated_phrase:RepeatedPhrase",
    "self-reference": "lint.kinds.self_reference:SelfReference",
    "duplicate-text": "lint.kinds.duplicate_text:DuplicateText",
    "name-consistency": "lint.kinds.consistency:NameConsistency",
    "stray-line": "lint.kinds.stray_line:StrayLine",
    "readability-score": "lint.kinds.readability:ReadabilityScore",
    "long-sentence": "lint.kinds.readability:LongSentence",
    "long-paragraph": "lint.kinds.readability:LongParagraph",
    "languagetool": "lint.kinds.grammar:LanguageToolCheck",
}

_resolved: dict[str, type[Kind]] = {}


def _entry_point_kinds() -> dict[str, str]:
    from ..plugins import entry_points_of

    return dict(entry_points_of("copydesk.kinds"))


def kind_class(name: str) -> type[Kind] | None:
    if name in _resolved:
        return _resolved[name]
    target = BUILTIN_KINDS.get(name) or _entry_point_kinds().get(name)
    if target is None:
        return None
    module, _, attr = target.partition(":")
    cls = getattr(import_module(module), attr)
    _resolved[name] = cls
    return cls


def known_kinds() -> list[str]:
    return sorted(set(BUILTIN_KINDS) | set(_entry_point_kinds()))


# ---------------------------------------------------------------------------------------------
# Option validation: the dataclass fields are the schema.


def _type_ok(value: Any, tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if tp is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, arg) for arg in typing.get_args(tp))
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple):
        (item,) = typing.get_args(tp)[:1] or (Any,)
        return isinstance(value, list) and all(_type_ok(v, item) for v in value)
    if origin is dict:
        key_t, val_t = typing.get_args(tp)
        return isinstance(value, dict) and all(
            _type_ok(k, key_t) and _type_ok(v, val_t) for k, v in value.items()
        )
    return isinstance(value, tp)


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is not None:
        return str(tp).replace("typing.", "")
    return getattr(tp, "__name__", str(tp))


def build_kind(cls: type[Kind], options: dict[str, Any], where: str) -> Kind:
    """Instantiate ``cls`` from kebab-case options, failing loudly on unknown or mistyped keys."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in options.items():
        attr = key.replace("-", "_")
        if attr not in fields:
            allowed = ", ".join(sorted(f.replace("_", "-") for f in fields)) or "none"
            raise RuleError(f"{where}: unknown option '{key}' for kind '{cls.name}' (allowed: {allowed})")
        if not _type_ok(value, hints[attr]):
            raise RuleError(f"{where}: option '{key}' must be {_type_name(hints[attr])}, got {value!r}")
        kwargs[attr] = value
    try:
        return cls(**kwargs)
    except re.error as exc:
        raise RuleError(f"{where}: invalid regular expression: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{where}: {exc}") from None
