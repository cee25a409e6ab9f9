"""The ``copydesk`` command. It only wires configuration, paths and a reporter together.

``check`` is the default command: ``copydesk a.md`` is ``copydesk check a.md``, and options may
stand before or after the paths. Exit codes: 0 clean, 1 findings at or above the fail level,
2 usage, configuration or input errors.
"""

from __future__ import annotations

import gc

# No collection while click and copydesk's modules are imported: they allocate tens of
# thousands of objects that live as long as the process, which young-generation collections
# walked in vain (4 to 8 ms of a one-article run). At the end of the module they are moved to
# the permanent generation, so that later collections do not walk them either.
_COLLECTING = gc.isenabled()
gc.disable()

import functools  # noqa: E402 - after the collector is paused, like every import below
import os  # noqa: E402
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .inspect_on_demand import install as _inspect_on_demand

_inspect_on_demand()  # before click imports inspect (lint/inspect_on_demand.py)

import click  # noqa: E402

from . import __version__
from .config import ConfigFinder, user_errors
from .levels import LEVELS
from .reporters import ReporterOptions, reporter_class, reporter_names
from .runner import Run
from .selection import Overrides, RuleResolver

if TYPE_CHECKING:  # built by the commands that need every rule, not by check
    from .rules import Registry

EXIT_USAGE = 2


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select a,b --select c`` -> ("a", "b", "c")."""
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


class DefaultCommandGroup(click.Group):
    """A group that runs ``check`` when the first argument is not a command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def run(*args, **kwargs) -> None:
    """The ``copydesk`` command of a process that ends with it (the console script, ``python -m
    lint``): :func:`main`, then the process ends at once, without the interpreter's teardown
    (lint/process_exit.py). Where it ends the normal way, every object is first handed to the
    garbage collector's permanent generation, so that the interpreter's last collection does
    not walk all of click, typing and the run's findings again only to find no garbage (8 ms
    of a 45 ms pre-commit run). Callers that stay alive (tests, tools embedding the command)
    call :func:`main`."""
    try:
        main(*args, **kwargs)
    except SystemExit as exc:
        from .process_exit import end

        end(exc.code)
    finally:
        gc.freeze()


