"""The ``languagetool`` kind: grammar and spelling from a LanguageTool server.

One rule (``rules/grammar/languagetool.yaml``) reports LanguageTool's checks under ids of their
own, ``grammar.<LanguageTool rule id in lower kebab case>`` (``EN_A_VS_AN`` ->
``grammar.en-a-vs-an``), so ``ignore``, ``select`` and directives can name each check. The level
comes from the match's issue type (``levels``; a type not listed takes the rule's level), the
message is LanguageTool's, followed by its first suggestions; the first suggestion is the
(unsafe) fix when the match covers text only.

The kind does nothing until the run binds it to settings (:meth:`bind`, called by the rule
resolver with the configuration and the command line): run on its own, without a server to
ask, it finds nothing. Reaching the server, annotating the text and mapping offsets back live
in ``lint/grammar/``, imported only when the rule runs. A check that cannot be done leaves a
:class:`~lint.document.Notice` on the document: the other rules still run.

Not reported as misspellings: words of the vocabulary file, and words inside the exception
phrases of the other rules that run. Quoted speech is left alone altogether (``ignore-quotes``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ..document import Notice, Span
from . import Context, Hit, Kind, option

DEFAULT_LEVELS = {
    "misspelling": "warning",
    "grammar": "warning",
    "style": "suggestion",
    "typographical": "suggestion",
    "whitespace": "suggestion",
    "register": "suggestion",
    "locale-violation": "suggestion",
}
# Patterns are compiled on first use (re's cache): this module is imported by every run, since
# the registry loads every rule, and a run without grammar should compile nothing of it.
_POSSESSIVE = r"(?:'s|’s|'|’)$"


def kebab(rule_id: str) -> str:
    """``EN_A_VS_AN`` -> ``en-a-vs-an``."""
    return re.sub(r"[^a-z0-9]+", "-", rule_id.lower()).strip("-") or "unknown"


class LanguageToolCheck(Kind):
    """LanguageTool's matches, as hits with ids, levels and messages of their own."""

    name = "languagetool"
    reports_own_ids: ClassVar[bool] = True
    source_offsets: ClassVar[bool] = True  # LanguageTool reads the source, markup annotated
    # Its examples need a server: tests/test_grammar_examples.py runs them against recorded answers.
    needs_server: ClassVar[bool] = True

    # issue type -> level, over DEFAULT_LEVELS (e.g. {"style": "warning"})
    levels: dict[str, str] = option(dict)

    def __post_init__(self) -> None:
        from ..rules import LEVELS

        for issue, level in self.levels.items():
            if level not in LEVELS:
                raise ValueError(f"levels: '{issue}' must be one of {', '.join(LEVELS)}, got {level!r}")
        self._levels = {**DEFAULT_LEVELS, **self.levels}
        self._settings: Any = None
        self._exceptions: Any = None
        self._pack = "grammar"
        self.cache_key = ""

    # -- binding to a run's settings ---------------------------------------------------------

    def bind(self, config: Any, overrides: Any, rules: list) -> LanguageToolCheck:
        """A copy set up for one configuration and command line (see lint/selection.py)."""
        import copy
        import hashlib
        import json

        from ..config import ConfigError
        from ..grammar.settings import SettingsError, resolve
        from .patterns import Exceptions

        try:
            settings = resolve(config.grammar, overrides.grammar)
        except SettingsError as exc:
            where = f"{config.path}: " if config.path else ""
            raise ConfigError(f"{where}{exc}") from None
        phrases = sorted({p for r in rules if r.kind is not self
                          for p in (getattr(r.kind, "exceptions", None) or []) if isinstance(p, str)})
        bound = copy.copy(self)
        bound._settings = settings
        bound._pack = next((r.pack for r in rules if r.kind is self), self._pack)
        bound._exceptions = Exceptions(phrases, ignorecase=True) if phrases else None
        bound.cache_key = json.dumps([settings.server_key, settings.language, settings.vocabulary_digest,
                                      hashlib.sha256("\n".join(phrases).encode()).hexdigest()[:16]])
        return bound

    def connect(self) -> None:
        """Connect now (the runner calls this before forking workers, see lint/runner.py)."""
        if self._settings is not None:
            from ..grammar.client import service_for

            service_for(self._settings).connect()

    # -- checking ---------------------------------------------------------------------------

    def check(self, ctx: Context):
        settings = self._settings
        doc = ctx.doc
        if settings is None or not doc.masked.strip():
            return
        from ..grammar.client import CheckFailed, service_for

        try:
            matches = service_for(settings).check_document(doc)
        except CheckFailed as exc:
            doc.notices.append(Notice(exc.message, error=settings.require, per_file=exc.per_file))
            return
        source, masked = doc.source, doc.aligned  # LanguageTool's offsets are the source's
        whole = Span(0, len(source))
        for start, end, m in matches:
            issue = m["rule"]["issueType"]
            if issue == "misspelling" and self._excused(source, masked, whole, start, end):
                continue
            replacements = m["replacements"]
            replacement = None
            if replacements and end > start and source[start:end] == masked[start:end]:
                replacement = replacements[0]  # a span across markup is left to an editor
            yield Hit(start, end, replacement, safe=False, rule=f"{self._pack}.{kebab(m['rule']['id'])}",
                      level=self._levels.get(issue), message=_message(m["message"], replacements))

    def _excused(self, source: str, masked: str, whole: Span, start: int, end: int) -> bool:
        word = re.sub(_POSSESSIVE, "", source[start:end].strip())
        if word and (word in self._settings.vocabulary or all(w in self._settings.vocabulary for w in word.split())):
            return True
        return self._exceptions is not None and self._exceptions.excuse(masked, whole, start, end)


def _message(message: str, replacements: list[str]) -> str:
    text = " ".join(message.split()) or "LanguageTool flags this."
    if text[-1] not in ".?!…":
        text += "."
    if replacements:
        shown = ", ".join(f"'{r}'" for r in replacements[:3])
        text += f" Suggestion{'s' if len(replacements[:3]) > 1 else ''}: {shown}."
    return text
