"""The ``copydesk`` command. It only wires configuration, paths and a reporter together.

``check`` is the default command: ``copydesk a.md`` is ``copydesk check a.md``, and options may
stand before or after the paths. Exit codes: 0 clean, 1 findings at or above the fail level,
2 usage, configuration or input errors.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, ConfigFinder
from .kinds import RuleError
from .reporters import ReporterOptions, reporter_class, reporter_names
from .rules import LEVELS, Registry
from .runner import Run
from .selection import Overrides, RuleResolver

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


def fail(message: str) -> None:
    click.echo(f"copydesk: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """copydesk: an editorial linter for news articles (.txt, Markdown, HTML)."""


_rules_path_option = click.option(
    "--rules-path", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An extra folder of rule packs (<pack>/<name>.yaml).")
_config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                              help="Use this configuration file instead of searching for one.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@_config_option
@click.option("--select", multiple=True, help="Rules or packs to run instead of the defaults (comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules or packs to run in addition (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules or packs not to run (comma-separated).")
@_rules_path_option
@click.option("--output-format", default="text", show_default=True,
              type=click.Choice(reporter_names()), help="Report format.")
@click.option("--output-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-level", type=click.Choice(LEVELS), help="Lowest level that makes the exit code 1 [default: warning].")
@click.option("--no-source", is_flag=True, help="Do not print the source line under each finding.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--stdin-filename", help="Name (and so format and configuration) of the text read from '-'.")
def check(paths, config_path, select, extend_select, ignore, rules_path, output_format, output_file,
          fail_level, no_source, color, stdin_filename) -> None:
    """Lint PATHS (files, folders, or - for standard input)."""
    if not paths:
        fail("no paths given; try 'copydesk check .' or 'copydesk --help'")
    overrides = Overrides(
        select=_split(select) or None, extend_select=_split(extend_select), ignore=_split(ignore),
        fail_level=fail_level, rules_path=tuple(p.resolve() for p in rules_path),
    )
    stream = sys.stdout
    try:
        if output_file:
            stream = open(output_file, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        fail(f"{output_file}: cannot write: {exc.strerror or exc}")
    # auto: color only on a terminal, and never when NO_COLOR is set (no-color.org)
    use_color = color == "always" or (color == "auto" and stream.isatty() and not os.environ.get("NO_COLOR"))
    reporter = reporter_class(output_format)(stream, ReporterOptions(show_source=not no_source, color=use_color))
    try:
        run = Run(ConfigFinder(config_path), RuleResolver(overrides), reporter)
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        run.run(list(paths), stdin, stdin_filename)
    except (ConfigError, RuleError) as exc:
        fail(str(exc))
    finally:
        if stream is not sys.stdout:
            stream.close()
    sys.exit(run.exit_code)


def _registry(config_path: Path | None, rules_path: tuple[Path, ...]) -> tuple[Registry, object]:
    """The rules as the configuration of the current folder sees them."""
    try:
        finder = ConfigFinder(config_path)
        config = finder.for_path(Path.cwd() / ".copydesk.toml")
        resolver = RuleResolver(Overrides(rules_path=tuple(p.resolve() for p in rules_path)))
        return resolver.registry(config), (resolver, config)
    except (ConfigError, RuleError) as exc:
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
    except (ConfigError, RuleError) as exc:
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
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@_config_option
@click.option("--output-format", default="text", show_default=True, type=click.Choice(["text", "json", "csv"]),
              help="A table, one JSON array, or CSV with a header row.")
@click.option("--output-file", type=click.Path(dir_okay=False, path_type=Path),
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
    except (ConfigError, RuleError) as exc:
        fail(str(exc))
    finally:
        if stream is not sys.stdout:
            stream.close()
    sys.exit(run.exit_code)
