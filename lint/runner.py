"""Wiring for one ``copydesk check`` run: paths -> files -> documents -> findings -> reporter."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from collections.abc import Iterable
from typing import TextIO

import pathspec

from .config import ConfigError, ConfigFinder
from .kinds import RuleError
from .discover import walk
from .document import Document
from .engine import lint_document
from .findings import Finding
from .loaders import format_for
from .reporters import Reporter, Summary
from .rules import level_rank
from .rules import Rule
from .selection import RuleResolver
from .source import BinaryFile, document_from_bytes

DEFAULT_FAIL_LEVEL = "warning"


class InputError(Exception):
    """A path that cannot be linted (missing, unreadable); reported, then exit 2."""


# A step between linting and reporting: it sees a file's findings and returns those to keep
# (only changed lines, not in the baseline, ...). Arguments: display path, path, document, findings.
FindingFilter = Callable[[str, "Path | None", Document, list[Finding]], list[Finding]]


@dataclass
class Run:
    finder: ConfigFinder
    resolver: RuleResolver
    reporter: Reporter
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    summary: Summary = field(default_factory=Summary)
    failed: bool = False
    filters: list[FindingFilter] = field(default_factory=list)
    # Which found files to lint at all (e.g. only those changed since a git ref): a file it
    # rejects could only have its findings filtered away, so it is not even read.
    wanted: Callable[[str], bool] | None = None
    # Draws progress while the files are linted: takes the list, yields it back (set by the CLI
    # on a terminal, see lint/progress.py).
    progress: Callable[[list[str]], Iterable[str]] | None = None
    # The rules that ran, by id, as first configured: reporters describe them (SARIF, statistics).
    rules_ran: dict[str, Rule] = field(default_factory=dict)
    # Rewrites a file after linting it and returns the final document and findings
    # (--fix, --diff, --add-directives: lint.rewrite.Rewriter); None: files are only read.
    rewrite: Callable | None = None
    _exclude: dict[int, pathspec.PathSpec] = field(default_factory=dict)

    def notice(self, message: str) -> None:
        self.stderr.write(f"copydesk: {message}\n")

    def excluded(self, path: Path) -> bool:
        config = self.finder.for_path(path)
        if not config.exclude:
            return False
        spec = self._exclude.get(id(config))
        if spec is None:
            spec = self._exclude[id(config)] = pathspec.PathSpec.from_lines("gitwildmatch", config.exclude)
        try:
            rel = path.resolve().relative_to(config.root.resolve()).as_posix()
        except ValueError:
            return False
        return spec.match_file(rel + "/" if path.is_dir() else rel)

    def files(self, paths: list[str]) -> list[str]:
        out: list[str] = []
        for raw in paths:
            if raw == "-":
                out.append(raw)
            elif os.path.isdir(raw):
                out.extend(sorted(walk(raw, self.excluded)))
            elif os.path.exists(raw):
                out.append(raw)
            else:
                self.notice(f"{raw}: no such file or directory")
                self.summary.errors += 1
        if self.wanted is not None:
            out = [d for d in out if d == "-" or self.wanted(d)]
        return out

    def lint_bytes(self, data: bytes, display: str, path: Path | None) -> list[Finding] | None:
        config = self.finder.for_path(path if path is not None else Path.cwd() / "-")
        rules = self.resolver.rules_for(config, path)
        fmt = format_for(display) or "text"
        try:
            doc = document_from_bytes(data, fmt)
        except BinaryFile:
            self.notice(f"{display}: skipped (binary file)")
            self.summary.skipped += 1
            return None
        self._note_rules(rules)
        findings = lint_document(doc, rules, display, self.resolver.registry(config).ids)
        if self.rewrite is not None:  # --fix / --diff / --add-directives (lint/rewrite.py)
            doc, findings = self.rewrite(display, path, data, doc, findings,
                                         lambda text: self._relint(text, fmt, rules, display, config))
        for keep in self.filters:
            findings = keep(display, path, doc, findings)
        self.summary.files += 1
        fail_rank = level_rank(self.resolver.overrides.fail_level or config.fail_level or DEFAULT_FAIL_LEVEL)
        for f in findings:
            self.summary.levels[f.level] += 1
            if level_rank(f.level) >= fail_rank:
                self.failed = True
        self.reporter.file(display, doc, findings)
        return findings

    def _relint(self, text: str, fmt: str, rules, display: str, config) -> tuple[Document, list[Finding]]:
        """Lint a file's new text (after a fix) with the same rules; nothing is reported."""
        from .loaders import load

        doc = load(text, fmt)
        return doc, lint_document(doc, rules, display, self.resolver.registry(config).ids)

    def _note_rules(self, rules: list[Rule]) -> None:
        """Remember the rules that ran, for reporters that describe them."""
        for rule in rules:
            self.rules_ran.setdefault(rule.id, rule)

    def _tracked(self, files: list[str]) -> Iterable[str]:
        return files if self.progress is None else self.progress(files)

    def _guarded(self, data: bytes, display: str, path: Path | None) -> None:
        """Lint one file; a bug in a rule or loader is one line on stderr, never a traceback."""
        try:
            self.lint_bytes(data, display, path)
        except (ConfigError, RuleError):
            raise
        except Exception as exc:  # noqa: BLE001 - the safety net for our own bugs
            self.notice(f"{display}: internal error, please report it: {type(exc).__name__}: {exc}")
            self.summary.errors += 1

    def run(self, paths: list[str], stdin: bytes | None = None, stdin_filename: str | None = None) -> None:
        self.reporter.rules = self.rules_ran
        self.reporter.start()
        for display in self._tracked(self.files(paths)):
            if display == "-":
                name = stdin_filename or "-"
                self._guarded(stdin or b"", name, Path(stdin_filename) if stdin_filename else None)
                continue
            try:
                with open(display, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                self.notice(f"{display}: cannot read: {exc.strerror or exc}")
                self.summary.errors += 1
                continue
            self._guarded(data, display, Path(display))
        self.reporter.finish(self.summary)

    @property
    def exit_code(self) -> int:
        if self.summary.errors:
            return 2
        return 1 if self.failed else 0

