"""A stand-in LanguageTool server for the tests: stdlib http.server in a thread on 127.0.0.1.

It answers ``GET /v2/languages`` and ``POST /v2/check`` with the answers recorded in
``tests/data/languagetool/`` (LanguageTool's documented response format), looked up by the exact
annotation copydesk sends: a text it has no answer for gets HTTP 500, so a test cannot pass on
an empty answer by accident. A check request that sends ``text`` instead of ``data`` gets 400.
Beyond the recordings, ``typo`` (a word) makes it report every occurrence of that word in the
text parts as a misspelling, its offset computed here the way LanguageTool does (UTF-16 units
into text and markup of all parts): an oracle for chunks and characters outside the BMP.

``mode`` switches the answers: "ok", "slow" (sleeps ``delay`` seconds first), "error" (503),
"malformed" (HTML with status 200), "shapeless" (JSON without ``matches``).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "languagetool"


def recorded() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "check").glob("*.json"))}


class FakeLanguageTool:
    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 0.0
        self.typo: str | None = None
        self.requests: list[dict] = []  # form fields of every check request
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._answers = [(r["annotation"], r["response"]) for r in recorded().values()]
        self._languages = json.loads((DATA / "languages.json").read_text(encoding="utf-8"))
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: str, ctype: str = "application/json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_HEAD(self) -> None:  # the archive 'grammar setup' would download
                self.send_response(200)
                self.send_header("Content-Length", "262144000")
                self.end_headers()

            def do_GET(self) -> None:
                if self.path.startswith("/v2/languages"):
                    self._send(200, json.dumps(fake._languages))
                else:
                    self._send(404, "not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")).items()}
                if not self.path.startswith("/v2/check"):
                    return self._send(404, "not found", "text/plain")
                with fake._lock:
                    fake.requests.append(form)
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    reply = self._reply(form)
                finally:
                    # Counted out before the answer is written: a client frees its slot only
                    # once it has the answer, so the next request can never overlap this one.
                    with fake._lock:
                        fake.in_flight -= 1
                self._send(*reply)

            def _reply(self, form: dict) -> tuple:
                if fake.mode == "slow" or fake.delay:
                    time.sleep(fake.delay)
                if fake.mode == "error":
                    return 503, "Error: Server overloaded, please try again later", "text/plain"
                if fake.mode == "malformed":
                    return 200, "<html><body>Bad gateway</body></html>", "text/html"
                if fake.mode == "shapeless":
                    return (200, json.dumps({"software": {"name": "LanguageTool"}}))
                if "data" not in form:
                    return 400, "Error: expected annotated 'data', got 'text'", "text/plain"
                return fake.answer(json.loads(form["data"])["annotation"])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, annotation: list[dict]) -> tuple[int, str]:
        for recorded_annotation, response in self._answers:
            if recorded_annotation == annotation:
                return 200, json.dumps(response, ensure_ascii=False)
        if self.typo is None:
            return 500, "Error: no recorded answer for " + json.dumps(annotation, ensure_ascii=False)[:300]
        matches = []
        units = 0
        for part in annotation:
            piece = part.get("text", part.get("markup", ""))
            if "text" in part:
                i = piece.find(self.typo)
                while i != -1:
                    offset = units + len(piece[:i].encode("utf-16-le")) // 2
                    matches.append({"message": "Possible spelling mistake found.", "offset": offset,
                                    "length": len(self.typo.encode("utf-16-le")) // 2,
                                    "replacements": [{"value": "the"}],
                                    "rule": {"id": "MORFOLOGIK_RULE_EN_US", "issueType": "misspelling",
                                             "category": {"id": "TYPOS", "name": "Possible Typo"}}})
                    i = piece.find(self.typo, i + 1)
            units += len(piece.encode("utf-16-le")) // 2
        return 200, json.dumps({"software": {"name": "LanguageTool", "version": "6.4"}, "matches": matches})

    def __enter__(self) -> FakeLanguageTool:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
