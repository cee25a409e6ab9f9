"""Grammar settings: the configuration's keys, the environment and the command line, merged.

Configuration (``.copydesk.toml`` or ``[tool.copydesk]``)::

    languagetool-url = "http://localhost:8010"   # a running LanguageTool server
    vocabulary = "names.txt"                       # one accepted word per line (newsroom names)

    [grammar]
    language = "en-US"      # LanguageTool's language code
    timeout = 15            # seconds per request
    max-requests = 4        # requests in flight at once, across --jobs workers
    max-chars = 20000       # larger documents go in chunks, cut between blocks

Where the server comes from, first found wins: ``--languagetool-url``, the environment variable
``COPYDESK_LANGUAGETOOL_URL``, ``languagetool-url`` in the configuration, then a LanguageTool
already installed for language-tool-python (``LTP_PATH``, ``LTP_JAR_DIR_PATH``, or its default
folder), which it starts locally. Nothing is ever downloaded here: ``copydesk grammar setup``
installs LanguageTool on request.

Stdlib only, and imported only when a configuration has grammar keys or grammar runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

URL_ENV = "COPYDESK_LANGUAGETOOL_URL"
DEFAULT_LANGUAGE = "en-US"
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_REQUESTS = 4
DEFAULT_MAX_CHARS = 20000  # the public LanguageTool API's limit for a request without a key
TABLE_KEYS = ("language", "timeout", "max-requests", "max-chars")
# How to name the settings in the notice when no server can be reached.
HOW_TO_CONNECT = (f"set languagetool-url in .copydesk.toml or {URL_ENV} to a running LanguageTool server, "
                  "or run 'copydesk grammar setup' to install one")


class SettingsError(ValueError):
    """A grammar setting of the wrong type or value; the message names the key."""


@dataclass(frozen=True)
class GrammarConfig:
    """The grammar keys of one configuration file (all optional)."""

    url: str | None = None
    vocabulary: Path | None = None  # resolved against the configuration's folder
    language: str = DEFAULT_LANGUAGE
    timeout: float = DEFAULT_TIMEOUT
    max_requests: int = DEFAULT_MAX_REQUESTS
    max_chars: int = DEFAULT_MAX_CHARS


# Grammar settings from the command line, as ``Overrides.grammar`` (a plain dict, so that a
# run without grammar never imports this module): ``url`` (--languagetool-url), ``require``
# (--require-grammar: no server is an error, exit 2), ``cache`` (False with --no-cache),
# ``cache_dir`` (--cache-dir).


def parse_grammar(table: dict[str, Any], folder: Path, where: str) -> GrammarConfig:
    """The grammar keys of a configuration table; ``where(key)`` names a key in errors."""
    url = table.get("languagetool-url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise SettingsError(f"{where('languagetool-url')} must be a URL string")
    vocabulary = table.get("vocabulary")
    if vocabulary is not None and (not isinstance(vocabulary, str) or not vocabulary.strip()):
        raise SettingsError(f"{where('vocabulary')} must be the path of a word list")
    grammar = table.get("grammar", {})
    if not isinstance(grammar, dict):
        raise SettingsError(f"{where('grammar')} must be a table")
    unknown = sorted(set(grammar) - set(TABLE_KEYS))
    if unknown:
        raise SettingsError(f"{where('grammar.' + unknown[0])} is not a grammar setting "
                            f"(known: {', '.join(TABLE_KEYS)})")
    language = grammar.get("language", DEFAULT_LANGUAGE)
    if not isinstance(language, str) or not language.strip():
        raise SettingsError(f"{where('grammar.language')} must be a language code such as 'en-US'")
    timeout = grammar.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 3600:
        raise SettingsError(f"{where('grammar.timeout')} must be a number of seconds above 0")
    counts = {}
    for key, default in (("max-requests", DEFAULT_MAX_REQUESTS), ("max-chars", DEFAULT_MAX_CHARS)):
        value = grammar.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(f"{where('grammar.' + key)} must be a whole number above 0")
        counts[key] = value
    return GrammarConfig(
        url.strip() if url else None,
        (folder / vocabulary).resolve() if vocabulary else None,
        language.strip(), float(timeout), counts["max-requests"], counts["max-chars"],
    )


@dataclass(frozen=True)
class Resolved:
    """Everything one grammar rule needs to run, after every source of settings was read."""

    url: str | None  # None: a local LanguageTool, if one is installed
    url_from: str  # which setting gave the URL (named in notices)
    language: str
    timeout: float
    max_requests: int
    max_chars: int
    require: bool
    cache_dir: Path | None  # None with caching off
    vocabulary: frozenset[str] = field(default_factory=frozenset)
    vocabulary_digest: str = ""

    @property
    def server_key(self) -> str:
        return self.url or "local"


def resolve(config: GrammarConfig | None, overrides: dict[str, Any] | None) -> Resolved:
    """Merge the command line, the environment and a configuration file's grammar keys."""
    config = config or GrammarConfig()
    overrides = overrides or {}
    env = os.environ.get(URL_ENV, "").strip()
    if overrides.get("url"):
        url, origin = overrides["url"], "--languagetool-url"
    elif env:
        url, origin = env, URL_ENV
    elif config.url:
        url, origin = config.url, "languagetool-url"
    else:
        url, origin = None, "local"
    words, digest = read_vocabulary(config.vocabulary) if config.vocabulary else (frozenset(), "")
    cache_dir = None
    if overrides.get("cache", True):
        from ..cache_dir import cache_dir as default_cache_dir

        cache_dir = Path(overrides.get("cache_dir") or default_cache_dir()) / "languagetool"
    return Resolved(url, origin, config.language, config.timeout, config.max_requests,
                    config.max_chars, bool(overrides.get("require")), cache_dir, words, digest)


def read_vocabulary(path: Path) -> tuple[frozenset[str], str]:
    """The accepted words of a vocabulary file: one entry a line, ``#`` starts a comment; every
    word of a line is accepted ("Ngozi Okonjo-Iweala" accepts both names)."""
    import hashlib

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise SettingsError(f"vocabulary file {path}: cannot read: {reason}") from None
    words = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        words.update(line.split())
    return frozenset(words), hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()[:16]