def fail(message: str) -> None:
    click.echo(f"copydesk: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """copydesk: an editorial linter for news articles (.txt, Markdown, HTML)."""


# One instance per kind of path, shared by the options that take it: each click.Path looks its
# name up in the message catalogues (gettext) when it is made, which 13 of them did at start-up.
_FILE = click.Path(dir_okay=False, path_type=Path)
_PATHS = click.Path(path_type=str)

_rules_path_option = click.option(
    "--rules-path", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An extra folder of rule packs (<pack>/<name>.yaml).")
_config_option = click.option("--config", "config_path", type=_FILE,
                              help="Use this configuration file instead of searching for one.")


# --- Reports: format, destination, what the terminal gets besides, progress ---------------

def _open_report(output_file: Path | None):
    """The ``--output-file`` target (written atomically, see reporters/output.py), or None."""
    if output_file is None:
        return None
    from .reporters.output import ReportFile

    try:
        return ReportFile(output_file)
    except OSError as exc:
        fail(f"{output_file}: cannot write: {exc.strerror or exc}")


def _commit_report(report_file, output_file: Path | None) -> None:
    if report_file is None:
        return
    try:
        report_file.commit()
    except OSError as exc:
        fail(f"{output_file}: cannot write: {exc.strerror or exc}")


def _report_format(output_format: str | None, to_file: bool) -> str:
    """``--output-format``, else annotations in a GitHub Actions log, else text.

    GitHub reads workflow commands from the job's output only, so a report written to a file
    keeps the text format.
    """
    if output_format:
        return output_format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and not to_file else "text"


def _colored(color: str, stream) -> bool:
    # auto: color only on a terminal, and never when NO_COLOR is set (no-color.org)
    return color == "always" or (color == "auto" and stream.isatty() and not os.environ.get("NO_COLOR"))


def _build_reporter(fmt: str, report_file, statistics: bool, no_source: bool, color: str):
    """The report, for standard output or the file, with what the terminal gets besides it.

    Standard output carries nothing but the report. The summary line goes to standard error when
    the report goes to a file or is GitHub annotations; ``--statistics`` takes the place of the
    text listing on standard output, and goes to standard error next to any other report.
    """
    stream = report_file.stream if report_file is not None else sys.stdout
    if statistics and fmt == "text" and report_file is None:
        from .reporters.summary import StatisticsReporter

        return StatisticsReporter(sys.stdout, ReporterOptions(color=_colored(color, sys.stdout)))
    reporter = reporter_class(fmt)(stream, ReporterOptions(show_source=not no_source, color=_colored(color, stream)))
    if not (statistics or report_file is not None or fmt == "github"):
        return reporter
    from .reporters.summary import StatisticsReporter, SummaryReporter
    from .reporters.tee import Tee

    terminal = (StatisticsReporter if statistics else SummaryReporter)(
        sys.stderr, ReporterOptions(color=_colored(color, sys.stderr)))
    return Tee(reporter, terminal)


def _show_progress(run: Run) -> None:
    """A progress bar on standard error for long runs at a terminal (see lint/progress.py)."""
    if not sys.stderr.isatty():
        return
    from . import progress

    if progress.wanted(sys.stderr):
        bar = progress.Progress(sys.stderr)
        # Every later line on stderr (notices, and the one-line error that may end the run)
        # goes through the bar's stream, which erases the bar before writing.
        run.progress, run.stderr, sys.stderr = bar.track, bar.stream, bar.stream


# --- Rewriting files: --fix, --unsafe-fixes, --diff, --add-directives (lint/rewrite.py) -----


def _rewrite_options(command):
    """check's options that rewrite files. They reach the command as one ``rewrite`` argument:
    a lint.rewrite.Rewriter, or None when files are only read (lint.rewrite is not imported)."""

    @functools.wraps(command)
    def wrapper(*args, fix, unsafe_fixes, diff, add_directives, **kwargs):
        rewrite = _rewriter(fix, unsafe_fixes, diff, add_directives, kwargs.get("paths") or ())
        return command(*args, rewrite=rewrite, **kwargs)

    for option in reversed([
        click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what remains."),
        click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply unsafe fixes too."),
        click.option("--diff", is_flag=True,
                     help="Print the unified diff of what --fix would change, change nothing; exit 1 if there is one."),
        click.option("--add-directives", is_flag=True,
                     help="Insert directives switching off every finding (Markdown and HTML files only)."),
    ]):
        wrapper = option(wrapper)
    return wrapper


def _rewriter(fix: bool, unsafe_fixes: bool, diff: bool, add_directives: bool, paths):
    if unsafe_fixes and not (fix or diff):
        fail("--unsafe-fixes goes with --fix or --diff")
    if not (fix or diff or add_directives):
        return None
    from .rewrite import Rewriter

    # --diff shows what the other options would do: fixes, unless only directives are asked for.
    rewrite = Rewriter(fix=fix or (diff and not add_directives), unsafe=unsafe_fixes,
                       add_directives=add_directives, diff=diff, out=sys.stdout)
    if "-" in paths:
        rewrite.stdin = sys.stdin.buffer.read()
    # Standard output is the diff's, or the fixed standard input's (as with ruff): the report
    # that would go there goes to standard error instead, or nowhere for --diff.
    if diff:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    elif "-" in paths:
        sys.stdout = sys.stderr
    return rewrite


def _grammar_options(command):
    """check's grammar options (lint/grammar/). They reach the command as one ``grammar``
    argument: (packs to add to the selection, the grammar settings of the command line)."""

    @functools.wraps(command)
    def wrapper(*args, grammar_flag, require_grammar, languagetool_url, **kwargs):
        cache_dir = kwargs.get("cache_dir")
        # a plain dict (see lint/grammar/settings.py): nothing of lint.grammar is imported here
        settings = {"url": languagetool_url, "require": require_grammar, "cache": not kwargs.get("no_cache"),
                    "cache_dir": cache_dir.resolve() if cache_dir else None}
        return command(*args, grammar=(("grammar",) if grammar_flag or require_grammar else (), settings), **kwargs)

    for option in reversed([
        click.option("--grammar", "grammar_flag", is_flag=True,
                     help="Also check grammar and spelling with LanguageTool (the grammar pack)."),
        click.option("--require-grammar", is_flag=True,
                     help="Like --grammar, but exit 2 when no LanguageTool server answers (for CI)."),
        click.option("--languagetool-url", metavar="URL",
                     help="LanguageTool server to use [default: $COPYDESK_LANGUAGETOOL_URL, languagetool-url, "
                          "else a local LanguageTool installed with 'copydesk grammar setup'].")]):
        wrapper = option(wrapper)
    return wrapper


@main.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_config_option
@click.option("--select", multiple=True, help="Rules or packs to run instead of the defaults (comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules or packs to run in addition (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules or packs not to run (comma-separated).")
@_rules_path_option
@click.option("--output-format", type=click.Choice(reporter_names()),
              help="Report format [default: text; github when GITHUB_ACTIONS=true].")
@click.option("--output-file", type=_FILE,
              help="Write the report to this file (the summary line goes to standard error).")
@click.option("--statistics", is_flag=True, help="Count findings per rule, most frequent first.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings; usage, configuration and input errors still exit 2.")
@click.option("--fail-level", type=click.Choice(LEVELS), help="Lowest level that makes the exit code 1 [default: warning].")
@click.option("--no-source", is_flag=True, help="Do not print the source line under each finding.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--stdin-filename", help="Name (and so format and configuration) of the text read from '-'.")
@click.option("--changed-since", metavar="REF",
              help="Only findings on lines changed since this git revision (REF... : its merge base with HEAD).")
@click.option("--baseline", "baseline_file", type=_FILE,
              help="Only findings not recorded in this baseline file (see 'copydesk baseline').")
@_rewrite_options
@_grammar_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes [default: the number of CPUs].")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh and leave the result cache alone.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the result cache [default: $COPYDESK_CACHE_DIR or ~/.cache/copydesk].")
@click.option("-v", "--verbose", is_flag=True, help="Also say how many files were linted and how many came from the cache.")
def check(paths, config_path, select, extend_select, ignore, rules_path, output_format, output_file,
          statistics, exit_zero,
          fail_level, no_source, color, stdin_filename, changed_since, baseline_file, rewrite,
          jobs, no_cache, cache_dir, verbose, grammar=((), None)) -> None:
    """Lint PATHS (files, folders, or - for standard input)."""
    if not paths:
        fail("no paths given; try 'copydesk check .' or 'copydesk --help'")
    only_new = _OnlyNew.build(changed_since, baseline_file, paths, stdin_filename)
    overrides = Overrides(
        select=_split(select) or None, extend_select=_split(extend_select) + grammar[0], ignore=_split(ignore),
        fail_level=fail_level, rules_path=tuple(p.resolve() for p in rules_path), grammar=grammar[1],
    )
    report_file = _open_report(output_file)
    fmt = _report_format(output_format, report_file is not None)
    reporter = _build_reporter(fmt, report_file, statistics, no_source, color)
    try:
        run = Run(ConfigFinder(config_path), RuleResolver(overrides), reporter)
        _speed_up(run, jobs, no_cache, cache_dir)
        _show_progress(run)
        only_new.attach(run)
        if rewrite is not None:
            rewrite.attach(run)
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        if rewrite is not None and rewrite.stdin is not None:
            stdin = rewrite.stdin  # read already, before standard output was handed over
        run.run(list(paths), stdin, stdin_filename)
        if verbose:
            fresh = run.summary.files - run.summary.cached
            run.notice(f"{fresh} file{'s' if fresh != 1 else ''} linted, {run.summary.cached} from the cache, "
                       f"{run.jobs} job{'s' if run.jobs != 1 else ''}")
        only_new.finish(run, paths)
        if rewrite is not None:
            rewrite.finish()
    except user_errors() as exc:
        fail(str(exc))
    else:
        _commit_report(report_file, output_file)
    finally:
        if report_file is not None:
            report_file.discard()  # after a commit: nothing left to do
    # --exit-zero: findings do not fail the job; usage, configuration and input errors (2) still do.
    sys.exit(0 if exit_zero and run.exit_code == 1 else run.exit_code)


def _speed_up(run: Run, jobs: int | None, no_cache: bool, cache_dir: Path | None) -> None:
    """--jobs and the result cache (lint/parallel.py, lint/result_cache.py)."""
    from .parallel import default_jobs

    run.jobs = jobs or default_jobs()
    if not no_cache:
        from .result_cache import ResultCache

        run.cache = ResultCache(cache_dir.resolve() if cache_dir else None)


def _registry(config_path: Path | None, rules_path: tuple[Path, ...]) -> tuple[Registry, object]:
    """The rules as the configuration of the current folder sees them."""
    try:
        finder = ConfigFinder(config_path)
        config = finder.for_path(Path.cwd() / ".copydesk.toml")
        resolver = RuleResolver(Overrides(rules_path=tuple(p.resolve() for p in rules_path)))
        return resolver.registry(config), (resolver, config)
    except user_errors() as exc:
        fail(str(exc))
        raise  # unreachable


@main.command("rules")
@_config_option
@_rules_path_option
def list_rules(config_path, rules_path) -> None:
    """List every rule: id, level, whether it is enabled here, and what it does."""
    registry, (resolver, config) = _registry(config_path, rules_path)
    try:
        enabled = {r.id: r for r in resolver.rules_for(config, None)}
    except user_errors() as exc:
        fail(str(exc))
    width = max((len(r) for r in registry.rules), default=10)
    for rule_id, rule in sorted(registry.rules.items()):
        state = "on " if rule_id in enabled else "off"
        level = enabled[rule_id].level if rule_id in enabled else rule.level
        click.echo(f"{rule_id:<{width}}  {level:<10}  {state}  {rule.summary}")


@main.command()
@click.argument("rule_id")
@_config_option
@_rules_path_option
def explain(rule_id, config_path, rules_path) -> None:
    """Print a rule's documentation and examples."""
    registry, _ = _registry(config_path, rules_path)
    rule = registry.rules.get(rule_id)
    if rule is None:
        fail(f"unknown rule '{rule_id}'; 'copydesk rules' lists them")
    click.echo(f"# {rule.id}\n\nLevel: {rule.level}. Scope: {rule.scope}. Kind: {rule.kind_name}."
               f" {'On' if rule.default else 'Off'} by default.\n")
    click.echo(rule.description.rstrip() + "\n")
    bad = [e for e in rule.examples if "bad" in e]
    good = [e for e in rule.examples if "good" in e]
    if bad:
        click.echo("## Flagged\n")
        for e in bad:
            click.echo(f"    {e['bad'].rstrip()}")
        click.echo("")
    if good:
        click.echo("## Not flagged\n")
        for e in good:
            click.echo(f"    {e['good'].rstrip()}")


@main.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_config_option
@click.option("--output-format", default="text", show_default=True, type=click.Choice(["text", "json", "csv"]),
              help="A table, one JSON array, or CSV with a header row.")
@click.option("--output-file", type=_FILE,
              help="Write the figures to this file instead of standard output.")
@click.option("--stdin-filename", help="Name (and so format) of the text read from '-'.")
def stats(paths, config_path, output_format, output_file, stdin_filename) -> None:
    """Readability per file: words, sentences, textstat's scores, the longest sentence."""
    from .stats import FORMATS, StatsRun

    if not paths:
        fail("no paths given; try 'copydesk stats .' or 'copydesk stats --help'")
    stream = sys.stdout
    try:
        if output_file:
            stream = open(output_file, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        fail(f"{output_file}: cannot write: {exc.strerror or exc}")
    try:
        run = StatsRun(ConfigFinder(config_path), RuleResolver(Overrides()), FORMATS[output_format](stream))
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        run.run(list(paths), stdin, stdin_filename)
    except user_errors() as exc:
        fail(str(exc))
    finally:
        if stream is not sys.stdout:
            stream.close()
    sys.exit(run.exit_code)


# --- Only new findings: check --changed-since / --baseline, and 'copydesk baseline' ------------
# lint.changed and lint.baseline are imported only when one of these options is used.

BASELINE_FILE = ".copydesk-baseline.json"  # lint.baseline.DEFAULT_FILE, repeated to stay lazy


class _OnlyNew:
    """The filters behind --changed-since and --baseline.

    Built before any output is opened, so a bad ref or baseline fails without truncating
    --output-file.
    """

    def __init__(self, matcher=None, changed=None, baseline_file: Path | None = None) -> None:
        self.matcher = matcher
        self.changed = changed
        self.baseline_file = baseline_file

    @classmethod
    def build(cls, changed_since: str | None, baseline_file: Path | None, paths, stdin_filename) -> _OnlyNew:
        matcher = changed = None
        if baseline_file is not None:
            from .baseline import BaselineError, Matcher

            try:
                matcher = Matcher.load(baseline_file)
            except BaselineError as exc:
                fail(str(exc))
        if changed_since is not None:
            from .changed import ChangedLines, GitError

            if "-" in paths and not stdin_filename:
                fail("--changed-since needs --stdin-filename to know which file '-' is")
            try:
                changed = ChangedLines.since(changed_since)
            except GitError as exc:
                fail(f"--changed-since: {exc}")
        return cls(matcher, changed, baseline_file)

    def attach(self, run: Run) -> None:
        # The baseline goes first: it must see all of a file's findings to tell stale entries.
        if self.matcher is not None:
            run.filters.append(self.matcher)
        if self.changed is not None:
            run.filters.append(self.changed)
            run.wanted = self.changed.wanted

    def finish(self, run: Run, paths) -> None:
        if self.matcher is None:
            return
        stale = sum(self.matcher.stale().values())
        if stale:
            import shlex

            prune = shlex.join(["copydesk", "baseline", "prune", "--baseline", str(self.baseline_file), *paths])
            what = "entry no longer matches" if stale == 1 else "entries no longer match"
            run.notice(f"{stale} baseline {what}; run '{prune}' to remove them")


def _selection_options(command):
    """check's rule-selection options, for commands that must lint exactly as check does."""
    for option in reversed([
        _config_option,
        click.option("--select", multiple=True, help="Rules or packs to run instead of the defaults."),
        click.option("--extend-select", multiple=True, help="Rules or packs to run in addition."),
        click.option("--ignore", multiple=True, help="Rules or packs not to run."),
        _rules_path_option,
    ]):
        command = option(command)
    return command


def _lint_for_baseline(paths, config_path, select, extend_select, ignore, rules_path, keep) -> Run:
    """Lint PATHS as check would, every finding going to ``keep``; nothing is reported."""
    from .reporters import Reporter

    if not paths:
        fail("no paths given; try 'copydesk baseline create .'")
    if "-" in paths:
        fail("a baseline records files; standard input ('-') has no path to record")
    overrides = Overrides(select=_split(select) or None, extend_select=_split(extend_select),
                          ignore=_split(ignore), rules_path=tuple(p.resolve() for p in rules_path))
    run = Run(ConfigFinder(config_path), RuleResolver(overrides), Reporter(sys.stdout, ReporterOptions()))
    run.filters.append(keep)
    try:
        run.run(list(paths))
    except user_errors() as exc:
        fail(str(exc))
    if run.summary.errors:  # the notices above named the paths
        fail("the baseline was not written")
    return run


@main.group("baseline")
def baseline_group() -> None:
    """Record today's findings so that 'check --baseline FILE' reports only new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, type=_PATHS)
@click.option("-o", "--output", type=_FILE, default=BASELINE_FILE,
              show_default=True, help="The baseline file to write (replaced if it exists).")
@_selection_options
def baseline_create(paths, output, config_path, select, extend_select, ignore, rules_path) -> None:
    """Record every finding in PATHS in a baseline file."""
    from .baseline import BaselineError, Recorder, folder_of, write

    recorder = Recorder(folder_of(output))
    run = _lint_for_baseline(paths, config_path, select, extend_select, ignore, rules_path, recorder)
    entries = recorder.entries()
    try:
        write(output, entries)
    except BaselineError as exc:
        fail(str(exc))
    found = sum(e.count for e in entries)
    click.echo(f"Recorded {found} finding{'' if found == 1 else 's'} in {len(recorder.files)} of "
               f"{run.summary.files} file{'' if run.summary.files == 1 else 's'} in {output}.")


@baseline_group.command("prune")
@click.argument("paths", nargs=-1, type=_PATHS)
@click.option("--baseline", "baseline_file", type=_FILE,
              default=BASELINE_FILE, show_default=True, help="The baseline file to prune in place.")
@_selection_options
def baseline_prune(paths, baseline_file, config_path, select, extend_select, ignore, rules_path) -> None:
    """Drop entries PATHS no longer produce (fixed text, deleted files) from a baseline."""
    from .baseline import BaselineError, Matcher, write

    try:
        matcher = Matcher.load(baseline_file)
    except BaselineError as exc:
        fail(str(exc))
    _lint_for_baseline(paths, config_path, select, extend_select, ignore, rules_path, matcher)
    stale = sum(matcher.stale().values())
    entries = matcher.pruned()
    if stale:  # otherwise the file is left exactly as it is
        try:
            write(baseline_file, entries)
        except BaselineError as exc:
            fail(str(exc))
    left = sum(e.count for e in entries)
    click.echo(f"Removed {stale} stale entr{'y' if stale == 1 else 'ies'} from {baseline_file};"
               f" {left} finding{'' if left == 1 else 's'} remain{'s' if left == 1 else ''} baselined.")


# --- The review page: 'copydesk serve' (lint/serve.py, imported only by this command) ---------

@main.command()
@click.argument("path", required=False, default=".", type=click.Path(path_type=Path))
@_config_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address exposes the articles to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--write", is_flag=True, help="Allow saving edited files under PATH (replaced atomically).")
@click.option("--no-open", is_flag=True, help="Do not open the page in a web browser.")
def serve(path, config_path, host, port, write, no_open) -> None:
    """A local review page for the articles in PATH: edit, see findings live, accept suggestions."""
    from .serve import ServeError, serve as run_server

    try:
        run_server(path, host=host, port=port, write=write, open_browser=not no_open, config_path=config_path)
    except ServeError as exc:
        fail(str(exc))


# --- Grammar: 'copydesk grammar setup' (lint/grammar/setup.py, imported only by this command) --

@main.group("grammar")
def grammar_group() -> None:
    """LanguageTool for the grammar pack (copydesk --grammar)."""


@grammar_group.command("setup")
@click.option("--yes", "-y", is_flag=True, help="Download without asking.")
@click.option("--lt-version", metavar="VERSION", help="LanguageTool version [default: language-tool-python's].")
def grammar_setup(yes, lt_version) -> None:
    """Download and install LanguageTool locally (about 250 MB; needs Java 17+).

    copydesk never downloads LanguageTool by itself: this is the one command that does. A
    running server (languagetool-url, COPYDESK_LANGUAGETOOL_URL) needs no setup.
    """
    from .grammar.setup import SetupError, setup

    try:
        done = setup(lt_version, yes, click.echo, lambda q: click.confirm(q, default=False))
    except SetupError as exc:
        fail(str(exc))
    except click.Abort:
        done = False
    sys.exit(0 if done else 1)


# The end of the imports and definitions (see the top of the module).
gc.freeze()
if _COLLECTING:
    gc.enable()
