"""Wiring for one ``copydesk check`` run: paths -> files -> documents -> findings -> reporter."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathspec costs 25 ms to import: only runs that match globs pay for it
    import pathspec

    from .config import Config
    from .document import Document
    from .result_cache import ResultCache
    from .rules import Rule

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

# What a warm run needs, and nothing more: the document model, the loaders, the rules and the
# engine are imported by the methods that lint (a file found in the result cache is not linted).
from .config import ConfigError, ConfigFinder, user_errors
from .discover import walk
from .findings import Finding
from .formats import format_for
from .lazy_document import LazyDocument, line_contexts
from .levels import level_rank
from .reporters import Reporter, Summary
from .selection import RuleResolver

DEFAULT_FAIL_LEVEL = "warning"
# Runs of this many files or more keep their report for a run over the same unchanged files
# (lint/result_replay.py); a smaller run decodes and reports its few files' findings as fast.
REPLAY_FILES = 100


class InputError(Exception):
    """A path that cannot be linted (missing, unreadable); reported, then exit 2."""


# A step between linting and reporting: it sees a file's findings and returns those to keep
# (only changed lines, not in the baseline, ...). Arguments: display path, path, document, findings.
FindingFilter = Callable[[str, "Path | None", "Document", list[Finding]], list[Finding]]


class RulesRan(Mapping):
    """The rules that ran, by id, as first configured, in file order (reporters describe them:
    SARIF, rdjson, statistics). A file whose findings were not linted here (the result cache)
    only says how its rules would be resolved; that is done when a reporter first reads the
    mapping, so a warm run whose report never asks builds no rule."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._pending: list = []  # rule lists, or functions returning one, in file order
        self._promised: set = set()
        self._last: list[Rule] | None = None

    def note(self, rules: list[Rule]) -> None:
        if rules is not self._last:  # files in a row mostly share one list (RuleResolver)
            self._last = rules
            self._pending.append(rules)

    def note_later(self, key: object, resolve: Callable[..., list[Rule]], *args: object) -> None:
        """``resolve(*args)`` gives the rules when needed; called once per distinct ``key``."""
        if key not in self._promised:
            self._promised.add(key)
            self._pending.append((resolve, args))

    def _settled(self) -> dict[str, Rule]:
        if self._pending:
            pending, self._pending = self._pending, []
            for item in pending:
                for rule in item[0](*item[1]) if isinstance(item, tuple) else item:
                    self._rules.setdefault(rule.id, rule)
        return self._rules

    def __getitem__(self, rule_id: str) -> Rule:
        return self._settled()[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._settled())

    def __len__(self) -> int:
        return len(self._settled())


def _once(files: list[str]) -> list[str]:
    """Each file once, where it is first named: ``copydesk articles articles/a.md`` or a path
    given twice must not report a file's findings twice (``./a.md`` is ``a.md``)."""
    seen: set[str] = set()
    out = []
    for display in files:
        key = display if display == "-" else os.path.normpath(display)
        if key not in seen:
            seen.add(key)
            out.append(display)
    return out


def _slot(config: Config, display: str) -> object:
    """What a file's rules depend on: its configuration, and the file itself when the
    configuration has per-file tables."""
    return id(config) if not config.per_file else (id(config), display)


def _as_path(path: Path | str) -> Path:
    return Path(path) if isinstance(path, str) else path


