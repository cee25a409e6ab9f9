"""``copydesk serve``: a local review page, linting an article live as it is edited.

A standard-library HTTP server (``ThreadingHTTPServer``) on 127.0.0.1 serves one self-contained
page and a small JSON API:

- ``GET /api/files``: the articles under the served folder (walked as ``check`` walks it);
- ``GET /api/file?path=REL``: one article's text;
- ``POST /api/lint`` ``{"text", "path"?, "format"?}``: the findings and the rendered article,
  linted with the configuration ``check`` would use for that path;
- ``POST /api/save`` ``{"path", "text"}``: only with ``--write``; the file is replaced
  atomically (:func:`lint.atomic.replace_file`), keeping its BOM and CRLF line endings.

Paths are relative to the served folder; absolute paths, ``..`` and symbolic links that lead
out of it are refused. Requests must name this server in their Host header (against DNS
rebinding) and POST bodies must be JSON (a cross-site form cannot send them), so another web
site open in the same browser cannot read or write articles through the page.

Offsets in the API are code points, as everywhere in copydesk; each fix also carries its
UTF-16 offsets (``fix16``), which is what JavaScript strings index.
"""

from __future__ import annotations

import bisect
import ipaddress
import json
import os
import re
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .atomic import replace_file
from .config import ConfigError, ConfigFinder
from .fixes import fixable
from .kinds import RuleError
from .loaders import EXTENSIONS, format_for
from .reporters import Reporter, ReporterOptions
from .reporters.html import ArticleRenderer, asset
from .runner import Run
from .selection import Overrides, RuleResolver
from .source import BinaryFile, decode

DEFAULT_PORT = 8765
MAX_BODY = 8 * 1024 * 1024
MAX_FILES = 5000
_PASTED = {"text": "pasted.txt", "markdown": "pasted.md", "html": "pasted.html"}


class ServeError(Exception):
    """A reason the server cannot start (bad folder, port in use); one line for the user."""


class RequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def utf16_offsets(text: str):
    """A function giving the UTF-16 offset of a code-point offset of ``text``."""
    astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
    return lambda i: i + bisect.bisect_left(astral, i)


class _Collect(Reporter):
    def file(self, path, doc, findings) -> None:
        self.result = (doc, findings)


