"""Talking to LanguageTool through language-tool-python, without ever downloading it.

The connection is made once per process and settings (:func:`service_for`) and kept in a
process-wide table; a run with ``--jobs`` connects in the parent before the workers fork
(``Run._connect_services``), so the workers inherit the connection, or the knowledge that
there is none, and a local server is started once, by the parent, which stops it at exit.

Where the server comes from (see settings.py): a URL (``remote_server``), else a LanguageTool
already installed for language-tool-python, started locally with the installed version named
explicitly. language-tool-python downloads LanguageTool whenever it starts a local server whose
version is not installed; copydesk only gets there when it found an installed version, so it
never downloads (``copydesk grammar setup`` is the one command that does).

Requests in flight are bounded twice: each process sends one request at a time (the chunks of a
document one after the other), so a run has at most ``--jobs`` requests out; and across
processes, and across runs on this machine, at most ``grammar.max-requests``, through that many
lock files (``flock``) in the cache folder: a request first takes a free slot, or waits for one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..document import Document
from .annotate import annotate, chunk_ranges
from .cache import AnswerCache, answer_key
from .settings import HOW_TO_CONNECT, Resolved


class CheckFailed(Exception):
    """A check that could not be done. ``per_file``: about this document only (a timeout);
    otherwise about the server, said once per run."""

    def __init__(self, message: str, per_file: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.per_file = per_file


def _first_line(text: str, limit: int = 120) -> str:
    line = " ".join(str(text).strip().splitlines()[:1]).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def installed_local_version() -> str | None:
    """The newest LanguageTool installed for language-tool-python, without downloading."""
    if os.environ.get("LTP_JAR_DIR_PATH"):
        folder = Path(os.environ["LTP_JAR_DIR_PATH"])
        if any((folder / jar).is_file() for jar in ("languagetool-server.jar", "languagetool.jar")):
            return "jar-dir"
    from language_tool_python.download_lt import LocalLanguageTool

    latest = LocalLanguageTool.get_latest_installed_version()
    if latest is None:
        return None
    try:
        latest.get_jar_path()
    except (FileNotFoundError, OSError):
        return None  # a folder left half-extracted is not an installation
    return latest.version_name


def _tool_class(lt: Any) -> type:
    class Tool(lt.LanguageTool):
        """language-tool-python's LanguageTool with our timeout on its own requests (its
        class-wide 300 s would hold a run for five minutes on a silent server)."""

        def __init__(self, timeout: float, **kwargs: Any) -> None:
            self._TIMEOUT = timeout
            super().__init__(**kwargs)

    return Tool


class Service:
    """One LanguageTool server as this process sees it: connected, or known to be missing."""

    def __init__(self, settings: Resolved) -> None:
        self.settings = settings
        self.tool: Any = None
        self.failure: str | None = None
        self.cache = AnswerCache(settings.cache_dir)
        self.sent = 0  # requests sent by this process (tests read it)

    # -- connecting -------------------------------------------------------------------------

    def connect(self) -> None:
        """Connect once; afterwards ``tool`` or ``failure`` is set."""
        if self.tool is not None or self.failure is not None:
            return
        try:
            self.tool = self._open()
        except CheckFailed as exc:
            self.failure = exc.message

    def _where(self) -> str:
        s = self.settings
        return f"LanguageTool at {s.url} (from {s.url_from})" if s.url else "the local LanguageTool"

    def _open(self) -> Any:
        s = self.settings
        try:
            import language_tool_python as lt
        except ImportError:
            raise CheckFailed("grammar checks need language-tool-python: pip install 'copydesk[grammar]'; "
                              "grammar checks skipped") from None
        Tool = _tool_class(lt)
        if s.url:
            # remote_server: language-tool-python only asks the server for its languages here.
            try:
                return Tool(s.timeout, language=s.language, remote_server=s.url)
            except ValueError as exc:  # the server does not know the language
                raise CheckFailed(f"{self._where()}: {exc} (set [grammar] language); grammar checks skipped") from None
            except Exception as exc:  # noqa: BLE001 - ConnectionError, timeouts, bad answers
                raise CheckFailed(f"{self._where()} cannot be reached ({_first_line(_reason(exc))}); "
                                  f"grammar checks skipped, other rules ran. Start the server or "
                                  f"{HOW_TO_CONNECT}") from None
        try:
            version = installed_local_version()
        except Exception as exc:  # noqa: BLE001 - a broken language-tool-python install
            version = None
            reason = _first_line(str(exc))
        else:
            reason = ""
        if version is None:
            raise CheckFailed("grammar is on but no LanguageTool server is set and none is installed"
                              f"{' (' + reason + ')' if reason else ''}: {HOW_TO_CONNECT}; "
                              "grammar checks skipped, other rules ran")
        kwargs: dict[str, Any] = {"language": s.language}
        if version != "jar-dir":
            # Named explicitly: language-tool-python would download its default version if
            # the installed one differs.
            kwargs["language_tool_download_version"] = version
        try:
            return Tool(s.timeout, **kwargs)
        except Exception as exc:  # noqa: BLE001 - no Java, a port in use, a crash at start
            raise CheckFailed(f"the local LanguageTool ({version}) did not start ({_first_line(_reason(exc))}); "
                              f"grammar checks skipped, other rules ran. {HOW_TO_CONNECT[0].upper()}"
                              f"{HOW_TO_CONNECT[1:]}") from None

    # -- checking ---------------------------------------------------------------------------

    def check_document(self, doc: Document) -> list[tuple[int, int, dict]]:
        """LanguageTool's matches for ``doc`` as (start, end, match) in source code points."""
        self.connect()
        if self.failure is not None:
            raise CheckFailed(self.failure)
        found = []
        for start, end in chunk_ranges(doc, self.settings.max_chars):
            ann = annotate(doc, start, end)
            if not any(p.get("text", "").strip() or p.get("interpretAs", "").strip() for p in ann.parts):
                continue
            data = json.dumps({"annotation": ann.parts}, ensure_ascii=False)
            for m in self._matches(data):
                a = min(max(ann.to_source(m["offset"]), start), end)
                b = min(max(ann.to_source(m["offset"] + m["length"]), a), end)
                found.append((a, b, m))
        return found

    def _matches(self, data: str) -> list[dict]:
        key = answer_key(self.settings.server_key, self.settings.language, data)
        known = self.cache.get(key)
        if known is not None:
            try:
                return _valid_matches({"matches": known})
            except CheckFailed:
                pass  # a damaged entry: ask again
        matches = self._post(data)
        self.cache.put(key, matches)
        return matches

    def _post(self, data: str) -> list[dict]:
        """POST the annotated text to ``/v2/check``.

        language-tool-python's ``LanguageTool.check()`` sends only ``text``, which would hand
        LanguageTool the markup, and retries with its own timeout. So the request is made here
        with the same ``requests`` library, to the URL, language and parameters the library
        worked out (``_create_params``), ``data`` in place of ``text``, and our timeout.
        """
        import requests

        tool, s = self.tool, self.settings
        params = tool._create_params("")
        params.pop("text", None)
        params["data"] = data
        url = tool._url.rstrip("/") + "/check"
        try:
            with _slots(s).hold():
                self.sent += 1
                response = requests.post(url, data=params, timeout=s.timeout,
                                         proxies=getattr(tool, "_proxies", None))
        except requests.Timeout:
            raise CheckFailed(f"{self._where()} did not answer within {s.timeout:g} s; this file's grammar "
                              "findings are missing (raise [grammar] timeout)", per_file=True) from None
        except requests.ConnectionError as exc:
            # The server went away: said once, and no more requests from this process.
            self.failure = (f"{self._where()} cannot be reached ({_first_line(_reason(exc))}); "
                            f"grammar checks skipped, other rules ran. Start the server or {HOW_TO_CONNECT}")
            raise CheckFailed(self.failure) from None
        except requests.RequestException as exc:
            raise CheckFailed(f"{self._where()} failed: {_first_line(_reason(exc))}", per_file=True) from None
        if response.status_code >= 400:
            raise CheckFailed(f"{self._where()} answered HTTP {response.status_code}"
                              f" ({_first_line(response.text) or response.reason}); this file's grammar "
                              "findings are missing", per_file=True)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        return _valid_matches(answer, self._where())


