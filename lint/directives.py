"""Inline directives: ``<!-- copydesk-disable RULE -->`` and friends.

Loaders find comments and call :func:`parse_directive` on their body; the engine applies the
resulting :class:`~lint.document.Directive` list (see :mod:`lint.suppression`).
"""

from __future__ import annotations


from .regexes import compiled

_DIRECTIVE = compiled(
    r"^\s*copydesk-(disable-next-line|disable-file|disable|enable)(?![\w-])([^\n]*)$"
)
_RULE_SPLIT = compiled(r"[\s,]+")


def parse_directive(comment_body: str) -> tuple[str, tuple[str, ...]] | None:
    """``" copydesk-disable a.b, c "`` -> ``("disable", ("a.b", "c"))``; None if not ours."""
    m = _DIRECTIVE.match(comment_body)
    if not m:
        return None
    rules = tuple(r for r in _RULE_SPLIT.split(m.group(2).strip()) if r)
    return m.group(1), rules
