"""Kinds: the Python that finds spans for rules.

A kind is a class whose annotated attributes are its option schema (a rule file's extra keys,
kebab-case in YAML, snake_case here), with their defaults; ``option(factory)`` gives a fresh
mutable default to each instance. It only finds spans (:class:`Hit`); the engine adds the rule id,
level, message, positions and directives. Built-in kinds are listed in ``BUILTIN_KINDS`` and
imported on first use; third-party kinds register under the ``copydesk.kinds`` entry point.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

from ..records import Record

if TYPE_CHECKING:
    from ..document import Document, Span


class RuleError(Exception):
    """A rule file or option is invalid; the message names file and key."""


class Hit(Record):
    """A span a kind found. ``replacement`` replaces exactly ``[start, end)``; ``edit`` is the
    fix when it must touch more than the reported span (e.g. the comma before a removed clause).
    ``safe = False`` marks this hit's fix unsafe even when its rule says ``fix: safe``.

    A kind whose class sets ``reports_own_ids = True`` (LanguageTool: one rule, many checks) may
    give a hit its own ``rule`` id, which must lie in the rule's pack (``grammar.en-a-vs-an``),
    its own ``level`` and its own ``message``; the rule's are used where they are None. Such ids
    can be ignored, selected and named in directives like rule ids."""

    __slots__ = _fields = ("start", "end", "replacement", "params", "edit", "safe", "rule", "level", "message")

    def __init__(self, start: int, end: int, replacement: str | None = None, params: dict[str, Any] | None = None,
                 edit: tuple[int, int, str] | None = None, safe: bool | None = None, rule: str | None = None,
                 level: str | None = None, message: str | None = None) -> None:
        self.start = start
        self.end = end
        self.replacement = replacement
        self.params = params
        self.edit = edit
        self.safe = safe
        self.rule = rule
        self.level = level
        self.message = message


class Context(Record):
    """What a kind may read: the document, the units of its rule's scope, and engine facts.

    ``scopes`` gives the units of any other scope (``ctx.of("sentence")`` from a text-scoped
    rule), computed once per document and shared by every rule.
    """

    __slots__ = _fields = ("doc", "units", "known_rules", "scopes")

    def __init__(self, doc: Document, units: Sequence[Span], known_rules: frozenset[str] = frozenset(),
                 scopes: Any = None) -> None:
        self.doc = doc
        self.units = units
        self.known_rules = known_rules
        self.scopes = scopes

    @property
    def text(self) -> str:
        return self.doc.masked

    def of(self, scope: str) -> Sequence[Span]:
        if self.scopes is None:  # a kind run outside the engine: compute on the spot
            from ..engine import Units

            self.scopes = Units(self.doc)
        return self.scopes.of(scope)


class option:  # noqa: N801 - used like dataclasses.field
    """The default of a mutable option, made afresh for each kind: ``allow: list[str] = option(list)``."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


class Kind:
    """Base class for kinds. A subclass sets ``name`` and declares its options as annotated class
    attributes with their defaults (an annotation without a default is a required option);
    ``__init__`` takes them by keyword, then calls ``__post_init__`` if the class has one.
    Instances compare and show their options as dataclasses do.

    These are not ``@dataclass`` because dataclass compiles each class's methods from source on
    import: 5 to 7 ms of a one-article pre-commit run, which imports every built-in kind. A
    plug-in kind may still be a dataclass: its fields are the same annotations."""

    name: ClassVar[str] = ""
    # Scheduling hints for a large document whose rules are spread over workers
    # (lint/rule_parallel.py): the kind's time per MB relative to a cheap pattern list, and a
    # name shared by kinds that reuse each other's facts in ``doc.cache`` (run in one worker).
    cost: ClassVar[float] = 1.0
    work_group: ClassVar[str] = ""
    # True for a kind whose hits are offsets in the source rather than in the masked text (the
    # two differ inside words closed up over markup, lint/joins.py).
    source_offsets: ClassVar[bool] = False
    __hash__ = None  # type: ignore[assignment] - mutable, compared by its options

    def __init__(self, **options: Any) -> None:
        defaults = option_defaults(type(self))
        for key in options:
            if key not in defaults:
                raise TypeError(f"{type(self).__name__}() got an unexpected option {key!r}")
        for key, default in defaults.items():
            if key in options:
                value = options[key]
            elif default is _REQUIRED:
                raise TypeError(f"{type(self).__name__}() is missing the option {key!r}")
            else:
                value = default.factory() if isinstance(default, option) else default
            setattr(self, key, value)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def _options(self) -> tuple:
        return tuple([getattr(self, key) for key in option_defaults(type(self))])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._options() == other._options()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in option_defaults(type(self)))
        return f"{type(self).__qualname__}({shown})"

    def check(self, ctx: Context) -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError


