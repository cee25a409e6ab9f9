"""``copydesk serve``: the JSON API over real HTTP (urllib against a server on a free port),
the folder boundary, saving, and the command line. The page itself: tests/test_browser.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from lint.serve import is_loopback, make_server, url_of, utf16_offsets
from tests.conftest import ROOT, TEST_CACHE

COUNCIL = ROOT / "fixtures" / "council-budget.md"
NATO = ROOT / "fixtures" / "nato-training-center.txt"


@contextmanager
def running(root: Path, write: bool = False, **kwargs):
    server = make_server(root, port=0, write=write, quiet=True, **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url_of(server)
    finally:
        server.shutdown()
        server.server_close()


def call(url: str, body: dict | None = None, headers: dict | None = None, raw: bytes | None = None):
    """(status, decoded JSON or text, headers) of one request."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    hdrs = {"Content-Type": "application/json"} if body is not None else {}
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, headers=hdrs, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, text, h = resp.status, resp.read().decode("utf-8"), resp.headers
    except urllib.error.HTTPError as exc:
        status, text, h = exc.code, exc.read().decode("utf-8"), exc.headers
    if (h.get("Content-Type") or "").startswith("application/json"):
        return status, json.loads(text), h
    return status, text, h


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "desk"
    (root / "sub").mkdir(parents=True)
    shutil.copy(COUNCIL, root / "council-budget.md")
    shutil.copy(NATO, root / "sub" / "nato.txt")
    (root / "notes.csv").write_text("a,b\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("Secret the the text.\n", encoding="utf-8")
    (root / "escape.txt").symlink_to(outside)
    (root / "inside-link.txt").symlink_to(root / "sub" / "nato.txt")
    return root


def test_page_is_served_with_its_scripts_allowed_by_nonce(folder):
    with running(folder) as url:
        status, page, headers = call(url)
    assert status == 200 and page.startswith("<!DOCTYPE html>")
    csp = headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert page.count(f'<script nonce="{nonce}">') == 2 and page.count("<script") == 2
    assert "{{" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_files_lists_the_articles_in_the_folder_only(folder):
    with running(folder) as url:
        status, body, _ = call(url + "api/files")
    assert status == 200
    assert body["files"] == ["council-budget.md", "inside-link.txt", "sub/nato.txt"]
    assert body["writable"] is False


@pytest.mark.parametrize("path, status", [
    ("../outside.txt", 403), ("sub/../../outside.txt", 403), ("/etc/passwd", 403),
    ("escape.txt", 403), ("notes.csv", 400), ("missing.txt", 404), ("", 400),
])
def test_reading_outside_the_folder_is_refused(folder, path, status):
    with running(folder) as url:
        got, body, _ = call(url + "api/file?path=" + urllib.request.quote(path))
    assert got == status, body
    assert "error" in body and "Secret" not in json.dumps(body)


def test_a_file_is_read_and_linted_with_its_format(folder):
    with running(folder) as url:
        status, body, _ = call(url + "api/file?path=council-budget.md")
        assert status == 200 and body["format"] == "markdown"
        assert body["text"] == COUNCIL.read_text(encoding="utf-8")
        status, linted, _ = call(url + "api/lint", {"text": body["text"], "path": "council-budget.md"})
    assert status == 200
    matches = sorted(f["match"] for f in linted["findings"])
    assert matches == ["the **the", "the Evening Post reported", "the the"]
    first = next(f for f in linted["findings"] if f["match"] == "the the")
    assert first["fixable"] is True and first["fix"] == {"start": 29, "end": 36, "text": "the"}
    # Deleting across the emphasis markers would break them: offered as text, not as a fix.
    assert next(f for f in linted["findings"] if f["match"] == "the **the")["fixable"] is False
    assert f'data-f="{first["id"]}"' in linted["html"]
    assert 'class="cd-accept"' in linted["html"]


def test_pasted_text_is_linted_with_the_chosen_format_and_utf16_offsets(folder):
    text = "\U0001f600 Ok. The mayor said the the plan was final, according to Reuters, Reuters reported.\n"
    with running(folder) as url:
        _, body, _ = call(url + "api/lint", {"text": text, "format": "text"})
        code = "Cats sat on `the the` mat and the the dog.\n"  # in Markdown, the first is code
        _, as_md, _ = call(url + "api/lint", {"text": code, "format": "markdown"})
        _, as_text, _ = call(url + "api/lint", {"text": code, "format": "text"})
    word = next(f for f in body["findings"] if f["rule"] == "repetition.word")
    assert text[word["start"]:word["end"]] == word["match"] == "the the"
    utf16 = text.encode("utf-16-le")
    s, e = word["fix16"]["start"], word["fix16"]["end"]
    assert utf16[2 * s:2 * e].decode("utf-16-le") == "the the"
    assert body["path"] == "pasted.txt" and as_md["path"] == "pasted.md"
    assert [f["column"] for f in as_md["findings"]] == [31]
    assert [f["column"] for f in as_text["findings"]] == [14, 31]


def test_utf16_offsets():
    to16 = utf16_offsets("a\U0001f600b\U0001f600c")
    assert [to16(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]


def test_the_folder_configuration_applies(folder):
    (folder / ".copydesk.toml").write_text('ignore = ["repetition"]\n', encoding="utf-8")
    with running(folder) as url:
        _, body, _ = call(url + "api/lint", {"text": "The the cat.\n", "path": "sub/nato.txt"})
        _, pasted, _ = call(url + "api/lint", {"text": "The the cat.\n", "format": "text"})
    assert body["findings"] == [] and pasted["findings"] == []


def test_saving_needs_write(folder):
    before = (folder / "council-budget.md").read_bytes()
    with running(folder) as url:
        status, body, _ = call(url + "api/save", {"path": "council-budget.md", "text": "x"})
    assert status == 403 and "--write" in body["error"]
    assert (folder / "council-budget.md").read_bytes() == before


def test_saving_replaces_the_file_keeping_mode_bom_and_line_endings(folder):
    target = folder / "sub" / "crlf.txt"
    target.write_bytes(b"\xef\xbb\xbfThe the cat.\r\nSecond line.\r\n")
    os.chmod(target, 0o640)
    inode = target.stat().st_ino
    with running(folder, write=True) as url:
        _, files, _ = call(url + "api/files")
        assert files["writable"] is True
        _, read, _ = call(url + "api/file?path=sub/crlf.txt")
        assert read["text"] == "The the cat.\nSecond line.\n"
        status, body, _ = call(url + "api/save", {"path": "sub/crlf.txt", "text": "The cat.\nSecond line.\n"})
    expected = b"\xef\xbb\xbfThe cat.\r\nSecond line.\r\n"
    assert status == 200 and body == {"path": "sub/crlf.txt", "bytes": len(expected)}
    assert target.read_bytes() == expected
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert target.stat().st_ino != inode  # a new file renamed over the old: never half written


def test_saving_through_a_link_inside_the_folder_updates_its_target(folder):
    with running(folder, write=True) as url:
        status, _, _ = call(url + "api/save", {"path": "inside-link.txt", "text": "New text.\n"})
    assert status == 200
    assert (folder / "inside-link.txt").is_symlink()
    assert (folder / "sub" / "nato.txt").read_text(encoding="utf-8") == "New text.\n"


@pytest.mark.parametrize("path, status", [
    ("../outside.txt", 403), ("escape.txt", 403), ("/tmp/x.txt", 403), ("new.txt", 404), ("notes.csv", 400),
    (None, 400),
])
def test_saving_outside_the_folder_or_a_new_file_is_refused(folder, path, status):
    outside = folder.parent / "outside.txt"
    with running(folder, write=True) as url:
        got, body, _ = call(url + "api/save", {"path": path, "text": "Overwritten.\n"})
    assert got == status, body
    assert outside.read_text(encoding="utf-8") == "Secret the the text.\n"
    assert not (folder / "new.txt").exists()


def test_requests_from_other_sites_are_refused(folder):
    with running(folder, write=True) as url:
        # DNS rebinding: another name for this address.
        status, body, _ = call(url + "api/files", headers={"Host": "evil.example:80"})
        assert status == 421
        # A cross-site form can post text/plain or form data, never JSON.
        status, body, _ = call(url + "api/save", raw=b'{"path": "council-budget.md", "text": "x"}',
                               headers={"Content-Type": "text/plain"})
        assert status == 415
        status, body, _ = call(url + "api/lint", raw=b"not json", headers={"Content-Type": "application/json"})
        assert status == 400
        status, body, _ = call(url + "api/lint", {"text": 3})
        assert status == 400 and body == {"error": "text must be a string"}
        status, body, _ = call(url + "api/nothing")
        assert status == 404
    assert (folder / "council-budget.md").read_bytes() == COUNCIL.read_bytes()


def test_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def _serve(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COPYDESK_CACHE_DIR": TEST_CACHE}
    return subprocess.Popen([sys.executable, "-m", "lint", "serve", "--no-open", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_command_prints_its_url_serves_and_stops_on_ctrl_c(folder):
    proc = _serve(str(folder), "--port", "0")
    try:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", line)
        assert m, line
        status, body, _ = call(m.group(1) + "api/files")
        assert status == 200 and "council-budget.md" in body["files"]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_the_command_opens_a_file_given_as_path(folder):
    proc = _serve(str(folder / "council-budget.md"), "--port", "0")
    try:
        line = proc.stderr.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    assert re.search(r"at http://127\.0\.0\.1:\d+/#council-budget\.md", line), line


def test_bad_input_is_one_line_and_exit_2(folder, tmp_path):
    proc = _serve(str(tmp_path / "missing"))
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2 and err.strip().count("\n") == 0 and "no such file or directory" in err
    server = make_server(folder, port=0, quiet=True)
    try:
        port = server.server_address[1]
        proc = _serve(str(folder), "--port", str(port))
        out, err = proc.communicate(timeout=20)
    finally:
        server.server_close()
    assert proc.returncode == 2 and err.startswith("copydesk: error: cannot listen on 127.0.0.1:") and err.count("\n") == 1
    (folder / ".copydesk.toml").write_text("nonsense = 1\n", encoding="utf-8")
    proc = _serve(str(folder), "--port", "0")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2 and "nonsense" in err and err.count("\n") == 1