def _reason(exc: BaseException) -> str:
    """The innermost cause of a connection error, in a few words."""
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        seen = seen.__cause__ or seen.__context__
    text = str(seen) or type(seen).__name__
    if "Connection refused" in text or "ConnectionRefused" in type(seen).__name__:
        return "connection refused"
    return text


def _valid_matches(answer: Any, where: str = "LanguageTool") -> list[dict]:
    """The matches of a ``/v2/check`` answer, each checked for the fields we read."""
    bad = CheckFailed(f"{where} sent an answer copydesk cannot read; this file's grammar findings "
                      "are missing", per_file=True)
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise bad
    out = []
    for m in answer["matches"]:
        if not isinstance(m, dict):
            raise bad
        offset, length, message, rule = m.get("offset"), m.get("length"), m.get("message"), m.get("rule")
        if not (isinstance(offset, int) and isinstance(length, int) and offset >= 0 and length >= 0
                and isinstance(message, str) and isinstance(rule, dict) and isinstance(rule.get("id"), str)):
            raise bad
        replacements = [r["value"] for r in m.get("replacements") or []
                        if isinstance(r, dict) and isinstance(r.get("value"), str)]
        category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
        out.append({
            "offset": offset, "length": length, "message": message, "replacements": replacements[:5],
            "rule": {"id": rule["id"], "issueType": str(rule.get("issueType") or ""),
                     "category": str(category.get("id") or "")},
        })
    return out


# -- one service per process and settings; slots across processes --------------------------

_SERVICES: dict[tuple, Service] = {}


def service_for(settings: Resolved) -> Service:
    key = (settings.server_key, settings.language, settings.timeout, settings.max_chars,
           settings.cache_dir, settings.max_requests)
    service = _SERVICES.get(key)
    if service is None:
        service = _SERVICES[key] = Service(settings)
    return service


class _Slots:
    def __init__(self, folder: Path | None, count: int) -> None:
        self.folder = folder
        self.count = count

    @contextmanager
    def hold(self) -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # no fork there either: one process, one request at a time
            yield
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handles = []
            first = os.getpid() % self.count
            held = None
            for i in range(self.count):
                fh = open(self.folder / f"slot-{(first + i) % self.count}.lock", "a+b")  # noqa: SIM115
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handles.append(fh)
                    continue
                held = fh
                break
            if held is None:  # every slot busy: wait for ours
                held = handles.pop(0)
                fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            for fh in handles:
                if fh is not held:
                    fh.close()
        except OSError:  # an unwritable cache folder: only --jobs bounds the requests
            yield
            return
        try:
            yield
        finally:
            held.close()  # closing releases the lock


def _slots(settings: Resolved) -> _Slots:
    from ..cache_dir import cache_dir

    folder = settings.cache_dir or cache_dir() / "languagetool"
    import hashlib

    server = hashlib.sha256(settings.server_key.encode()).hexdigest()[:12]
    return _Slots(folder / f"slots-{server}-{settings.max_requests}", settings.max_requests)