class Run:
    """One run: finds the files, lints them (or takes their results from the cache or from
    workers), filters and counts the findings and hands them to the reporter."""

    def __init__(self, finder: ConfigFinder, resolver: RuleResolver, reporter: Reporter, stderr: TextIO | None = None,
                 summary: Summary | None = None, failed: bool = False, filters: list[FindingFilter] | None = None,
                 wanted: Callable[[str], bool] | None = None,
                 progress: Callable[[list[str]], Iterable[str]] | None = None, rules_ran: RulesRan | None = None,
                 rewrite: Callable | None = None, jobs: int = 1, cache: ResultCache | None = None) -> None:
        self.finder = finder
        self.resolver = resolver
        self.reporter = reporter
        self.stderr = sys.stderr if stderr is None else stderr
        self.summary = Summary() if summary is None else summary
        self.failed = failed
        # Steps between linting and reporting (only changed lines, not in the baseline, ...).
        self.filters = [] if filters is None else filters
        # Which found files to lint at all (e.g. only those changed since a git ref): a file it
        # rejects could only have its findings filtered away, so it is not even read.
        self.wanted = wanted
        # Draws progress while the files are linted: takes the list, yields it back (set by the
        # CLI on a terminal, see lint/progress.py).
        self.progress = progress
        # The rules that ran, by id, as first configured: reporters describe them (SARIF, statistics).
        self.rules_ran = RulesRan() if rules_ran is None else rules_ran
        # Rewrites a file after linting it and returns the final document and findings
        # (--fix, --diff, --add-directives: lint.rewrite.Rewriter); None: files are only read.
        self.rewrite = rewrite
        # Worker processes for files (--jobs); 1 lints in this process.
        self.jobs = jobs
        # Results of earlier runs (lint/result_cache.py); None: --no-cache.
        self.cache = cache
        self._exclude: dict[int, pathspec.PathSpec] = {}
        self._rule_keys: dict[int, str] = {}
        self._config_keys: dict[int, str] = {}
        self._signatures: dict[int, str | None] = {}  # see lint/rules_memo.py
        self._built: dict[object, tuple[list[Rule], frozenset[str]]] = {}  # see _built_rules
        self._fail_ranks: dict[int, int] = {}  # configuration -> rank of its fail level
        self._said: set[str] = set()  # notices printed (each once per run)

    def notice(self, message: str) -> None:
        self.stderr.write(f"copydesk: {message}\n")

    def excluded(self, path: Path | str, entry: os.DirEntry | None = None) -> bool:
        """Whether the configuration's ``exclude`` names ``path`` (``entry``: its listing, when a
        walk found it)."""
        if entry is not None and not entry.is_symlink():
            config = self.finder.for_listed(os.fspath(path), entry.is_dir())
        else:
            config = self.finder.for_path(path)
        if not config.exclude:
            return False
        spec = self._exclude.get(id(config))
        if spec is None:
            import pathspec  # noqa: PLC0415 - lazy, see above
            spec = self._exclude[id(config)] = pathspec.PathSpec.from_lines("gitwildmatch", config.exclude)
        path = _as_path(path)
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
        return _once(out)

    def lint_bytes(self, data: bytes, display: str, path: Path | str | None,
                   found: tuple[Document, list[Finding]] | None = None) -> list[Finding] | None:
        """Lint a file's bytes (or take ``found``, its document and findings from the cache or a
        worker), then rewrite, filter, count and report them."""
        config = self.finder.for_path(path if path is not None else os.path.join(os.getcwd(), "-"))
        rules = None
        if found is None or self.rewrite is not None:
            rules = self._rules_for(config, path)
            fmt = format_for(display) or "text"
        if found is None:
            from .engine import lint_document  # noqa: PLC0415 - see the imports
            from .source import BinaryFile, document_from_bytes  # noqa: PLC0415

            try:
                doc = document_from_bytes(data, fmt)
            except BinaryFile:
                self._binary(display)
                return None
            findings = lint_document(doc, rules, display, self.resolver.registry(config).ids, self.jobs)
        else:
            doc, findings = found
        if doc.notices:
            self._say_notices(display, doc)
        if rules is not None:
            self.rules_ran.note(rules)
        else:  # linted elsewhere: its rules are built only if a reporter asks for them
            self.rules_ran.note_later((id(config), path if config.per_file else None), self._rules_for, config, path)
        if self.rewrite is not None:  # --fix / --diff / --add-directives (lint/rewrite.py)
            doc, findings = self.rewrite(display, _as_path(path) if path is not None else None, data, doc, findings,
                                         lambda text: self._relint(text, fmt, rules, display, config))
        if self.filters:
            fpath = None if path is None else _as_path(path)
            for keep in self.filters:
                findings = keep(display, fpath, doc, findings)
        self.summary.files += 1
        if findings:
            self._count(findings, config)
        self.reporter.file(display, doc, findings)
        return findings

    def _fail_rank(self, config: Config) -> int:
        rank = self._fail_ranks.get(id(config))
        if rank is None:
            rank = self._fail_ranks[id(config)] = level_rank(
                self.resolver.overrides.fail_level or config.fail_level or DEFAULT_FAIL_LEVEL)
        return rank

    def _fail_rank_of(self, display: str) -> int:
        return self._fail_rank(self.finder.for_path(display))

    def _count(self, findings: list[Finding], config: Config) -> None:
        """Count findings per level; one at or above the fail level fails the run."""
        fail_rank = self._fail_rank(config)
        levels = self.summary.levels
        for f in findings:
            levels[f.level] += 1
            if level_rank(f.level) >= fail_rank:
                self.failed = True

    def _rules_for(self, config, path: Path | str | None) -> list[Rule]:
        return self.resolver.rules_for(config, None if path is None else _as_path(path))

    def _say_notices(self, display: str, doc: Document) -> None:
        """What rules could not do (a grammar server that did not answer): each distinct notice
        once per run; an error notice (--require-grammar) makes the exit code 2."""
        for note in doc.notices:
            text = f"{display}: {note.message}" if note.per_file else note.message
            if text not in self._said:
                self._said.add(text)
                self.notice(text)
                if note.error:
                    self.summary.errors += 1

    def _binary(self, display: str) -> None:
        self.notice(f"{display}: skipped (binary file)")
        self.summary.skipped += 1

    def _rules_key(self, display: str) -> str:
        """The cache key of the rules that lint ``display``: once per configuration when it has
        no per-file tables, from the cache's memory of the rules' inputs when it has it (the
        rules are not built, see lint/rules_memo.py), else computed once per rule list."""
        config = self.finder.for_path(display)
        if not config.per_file and id(config) in self._config_keys:
            return self._config_keys[id(config)]
        from . import rules_memo  # noqa: PLC0415 - with the cache only

        if id(config) not in self._signatures:
            self._signatures[id(config)] = rules_memo.describe(config, self.resolver.overrides)
        signature = self._signatures[id(config)]
        file = rules_memo.file_part(config, display) if signature is not None else ""
        key = self.cache.rules_key_for(signature, file) if signature is not None else None
        if key is None:
            rules = self._built_rules(config, display)[0]
            key = self._rule_keys.get(id(rules))
            if key is None:
                from .result_cache import rules_key  # noqa: PLC0415 - lazy, see the imports

                key = self._rule_keys[id(rules)] = rules_key(rules, self.resolver.registry(config).ids)
            if signature is not None and rules_memo.memorable(rules):
                self.cache.remember_rules_key(signature, file, key)
        if not config.per_file:
            self._config_keys[id(config)] = key
        return key

    def _built_rules(self, config: Config, display: str) -> tuple[list[Rule], frozenset[str]]:
        """The rules that lint ``display`` and the known rule ids. With the cache on, they come
        from the store of built rules when it holds them for the same description of their
        inputs (lint/rules_store.py), and go there when they are built; without it, from the
        resolver."""
        key = _slot(config, display)
        found = self._built.get(key)
        if found is not None:
            return found
        signature = self._signatures.get(id(config)) if self._caching() else None
        if signature is not None:
            from . import rules_memo, rules_store  # noqa: PLC0415 - with the cache only

            file = rules_memo.file_part(config, display)
            found = rules_store.load(config, signature, file)
        if found is None:
            rules = self.resolver.rules_for(config, Path(display))
            found = (rules, self.resolver.registry(config).ids)
            if signature is not None and rules_memo.memorable(rules):
                rules_store.save(config, signature, file, *found)
        self._built[key] = found
        return found

    def _analyse(self, display: str, jobs: int | None = None) -> tuple:
        """Read and lint one file, reporting nothing (a worker's job; ``jobs``: the processes
        its rules may use, by default the run's, 1 in a worker). Returns ("ok", digest,
        stat, data, doc, findings, line contexts), ("cached", …) when the cache knows the
        content although the file was touched, ("binary", …), ("unreadable", message),
        ("error", message) or ("fatal", message)."""
        try:
            with open(display, "rb") as fh:
                st = os.fstat(fh.fileno())
                data = fh.read()
        except OSError as exc:
            return ("unreadable", f"{display}: cannot read: {exc.strerror or exc}")
        try:
            digest = ""
            if self._caching():
                from .result_cache import content_hash  # noqa: PLC0415 - lazy, see the imports

                digest = content_hash(data)
                known = self.cache.find(display, self._rules_key(display), data)
                if known is not None:
                    return ("cached", digest, st, data, None, *known)
            from .engine import lint_document  # noqa: PLC0415 - see the imports
            from .source import BinaryFile, document_from_bytes  # noqa: PLC0415

            rules, known = self._built_rules(self.finder.for_path(display), display)
            try:
                doc = document_from_bytes(data, format_for(display) or "text")
            except BinaryFile:
                return ("binary", display)
            findings = lint_document(doc, rules, display, known, self.jobs if jobs is None else jobs)
            # The lines a report shows, so that neither the parent nor a warm run reads the file
            # again to show them (lint/lazy_document.py).
            contexts = line_contexts(doc, findings)
        except user_errors() as exc:
            return ("fatal", str(exc))
        except Exception as exc:  # noqa: BLE001 - the safety net for our own bugs
            return ("error", f"{display}: internal error, please report it: {type(exc).__name__}: {exc}")
        doc.cache.clear()  # derived facts are not worth sending back from a worker
        doc.__dict__.pop("quotes", None)
        return ("ok", digest, st, data, doc, findings, contexts)

    def _relint(self, text: str, fmt: str, rules, display: str, config) -> tuple[Document, list[Finding]]:
        """Lint a file's new text (after a fix) with the same rules; nothing is reported."""
        from .engine import lint_document  # noqa: PLC0415
        from .loaders import load  # noqa: PLC0415

        doc = load(text, fmt)
        return doc, lint_document(doc, rules, display, self.resolver.registry(config).ids)

    def _tracked(self, files: list[str]) -> Iterable[str]:
        return files if self.progress is None else self.progress(files)

    def _guarded(self, data: bytes, display: str, path: Path | str | None, found=None) -> None:
        """Lint one file; a bug in a rule or loader is one line on stderr, never a traceback."""
        try:
            if found is None:
                self.lint_bytes(data, display, path)
            else:
                self.lint_bytes(data, display, path, found)
        except (*user_errors(), BrokenPipeError):  # the reader went away (| head): click exits 1
            raise
        except Exception as exc:  # noqa: BLE001 - the safety net for our own bugs
            self.notice(f"{display}: internal error, please report it: {type(exc).__name__}: {exc}")
            self.summary.errors += 1

    def run(self, paths: list[str], stdin: bytes | None = None, stdin_filename: str | None = None) -> None:
        self.reporter.rules = self.rules_ran
        self.reporter.start()
        files = self.files(paths)
        valid = self._valid(files)
        replay = None
        if self._caching() and len(files) >= REPLAY_FILES:
            from .result_replay import Replay  # noqa: PLC0415 - with the cache only

            replay = Replay.of(self, paths)
        if replay is not None and replay.replayed(files, [valid[d] and valid[d][0] for d in files]):
            self.cache.save()  # rules keys it remembered
            return  # the kept report, finish included, is written
        fresh = self._unchanged(valid)
        # In file order: the loop below takes one result per listed file.
        analysed = self._parallel([d for d in files if d != "-" and not fresh[d]])
        try:
            for display in self._tracked(files):
                if display == "-":
                    name = stdin_filename or "-"
                    self._guarded(stdin or b"", name, stdin_filename or None)
                elif fresh[display] is not None:
                    self._take(display, fresh[display])
                elif analysed is not None:
                    self._take(display, next(analysed))
                elif self._caching():
                    self._take(display, self._analyse(display))
                else:
                    self._read_and_lint(display)
        finally:
            if analysed is not None:  # stopped early (the reader went away): stop the workers now
                analysed.close()
        if self.cache is not None:
            self.cache.save()
        self.reporter.finish(self.summary)
        if replay is not None and not self._said:  # a notice: a file's findings may be missing
            replay.keep(files, [self.cache.entry(d) for d in files])

    def _read_and_lint(self, display: str) -> None:
        """The plain path: one file, in this process, nothing remembered."""
        try:
            with open(display, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            self.notice(f"{display}: cannot read: {exc.strerror or exc}")
            self.summary.errors += 1
            return
        self._guarded(data, display, display)

    # -- cache and workers --------------------------------------------------------------------

    def _caching(self) -> bool:
        return self.cache is not None and self.rewrite is None  # fixes always lint afresh

    def _valid(self, files: list[str]) -> dict[str, tuple | None]:
        """Each file's cache entry and ``os.stat`` when the cache holds it as it is (size, time,
        inode and rules key), else None. One loop over all files, with its lookups at hand: a
        warm run over thousands of files is little else."""
        valid: dict[str, tuple | None] = dict.fromkeys(d for d in files if d != "-")
        if not self._caching():
            return valid
        entry_of, holds, rules_key, stat = self.cache.entry, self.cache.holds, self._rules_key, os.stat
        for display in valid:
            entry = entry_of(display)
            if entry is None:
                continue  # new to the cache: its rules are resolved when it is linted, in order
            try:
                st = stat(display)
            except OSError:
                continue
            if holds(entry, st) and entry[4] == rules_key(display):
                valid[display] = (entry, st)
        return valid

    def _unchanged(self, valid: dict[str, tuple | None]) -> dict[str, tuple | None]:
        """Each file's result from the cache, as :meth:`_analyse` would give it, when the cache
        answers for it from its size, time and inode alone (``valid``, see :meth:`_valid`); else
        None. Such a file is not even read: its document is built only if a reporter or filter
        asks for more than the lines its findings are on (lint/lazy_document.py)."""
        fresh: dict[str, tuple | None] = dict.fromkeys(valid)
        decode = self.cache.decode if self.cache is not None else None
        for display, found in valid.items():
            if found is not None:
                known = decode(found[0], display)
                if known is not None:
                    fresh[display] = ("cached", "", found[1], None, None, *known)
        return fresh

    def _reload(self, display: str, data: bytes | None = None) -> Document:
        """A cached file's document, for the reporters and filters that read its text."""
        from .document import Document  # noqa: PLC0415 - see the imports
        from .source import BinaryFile, document_from_bytes  # noqa: PLC0415

        try:
            if data is None:
                with open(display, "rb") as fh:
                    data = fh.read()
            return document_from_bytes(data, format_for(display) or "text")
        except BinaryFile:
            return Document("", "")
        except OSError as exc:  # gone since it was looked at: its findings still stand
            self.notice(f"{display}: cannot read: {exc.strerror or exc}")
            return Document("", "")

    def _parallel(self, files: list[str]):
        """Results of :meth:`_analyse` for ``files`` from worker processes, or None when this
        process should lint them itself (one job, few files, fixes that write files)."""
        if self.jobs <= 1 or len(files) < 2 * self.jobs or self.rewrite is not None:
            return None
        from .parallel import can_fork, map_in_order  # noqa: PLC0415 - multiprocessing: 3 ms

        if not can_fork():
            return None
        self._connect_services(files)
        return map_in_order(self._analyse_in_worker, files, self.jobs)

    def _analyse_in_worker(self, display: str) -> tuple:
        """:meth:`_analyse`, minus the document and the bytes: pickling every article back to
        the parent (twice its size, source and masked text) kept the parent as busy as a worker
        on two cores. The lines the findings are on come back with them, and the parent
        rebuilds a document only for a report that needs more (LazyDocument); one with notices
        for the run travels whole."""
        result = self._analyse(display, jobs=1)
        if result[0] == "ok" and not result[4].notices:
            return ("ok", result[1], result[2], None, None, result[5], result[6])
        return result

    def _connect_services(self, files: list[str]) -> None:
        """Rules that talk to a server (grammar: ``kind.connect``) connect once, here, before
        the workers fork: they inherit the connection, or the knowledge that there is none, and
        a local LanguageTool is started once. A configuration error is left to the workers,
        which report it in file order as usual."""
        seen: set = set()
        for display in files:
            try:
                # The path as a string: listing the files looked each one's folder up already,
                # and a Path per file cost the run 20 ms before the workers could start.
                config = self.finder.for_path(display)
                key = _slot(config, display)
                if key in seen:
                    continue
                seen.add(key)
                for rule in self.resolver.rules_for(config, Path(display)):  # kept by the resolver
                    connect = getattr(rule.kind, "connect", None)
                    if connect is not None:
                        connect()
            except user_errors():
                return

    def _take(self, display: str, result: tuple) -> None:
        """Count and report one analysed file."""
        kind = result[0]
        if kind in ("unreadable", "error"):
            self.notice(result[1])
            self.summary.errors += 1
        elif kind == "fatal":
            raise ConfigError(result[1])
        elif kind == "binary":
            self._binary(display)
        else:
            _, digest, st, data, doc, findings, contexts = result
            if doc is None:
                if kind == "cached":
                    self.summary.cached += 1
                # From the cache or a worker: read and loaded only if a report needs more than
                # the lines its findings are on.
                doc = LazyDocument(lambda: self._reload(display, data), findings, contexts)
            # A document with notices misses findings (no grammar server): not remembered.
            if digest and self._caching() and not doc.notices:
                self.cache.store(display, self._rules_key(display), digest, st, findings, contexts)
            self._guarded(data, display, display, (doc, findings))

    @property
    def exit_code(self) -> int:
        if self.summary.errors:
            return 2
        return 1 if self.failed else 0

