"""The Finding: what a rule reports, with positions computed once, by the engine."""

from __future__ import annotations

from .records import Value, set_field


class Finding(Value):
    """A finding (not a dataclass: see lint/records.py; ``replace`` makes a changed copy).

    ``start``/``end`` are 0-based code-point offsets, end-exclusive; ``fix`` is the edit a fix
    applies, ``(start, end, text)``, which may reach beyond the reported span; ``fix_safe``:
    whether ``--fix`` applies it without ``--unsafe-fixes`` (the rule's ``fix: safe``, unless the
    kind marked this hit unsafe)."""

    __slots__ = _fields = ("path", "rule", "level", "message", "line", "column", "end_line", "end_column",
                           "start", "end", "match", "replacement", "fix", "fix_safe")
    path: str
    rule: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    match: str
    replacement: str | None
    fix: tuple[int, int, str] | None
    fix_safe: bool

    def __init__(self, path: str, rule: str, level: str, message: str, line: int, column: int, end_line: int,
                 end_column: int, start: int, end: int, match: str, replacement: str | None = None,
                 fix: tuple[int, int, str] | None = None, fix_safe: bool = False) -> None:
        set_field(self, "path", path)
        set_field(self, "rule", rule)
        set_field(self, "level", level)
        set_field(self, "message", message)
        set_field(self, "line", line)
        set_field(self, "column", column)
        set_field(self, "end_line", end_line)
        set_field(self, "end_column", end_column)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "match", match)
        set_field(self, "replacement", replacement)
        set_field(self, "fix", fix)
        set_field(self, "fix_safe", fix_safe)

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.rule)

    def to_dict(self) -> dict:
        # Written out rather than dataclasses.asdict, which deep-copies every field: on a large
        # archive that copy cost more than writing the JSON.
        fix = self.fix
        return {
            "path": self.path, "rule": self.rule, "level": self.level, "message": self.message,
            "line": self.line, "column": self.column, "end_line": self.end_line,
            "end_column": self.end_column, "start": self.start, "end": self.end, "match": self.match,
            "replacement": self.replacement,
            "fix": None if fix is None else {"start": fix[0], "end": fix[1], "text": fix[2]},
        }