class Workspace:
    """The served folder: which files may be read and written, and how text is linted."""

    def __init__(self, root: Path, config_path: Path | None = None, write: bool = False) -> None:
        self.root = Path(os.path.realpath(root))
        self.config_path = config_path
        self.write = write
        self.finder = ConfigFinder(config_path)
        self.resolver = RuleResolver(Overrides())
        self._lock = threading.Lock()

    # -- paths -------------------------------------------------------------------------------

    def resolve(self, rel: object) -> Path:
        """The real path of an article under the root (RequestError otherwise)."""
        if not isinstance(rel, str) or not rel or "\0" in rel:
            raise RequestError(400, "a relative path is needed")
        if os.path.isabs(rel) or rel.startswith(("/", "\\")) or any(p == ".." for p in rel.replace("\\", "/").split("/")):
            raise RequestError(403, f"{rel}: outside the served folder")
        real = Path(os.path.realpath(self.root / rel))
        if real != self.root and self.root not in real.parents:
            raise RequestError(403, f"{rel}: outside the served folder")
        if format_for(real.name) is None:
            raise RequestError(400, f"{rel}: not an article copydesk reads ({', '.join(sorted(EXTENSIONS))})")
        return real

    def files(self) -> list[str]:
        run = Run(self.finder, self.resolver, Reporter(sys.stderr, ReporterOptions()), stderr=_Null())
        out = []
        for found in run.files([str(self.root)])[:MAX_FILES]:
            real = os.path.realpath(found)
            if real.startswith(str(self.root) + os.sep):  # a link out of the folder is not offered
                out.append(Path(os.path.relpath(found, self.root)).as_posix())
        return out

    @staticmethod
    def _bytes(path: Path, rel: object, missing: str = "no such file") -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise RequestError(404, f"{rel}: {missing}") from None
        except OSError as exc:
            raise RequestError(400, f"{rel}: cannot read: {exc.strerror or exc}") from None

    def read(self, rel: object) -> dict:
        path = self.resolve(rel)
        data = self._bytes(path, rel)
        if b"\0" in data[:8192]:
            raise RequestError(400, f"{rel}: a binary file")
        text = decode(data).text.replace("\r\n", "\n")
        return {"path": rel, "text": text, "format": format_for(path.name), "writable": self.write}

    def save(self, rel: object, text: object) -> dict:
        if not self.write:
            raise RequestError(403, "saving is off; start the server with --write")
        if not isinstance(text, str):
            raise RequestError(400, "text must be a string")
        path = self.resolve(rel)
        old = self._bytes(path, rel, "no such file; only existing files are saved")
        text = text.replace("\r\n", "\n")
        if b"\r\n" in old:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        if old.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        try:
            replace_file(path, data)
        except OSError as exc:
            raise RequestError(500, f"{rel}: cannot write: {exc.strerror or exc}") from None
        return {"path": rel, "bytes": len(data)}

    # -- linting -----------------------------------------------------------------------------

    def lint(self, text: object, rel: object = None, fmt: object = None) -> dict:
        if not isinstance(text, str):
            raise RequestError(400, "text must be a string")
        if rel:
            path = self.resolve(rel)
            display = str(rel)
        else:
            if fmt not in _PASTED:
                fmt = "text"
            display = _PASTED[fmt]
            path = self.root / display
        collect = _Collect(sys.stderr, ReporterOptions())
        with self._lock:
            run = Run(self.finder, self.resolver, collect, stderr=_Null())
            run.reporter.rules = run.rules_ran
            try:
                run.lint_bytes(text.encode("utf-8"), display, path)
            except (ConfigError, RuleError) as exc:
                raise RequestError(500, str(exc)) from None
            except BinaryFile:  # pragma: no cover - lint_bytes reports it
                raise RequestError(400, "binary text") from None
        if not hasattr(collect, "result"):
            raise RequestError(400, "the text could not be read (a NUL character?)")
        doc, findings = collect.result
        to16 = utf16_offsets(doc.source)
        renderer = ArticleRenderer(0, display, doc, findings, run.rules_ran, interactive=True,
                                   fixable=lambda f: fixable(doc, f, unsafe=True))
        article = renderer.article()
        items = []
        for i, f in enumerate(renderer.findings):
            item = f.to_dict()
            item["id"] = renderer.fid(i)
            item["fixable"] = fixable(doc, f, unsafe=True)
            item["fix16"] = None if f.fix is None else {"start": to16(f.fix[0]), "end": to16(f.fix[1])}
            items.append(item)
        return {"path": display, "findings": items, "html": article.body,
                "counts": dict(article.counts)}


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class Handler(BaseHTTPRequestHandler):
    server_version = "copydesk"
    workspace: Workspace
    allowed_hosts: set[str] | None = None  # None: any (a non-loopback address was asked for)
    quiet = False

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    # -- plumbing ----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _check_host(self) -> None:
        if self.allowed_hosts is not None and (self.headers.get("Host") or "").lower() not in self.allowed_hosts:
            raise RequestError(421, "unexpected Host header")

    def _body(self) -> dict:
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            raise RequestError(415, "send JSON (Content-Type: application/json)")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise RequestError(413, "the text is too large")
        try:
            payload = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RequestError(400, "the body is not JSON") from None
        if not isinstance(payload, dict):
            raise RequestError(400, "the body must be a JSON object")
        return payload

    def _handle(self, action) -> None:
        try:
            self._check_host()
            action()
        except RequestError as exc:
            self._json(exc.status, {"error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the server
            self._json(500, {"error": f"internal error, please report it: {type(exc).__name__}: {exc}"})

    # -- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_HEAD(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _get(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._page()
        elif url.path == "/api/files":
            self._json(200, {"root": self.workspace.root.name, "files": self.workspace.files(),
                             "writable": self.workspace.write})
        elif url.path == "/api/file":
            rel = parse_qs(url.query).get("path", [""])[0]
            self._json(200, self.workspace.read(rel))
        else:
            raise RequestError(404, "not found")

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/api/lint":
            body = self._body()
            self._json(200, self.workspace.lint(body.get("text"), body.get("path"), body.get("format")))
        elif url.path == "/api/save":
            body = self._body()
            self._json(200, self.workspace.save(body.get("path"), body.get("text")))
        else:
            raise RequestError(404, "not found")

    def _page(self) -> None:
        nonce = secrets.token_urlsafe(16)
        values = {"css": asset("report.css") + asset("serve.css"), "report_js": asset("report.js"),
                  "serve_js": asset("serve.js"), "nonce": nonce,
                  "writable": "true" if self.workspace.write else "false"}
        text = asset("serve.html")
        text = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)
        csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; "
               f"script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; "
               f"frame-ancestors 'none'")
        self._send(200, text.encode("utf-8"), "text/html; charset=utf-8", {"Content-Security-Policy": csp})


def make_server(root: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, write: bool = False,
                config_path: Path | None = None, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``root``, bound but not yet serving (ServeError when it cannot be)."""
    if not root.is_dir():
        raise ServeError(f"{root}: not a folder")
    workspace = Workspace(root, config_path, write)
    try:
        workspace.finder.for_path(workspace.root / "-")  # a broken configuration fails now
    except ConfigError as exc:
        raise ServeError(str(exc)) from None
    handler = type("CopydeskHandler", (Handler,), {"workspace": workspace, "quiet": quiet})
    family_host = host.strip("[]")
    server_class = ThreadingHTTPServer
    if ":" in family_host:
        import socket

        server_class = type("V6Server", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    try:
        server = server_class((family_host, port), handler)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except OverflowError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc}") from None
    server.daemon_threads = True
    bound = server.server_address[1]
    if is_loopback(family_host):
        names = {family_host, "localhost", "127.0.0.1", "[::1]", f"[{family_host}]"}
        handler.allowed_hosts = {f"{n}:{bound}" for n in names}
    return server


def url_of(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def serve(path: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, write: bool = False,
          open_browser: bool = True, config_path: Path | None = None, out=None) -> None:
    """Run the review page until interrupted."""
    out = out or sys.stderr
    if not path.exists():
        raise ServeError(f"{path}: no such file or directory")
    root, first = (path, None) if path.is_dir() else (path.parent, path.name)
    if not is_loopback(host.strip("[]")):
        out.write(f"copydesk: warning: serving on {host}, not a loopback address: anyone who can reach it "
                  f"can read the articles under {root}{' and change them' if write else ''}\n")
    server = make_server(root, host, port, write, config_path)
    url = url_of(server)
    if first:
        from urllib.parse import quote

        url += "#" + quote(first)
    out.write(f"copydesk: reviewing {os.path.realpath(root)} at {url}"
              f"{' (saving on)' if write else ''}; press Ctrl-C to stop\n")
    out.flush()
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