_REQUIRED = object()


def option_defaults(cls: type) -> dict[str, Any]:
    """A kind's options, in declaration order (base classes first, as dataclass orders fields),
    each with its default: a value, an :class:`option`, or ``_REQUIRED``. Computed once a class."""
    cached = cls.__dict__.get("_option_defaults")
    if cached is not None:
        return cached
    defaults: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        for key, annotation in base.__dict__.get("__annotations__", {}).items():
            if _is_class_var(annotation):
                continue
            # (A plug-in dataclass's field with a default factory has no class attribute left,
            # so it reads as required here; its own __init__ is the one that runs.)
            default = defaults[key] = base.__dict__.get(key, _REQUIRED)
            if isinstance(default, (list, dict, set)):  # would be shared by every instance
                raise TypeError(f"{cls.__name__}.{key}: a mutable default needs option({type(default).__name__})")
    cls._option_defaults = defaults  # type: ignore[attr-defined]
    return defaults


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


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
        if not isinstance(value, list):
            return False
        if _plain(item):  # a word list: one isinstance per word, not the whole walk above
            return all(isinstance(v, item) for v in value)
        return all(_type_ok(v, item) for v in value)
    if origin is dict:
        key_t, val_t = typing.get_args(tp)
        if not isinstance(value, dict):
            return False
        if _plain(key_t) and _plain(val_t):
            return all(isinstance(k, key_t) and isinstance(v, val_t) for k, v in value.items())
        return all(_type_ok(k, key_t) and _type_ok(v, val_t) for k, v in value.items())
    return isinstance(value, tp)


def _plain(tp: Any) -> bool:
    """Whether :func:`_type_ok` checks ``tp`` with ``isinstance`` alone."""
    return isinstance(tp, type) and typing.get_origin(tp) is None and tp not in (int, float, type(None))


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is not None:
        return str(tp).replace("typing.", "")
    return getattr(tp, "__name__", str(tp))


_option_types: dict[tuple[type, str], Any] = {}


def _option_type(cls: type, name: str) -> Any:
    """The type an option's annotation names, as ``typing.get_type_hints(cls)[name]`` gives it.
    Only the options a rule file sets are evaluated, each once per process: get_type_hints
    compiles and evaluates every annotation of the class and its bases, which was most of the
    time building the rules took."""
    for base in cls.__mro__:
        annotation = base.__dict__.get("__annotations__", {}).get(name, _MISSING)
        if annotation is _MISSING:
            continue
        if not isinstance(annotation, str):
            return annotation
        key = (base, annotation)
        if key not in _option_types:
            module = sys.modules[base.__module__]
            _option_types[key] = typing.get_type_hints(_Annotated(annotation), vars(module), dict(vars(base)))["x"]
        return _option_types[key]
    return Any


_MISSING = object()


class _Annotated:
    """One annotation, for get_type_hints to evaluate as it would on the class."""

    def __init__(self, annotation: str) -> None:
        self.__annotations__ = {"x": annotation}


def build_kind(cls: type[Kind], options: dict[str, Any], where: str) -> Kind:
    """Instantiate ``cls`` from kebab-case options, failing loudly on unknown or mistyped keys."""
    fields = option_defaults(cls)
    kwargs = {}
    for key, value in options.items():
        attr = key.replace("-", "_")
        if attr not in fields:
            allowed = ", ".join(sorted(f.replace("_", "-") for f in fields)) or "none"
            raise RuleError(f"{where}: unknown option '{key}' for kind '{cls.name}' (allowed: {allowed})")
        hint = _option_type(cls, attr)
        if not _type_ok(value, hint):
            raise RuleError(f"{where}: option '{key}' must be {_type_name(hint)}, got {value!r}")
        kwargs[attr] = value
    try:
        return cls(**kwargs)
    except re.error as exc:
        raise RuleError(f"{where}: invalid regular expression: {exc}") from None
    except (TypeError, ValueError) as exc:
        raise RuleError(f"{where}: {exc}") from None
