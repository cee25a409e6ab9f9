"""The Finding: what a rule reports, with positions computed once, by the engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    rule: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int  # 0-based code-point offsets, end-exclusive
    end: int
    match: str
    replacement: str | None = None
    # The edit a fix applies: (start, end, text); it may reach beyond the reported span.
    fix: tuple[int, int, str] | None = None
    # Whether ``--fix`` applies ``fix`` without ``--unsafe-fixes`` (the rule's ``fix: safe``,
    # unless the kind marked this hit unsafe).
    fix_safe: bool = False

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
