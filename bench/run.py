#!/usr/bin/env python3
"""Benchmark copydesk against other prose linters on a real corpus, side by side.

    python bench/run.py                                   # BBC corpus, 3 rounds, every peer
    python bench/run.py --quick                           # a 200-file sample, for fast iteration
    python bench/run.py --scaling --single                # also linear growth and one-article start-up
    python bench/run.py --peers proselint --repeat 5 --json results.json

On first use the peers are installed into their own environments under ``bench/.envs/`` (proselint
from PyPI into a virtual environment, write-good, alex and textlint from npm with the versions
pinned in ``bench/peers/``); later runs reuse them and need no network. Every run of every tool is
a separate process measured by ``/usr/bin/time -v`` (wall time, CPU time and peak resident
memory), the tools alternate round by round, and the table reports medians of the same run.
Only the standard library is used, so ``--help`` works before anything is installed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS_DIR = BENCH / "peers"
ENVS = BENCH / ".envs"
PROSELINT_ENV = ENVS / "proselint"
COPYDESK_ENV = ENVS / "copydesk"
NODE_ENV = ENVS / "node"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc"
TIME = "/usr/bin/time"

# The files a corpus is made of: what copydesk lints, with lower-case extensions (the corpus
# README's globs, ``bbc/*/*.txt``, leave out ``bbc/README.TXT``, and so does this).
CORPUS_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
ALL_PEERS = ("proselint", "write-good", "alex", "textlint")
NODE_PEERS = ("write-good", "alex", "textlint")


def run_env() -> dict:
    """The environment of every measured process: this one, less PYTHONDONTWRITEBYTECODE (set on
    some CI images), so that Python tools start from their bytecode cache as on a user's machine."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def say(message: str = "") -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------------------------
# The corpus


@dataclass
class Corpus:
    root: Path
    files: list[Path]
    sampled: bool

    @property
    def bytes(self) -> int:
        return sum(f.stat().st_size for f in self.files)


def corpus_files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        found.extend(Path(folder, n) for n in sorted(names) if n.endswith(CORPUS_EXTENSIONS))
    return found


def sample(files: list[Path], n: int) -> list[Path]:
    """``n`` files spread evenly over the sorted list (every topic folder gets its share)."""
    if len(files) <= n:
        return files
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def copydesk_targets(corpus: Corpus) -> list[str]:
    """How copydesk is normally given the corpus: its folders (copydesk walks them) plus the
    corpus files lying at the top; a sample is given file by file."""
    if corpus.sampled:
        return [str(f) for f in corpus.files]
    chosen = set(corpus.files)
    targets = []
    for entry in sorted(corpus.root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if any(f.is_relative_to(entry) for f in corpus.files):
                targets.append(str(entry))
        elif entry in chosen:
            targets.append(str(entry))
    return targets


# --------------------------------------------------------------------------------------------
# Measuring one process with /usr/bin/time -v


@dataclass
class Measure:
    wall: float | None = None          # seconds, /usr/bin/time's "Elapsed (wall clock)" summed over batches
    cpu: float | None = None           # user + system seconds, summed over batches
    rss_kib: int | None = None         # the largest "Maximum resident set size" of the batches
    wall_precise: float | None = None  # perf_counter from each start to each end, summed: the wall time
                                       # the tables show (finer than /usr/bin/time's hundredths)
    batches: int = 0
    exit_codes: list[int] = field(default_factory=list)
    ok: bool = True
    error: str = ""


def _parse_time_v(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key.startswith("Elapsed (wall clock) time"):
            seconds = 0.0
            for part in value.split(":"):
                seconds = seconds * 60 + float(part)
            out["wall"] = seconds
        elif key == "User time (seconds)":
            out["user"] = float(value)
        elif key == "System time (seconds)":
            out["sys"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["rss"] = int(value)
        elif key == "Exit status":
            out["status"] = int(value)
        elif line.strip().startswith("Command terminated by signal"):
            out["signal"] = line.strip()
    return out


def measure(batches: list[list[str]], *, cwd: Path | None = None, env: dict | None = None,
            ok_codes: tuple[int, ...] = (0, 1), timeout: float = 900.0) -> Measure:
    """Run each argv in ``batches`` one after the other under /usr/bin/time -v."""
    m = Measure(wall=0.0, cpu=0.0, rss_kib=0, wall_precise=0.0, batches=len(batches))
    env = run_env() if env is None else env
    for argv in batches:
        with tempfile.NamedTemporaryFile("w+", suffix=".time") as tf, \
                tempfile.TemporaryFile("w+b") as err:
            start = time.perf_counter()
            proc = subprocess.Popen([TIME, "-v", "-o", tf.name, *argv], cwd=cwd, env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err, start_new_session=True)
            # A blocking wait, with a timer for the timeout: wait(timeout=) polls with sleeps of
            # up to 50 ms, which the one-article times would include.
            expired = threading.Event()
            timer = threading.Timer(timeout, _kill_group, (proc.pid, expired))
            timer.start()
            proc.wait()
            m.wall_precise += time.perf_counter() - start
            timer.cancel()
            if expired.is_set():
                m.ok, m.error = False, f"timed out after {timeout:.0f} s"
                break
            stats = _parse_time_v(Path(tf.name).read_text(errors="replace"))
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace").strip()
        if "wall" not in stats or "rss" not in stats:
            m.ok, m.error = False, f"no /usr/bin/time report (exit {proc.returncode}): {tail[-500:]}"
            break
        m.wall += stats["wall"]
        m.cpu += stats.get("user", 0.0) + stats.get("sys", 0.0)
        m.rss_kib = max(m.rss_kib, stats["rss"])
        code = stats.get("status", proc.returncode)
        m.exit_codes.append(code)
        if "signal" in stats or code not in ok_codes:
            m.ok = False
            m.error = f"{stats.get('signal') or f'exit status {code}'}: {tail[-500:]}"
            break
    if not m.ok:
        m.wall = m.cpu = m.rss_kib = m.wall_precise = None
    return m


def _kill_group(pid: int, expired: threading.Event) -> None:
    expired.set()
    try:
        os.killpg(pid, signal.SIGKILL)  # the process group the measured run started
    except ProcessLookupError:
        pass


def arg_budget(limit: int | None = None) -> int:
    """Bytes of arguments one exec may take: ARG_MAX less the environment and a margin."""
    if limit is None:
        try:
            limit = os.sysconf("SC_ARG_MAX")
        except (ValueError, OSError):
            limit = 131072
        env = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
        limit = limit - env - 32768
    return max(limit, 4096)


def batch(prefix: list[str], files: list[str], budget: int) -> list[list[str]]:
    """Split ``prefix + files`` into argvs that each stay under ``budget`` bytes (each argument
    costs its length, its NUL and its pointer)."""
    base = sum(len(a.encode()) + 9 for a in prefix)
    out, current, size = [], [], base
    for f in files:
        cost = len(f.encode()) + 9
        if current and size + cost > budget:
            out.append(prefix + current)
            current, size = [], base
        current.append(f)
        size += cost
    if current or not out:
        out.append(prefix + current)
    return out


# --------------------------------------------------------------------------------------------
# Tools


@dataclass
class Tool:
    name: str
    prefix: list[str]                  # argv before the files
    cwd: Path | None = None
    env: dict | None = None
    ok_codes: tuple[int, ...] = (0, 1)
    version: str = ""
    suffix: list[str] = field(default_factory=list)   # copydesk: options after the paths

    def batches(self, files: list[str], budget: int) -> list[list[str]]:
        return [argv + self.suffix for argv in batch(self.prefix, files, budget - _size(self.suffix))]


def _size(args: list[str]) -> int:
    return sum(len(a.encode()) + 9 for a in args)


def _hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def _run_quiet(argv: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=False, stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)


def install_proselint() -> bool:
    marker = PROSELINT_ENV / ".installed"
    requirements = PEERS_DIR / "requirements.txt"
    want = _hash(requirements)
    exe = PROSELINT_ENV / "bin" / "proselint"
    if exe.exists() and marker.exists() and marker.read_text().strip() == want:
        say(f"proselint: installed in {PROSELINT_ENV.relative_to(REPO)} (skipping install)")
        return True
    say(f"proselint: installing {requirements.relative_to(REPO)} into {PROSELINT_ENV.relative_to(REPO)} ...")
    if not (PROSELINT_ENV / "bin" / "python").exists():
        r = _run_quiet([sys.executable, "-m", "venv", str(PROSELINT_ENV)])
        if r.returncode:
            say(f"proselint: could not create the virtual environment:\n{r.stderr.strip()}")
            return False
    r = _run_quiet([str(PROSELINT_ENV / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                    "-q", "-r", str(requirements)])
    if r.returncode or not exe.exists():
        say(f"proselint: pip install failed (offline?); skipping proselint:\n{r.stderr.strip()[-1500:]}")
        return False
    marker.write_text(want + "\n")
    say("proselint: installed")
    return True


def install_node() -> bool:
    marker = NODE_ENV / ".installed"
    manifest, lock = PEERS_DIR / "package.json", PEERS_DIR / "package-lock.json"
    want = _hash(manifest, lock)
    if (NODE_ENV / "node_modules" / ".bin").is_dir() and marker.exists() and marker.read_text().strip() == want:
        say(f"node peers: installed in {NODE_ENV.relative_to(REPO)} (skipping install)")
        return True
    if not shutil.which("node") or not shutil.which("npm"):
        say("node peers: node and npm are needed for write-good, alex and textlint; skipping them")
        return False
    say(f"node peers: npm ci from {manifest.relative_to(REPO)} (pinned by package-lock.json) "
        f"into {NODE_ENV.relative_to(REPO)} ...")
    NODE_ENV.mkdir(parents=True, exist_ok=True)
    shutil.copy2(manifest, NODE_ENV / "package.json")
    shutil.copy2(lock, NODE_ENV / "package-lock.json")
    r = _run_quiet(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_ENV)
    if r.returncode:
        say(f"node peers: npm ci failed (offline?); skipping write-good, alex, textlint:\n{r.stderr.strip()[-1500:]}")
        return False
    marker.write_text(want + "\n")
    say("node peers: installed")
    return True


def _node_version(package: str) -> str:
    try:
        return json.loads((NODE_ENV / "node_modules" / package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def peer_tools(names: list[str]) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    if "proselint" in names and install_proselint():
        exe = str(PROSELINT_ENV / "bin" / "proselint")
        version = _run_quiet([exe, "version"]).stdout.strip().split()[-1:] or ["?"]
        # proselint exits 1 on findings; it skips bbc/sport/199.txt (Latin-1) with a message.
        tools["proselint"] = Tool("proselint", [exe, "check"], version=version[0])
    if any(n in NODE_PEERS for n in names) and install_node():
        bin_ = NODE_ENV / "node_modules" / ".bin"
        if "write-good" in names:
            tools["write-good"] = Tool("write-good", [str(bin_ / "write-good")], cwd=NODE_ENV,
                                       ok_codes=tuple(range(256)), version=_node_version("write-good"))
        if "alex" in names:
            tools["alex"] = Tool("alex", [str(bin_ / "alex")], cwd=NODE_ENV, version=_node_version("alex"))
        if "textlint" in names:
            tools["textlint"] = Tool("textlint", [str(bin_ / "textlint"), "--config",
                                                  str(PEERS_DIR / "textlintrc.json")],
                                     cwd=NODE_ENV, version=_node_version("textlint"))
    for n in names:
        if n not in tools:
            say(f"{n}: not available, left out of this run")
    return tools


def install_copydesk() -> Path | None:
    """copydesk as a user has it: this checkout built and installed into its own virtual
    environment (reinstalled every run, so the code measured is the checkout's). A tool run from
    a venv starts without the site packages of the Python running this script, whose .pth files
    may import things at every start, as the peers' environments do."""
    exe = COPYDESK_ENV / "bin" / "copydesk"
    python = COPYDESK_ENV / "bin" / "python"
    say(f"copydesk: installing this checkout into {COPYDESK_ENV.relative_to(REPO)} ...")
    if not python.exists():
        r = _run_quiet([sys.executable, "-m", "venv", str(COPYDESK_ENV)])
        if r.returncode:
            say(f"copydesk: could not create the virtual environment:\n{r.stderr.strip()}")
            return None
    # Dependencies once; then only copydesk itself again, which is quick.
    again = ["--force-reinstall", "--no-deps"] if exe.exists() else []
    r = _run_quiet([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *again, str(REPO)])
    if r.returncode or not exe.exists():
        say(f"copydesk: pip install failed; measuring the checkout with -m lint instead:\n{r.stderr.strip()[-1500:]}")
        return None
    return exe


def copydesk_base(command: str | None) -> tuple[list[str], dict]:
    env = run_env()
    if command:
        return shlex.split(command), env
    installed = install_copydesk()
    if installed is not None:
        return [str(installed)], env
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return [sys.executable, "-m", "lint"], env


def git_state() -> str:
    """The checkout measured: commit, and '+changes' when the work tree differs from it."""
    head = _run_quiet(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if head.returncode:
        return ""
    dirty = _run_quiet(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    return head.stdout.strip() + ("+changes" if dirty else "")


def copydesk_options(base: list[str], env: dict) -> set[str]:
    r = _run_quiet([*base, "check", "--help"], env=env)
    if r.returncode:
        sys.exit(f"bench: '{shlex.join(base)} check --help' failed:\n{r.stderr.strip()}")
    # Option names only from the option column ("  -j, --jobs INTEGER", "  --cache / --no-cache"),
    # not from descriptions that mention another option.
    heads = re.findall(r"^ {1,6}(-[^\n]*?)(?: {2,}|$)", r.stdout, flags=re.MULTILINE)
    return {name for head in heads for name in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", head)}


# --------------------------------------------------------------------------------------------
# Reporting


def mib(kib: int | None) -> float | None:
    return None if kib is None else kib / 1024


def fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{suffix}"


def med(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs: list[Measure]) -> dict:
    """Medians of the good runs. Wall times are perf_counter's around each process: a warm run
    or one article takes tens of milliseconds, which /usr/bin/time's hundredths of a second
    would round by up to a fifth (its own figure is kept as ``median_wall_time_v``)."""
    good = [r for r in runs if r.ok]
    walls = [r.wall_precise if r.wall_precise is not None else r.wall for r in good]
    return {
        "runs": len(runs),
        "ok_runs": len(good),
        "median_wall": med(walls),
        "min_wall": min(walls, default=None),
        "max_wall": max(walls, default=None),
        "median_wall_time_v": med([r.wall for r in good]),
        "median_cpu": med([r.cpu for r in good]),
        "peak_rss_kib": max((r.rss_kib for r in good), default=None),
        "batches": max((r.batches for r in runs), default=0),
        "errors": sorted({r.error for r in runs if not r.ok}),
    }


def times_word(ratio: float | None, more: str, less: str) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.1f}× {more}" if ratio >= 1 else f"{1 / ratio:.1f}× {less}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(r) for r in rows)])


# --------------------------------------------------------------------------------------------
# The three parts: corpus comparison, scaling, single article


def progress(label: str, tag: str, m: Measure) -> None:
    if m.ok:
        extra = f", {m.batches} batches" if m.batches > 1 else ""
        say(f"  {label:<11} {tag:<24} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU {mib(m.rss_kib):8.1f} MiB{extra}")
    else:
        say(f"  {label:<11} {tag:<24} FAILED: {m.error}")


def run_corpus(args, corpus: Corpus, copydesk: list[str], cd_env: dict, opts: set[str],
               peers: dict[str, Tool], budget: int, results: dict) -> None:
    files = [str(f) for f in corpus.files]
    size = corpus.bytes
    targets = copydesk_targets(corpus)
    cold_flags = ["--no-cache"] if "--no-cache" in opts else []
    report = ["--output-format", "json", "--output-file", os.devnull]

    # Check that copydesk sees exactly the corpus files (and warm the page cache for everyone).
    say("\ncopydesk: checking that it lints the same files as the peers (untimed warm-up run) ...")
    check_report = ["--output-format", "text"] + (["--no-source"] if "--no-source" in opts else [])
    seen = 0
    for argv in batch([*copydesk, "check"], targets, budget - _size(cold_flags + check_report)):
        r = _run_quiet([*argv, *cold_flags, *check_report], env=cd_env)
        m = re.search(r"Checked (\d+) files?", r.stdout)
        if r.returncode not in (0, 1):
            sys.exit(f"bench: copydesk failed on the corpus (exit {r.returncode}):\n{r.stderr.strip()[-2000:]}")
        seen = None if seen is None or not m else seen + int(m.group(1))
    if seen is None:
        say("copydesk: its text report has no 'Checked N files' line; file count not verified")
    else:
        say(f"copydesk: lints {seen} files; the corpus has {len(files)}"
            + ("" if seen == len(files) else "  <-- MISMATCH, the comparison is not like for like"))

    tools: dict[str, Tool] = {
        "copydesk": Tool("copydesk", [*copydesk, "check"], env=cd_env, suffix=[*report, *cold_flags]),
    }
    cache_dir = None
    if "--no-cache" in opts:
        warm_flags = []
        if "--cache-dir" in opts:
            cache_dir = tempfile.mkdtemp(prefix="copydesk-bench-cache-")
            warm_flags = ["--cache-dir", cache_dir]
        tools["copydesk-warm"] = Tool("copydesk-warm", [*copydesk, "check"], env=cd_env,
                                      suffix=[*report, *warm_flags])
    tools.update(peers)
    repeat_for = dict(args.repeat_for)
    runs: dict[str, list[Measure]] = {name: [] for name in tools}
    try:
        if "copydesk-warm" in tools:
            say("\ncopydesk: first run with the cache on" + (" (empty temporary --cache-dir)" if cache_dir else
                                                               " (the user cache folder: may already be warm)"))
            t = tools["copydesk-warm"]
            m = measure(t.batches(targets, budget), env=t.env, timeout=args.timeout)
            progress("copydesk", "cache, first run", m)
            results["copydesk_cache_first_run"] = asdict(m)
        for rnd in range(1, args.repeat + 1):
            say(f"\nround {rnd}/{args.repeat}")
            for name, t in tools.items():
                if rnd > repeat_for.get(name.removesuffix("-warm"), args.repeat):
                    continue
                argv_files = targets if name.startswith("copydesk") else files
                m = measure(t.batches(argv_files, budget), cwd=t.cwd, env=t.env, ok_codes=t.ok_codes,
                            timeout=args.timeout)
                runs[name].append(m)
                progress("copydesk" if name == "copydesk-warm" else name,
                         {"copydesk": "cold" + (" (--no-cache)" if cold_flags else ""),
                          "copydesk-warm": "warm (cache on)"}.get(name, ""), m)
    finally:
        if cache_dir:
            shutil.rmtree(cache_dir, ignore_errors=True)

    summary = {name: summarize(rs) for name, rs in runs.items()}
    for name, t in tools.items():
        summary[name]["version"] = t.version
        summary[name]["command"] = shlex.join(t.batches(
            (targets if name.startswith("copydesk") else files)[:2] + ["..."], budget)[0])
        summary[name]["runs_detail"] = [asdict(r) for r in runs[name]]
    results["corpus_results"] = summary

    base = summary["copydesk"]
    rows = []
    for name in tools:
        s = summary[name]
        label = {"copydesk": "copydesk " + results["copydesk_version"] + (" (cold, --no-cache)" if cold_flags else ""),
                 "copydesk-warm": "copydesk (warm cache, 2nd run)"}.get(name, f"{name} {s['version']}")
        w = s["median_wall"]
        speed = mem = "—"
        if name not in ("copydesk", "copydesk-warm") and w and base["median_wall"]:
            speed = f"{w / base['median_wall']:.1f}×"
            if s["peak_rss_kib"] and base["peak_rss_kib"]:
                mem = f"{s['peak_rss_kib'] / base['peak_rss_kib']:.1f}×"
        elif name == "copydesk-warm" and w and base["median_wall"]:
            speed = times_word(base["median_wall"] / w, "faster", "slower") + " than cold" if w > 0 else "—"
        rows.append([
            label, f"{s['ok_runs']}/{s['runs']}" + (f" ×{s['batches']} batches" if s["batches"] > 1 else ""),
            fmt(w, ".3f" if w is not None and w < 1 else ".2f", " s"), fmt(s["median_cpu"], ".2f", " s"),
            fmt(size / 1e6 / w if w else None, ".2f"), fmt(len(files) / w if w else None, ".0f"),
            fmt(mib(s["peak_rss_kib"]), ".0f"), speed, mem,
        ])
    table = markdown_table(["tool", "runs", "median wall", "median CPU", "MB/s", "files/s", "peak RSS (MiB)",
                            "speed ratio", "memory ratio"], rows)
    legend = ("Speed ratio: the peer's median wall time ÷ copydesk's (cold); memory ratio: the peer's "
              "peak RSS ÷ copydesk's. Peak RSS is the largest of the runs (for node tools, of the largest "
              "process in the tree, as /usr/bin/time reports it). Wall times are perf_counter's around each "
              "process; CPU times and peaks are /usr/bin/time's.")
    lines = [table, "", legend, ""]
    for name in peers:
        s = summary[name]
        if s["median_wall"] and base["median_wall"]:
            ratio = s["median_wall"] / base["median_wall"]
            line = f"copydesk is {times_word(ratio, 'faster', 'slower')} than {name}"
            if s["peak_rss_kib"] and base["peak_rss_kib"]:
                line += (f" and uses {times_word(s['peak_rss_kib'] / base['peak_rss_kib'], 'less', 'more')}"
                         " memory")
            lines.append(line + ".")
        elif s["errors"]:
            lines.append(f"{name}: failed: {s['errors'][0]}")
    if base["errors"]:
        lines.append(f"copydesk: failed: {base['errors'][0]}")
    if any(summary[n]["batches"] > 1 for n in tools):
        lines.append("Batched tools ran as several processes to stay under ARG_MAX: their times are the "
                     "sums of the batches' and their memory the largest batch's peak.")
    results["corpus_table"] = "\n".join(lines)
    say("\n" + results["corpus_table"])


def run_scaling(args, corpus: Corpus, copydesk: list[str], cd_env: dict, opts: set[str], budget: int,
                results: dict) -> None:
    cold = ["--no-cache"] if "--no-cache" in opts else []
    report = ["--output-format", "json", "--output-file", os.devnull]
    tmp = Path(tempfile.mkdtemp(prefix="copydesk-bench-scaling-"))
    try:
        say(f"\nscaling: building the one-file and 10-copy corpora in {tmp} (removed afterwards) ...")
        exts = [f.suffix for f in corpus.files]
        one = tmp / ("one" + max(set(exts), key=exts.count))
        with one.open("wb") as out:
            for i, f in enumerate(corpus.files):
                data = f.read_bytes()
                out.write(data if i == 0 else b"\n\n" + data)
        copies = tmp / "copies"
        for k in range(10):
            for f in corpus.files:
                dest = copies / f"copy{k:02d}" / f.relative_to(corpus.root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, dest)
        variants = {
            "corpus": (copydesk_targets(corpus), corpus.bytes, len(corpus.files)),
            "one file": ([str(one)], one.stat().st_size, 1),
            "10 copies": ([str(copies)], corpus.bytes * 10, len(corpus.files) * 10),
        }
        runs: dict[str, list[Measure]] = {v: [] for v in variants}
        for rnd in range(1, args.repeat + 1):
            say(f"scaling round {rnd}/{args.repeat}")
            for v, (targets, _, _) in variants.items():
                argvs = [a + report + cold for a in batch([*copydesk, "check"], targets,
                                                          budget - _size(report + cold))]
                m = measure(argvs, env=cd_env, timeout=args.timeout)
                runs[v].append(m)
                progress("copydesk", v, m)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = {}
    rows = []
    base_wall = base_cpu = None
    for v, (_, size, nfiles) in variants.items():
        s = summarize(runs[v])
        mb = size / 1e6
        s.update(bytes=size, files=nfiles)
        s["wall_per_mb"] = s["median_wall"] / mb if s["median_wall"] else None
        s["cpu_per_mb"] = s["median_cpu"] / mb if s["median_cpu"] else None
        if v == "corpus":
            base_wall, base_cpu = s["wall_per_mb"], s["cpu_per_mb"]
        s["wall_per_mb_ratio"] = s["wall_per_mb"] / base_wall if s["wall_per_mb"] and base_wall else None
        s["cpu_per_mb_ratio"] = s["cpu_per_mb"] / base_cpu if s["cpu_per_mb"] and base_cpu else None
        s["runs_detail"] = [asdict(r) for r in runs[v]]
        summary[v] = s
        rows.append([v, f"{nfiles}", f"{mb:.1f}", fmt(s["median_wall"], ".2f", " s"),
                     fmt(s["wall_per_mb"] and s["wall_per_mb"] * 1000, ".0f", " ms"),
                     fmt(s["wall_per_mb_ratio"], ".2f", "×"),
                     fmt(s["cpu_per_mb"] and s["cpu_per_mb"] * 1000, ".0f", " ms"),
                     fmt(s["cpu_per_mb_ratio"], ".2f", "×"), fmt(mib(s["peak_rss_kib"]), ".0f")])
    table = markdown_table(["copydesk on", "files", "MB", "median wall", "wall per MB", "vs corpus",
                            "CPU per MB", "vs corpus", "peak RSS (MiB)"], rows)
    note = ("Target (issue 5): time per MB of each at most 1.5× the plain corpus's. One file is linted "
            "with its rules spread over the workers rather than files, which balances less evenly, so "
            "its wall time per MB also shows parallelism lost; CPU per MB compares the work done.")
    results["scaling"] = summary
    results["scaling_table"] = table + "\n\n" + note
    say("\n" + results["scaling_table"])


def median_file(corpus: Corpus) -> Path:
    ranked = sorted(corpus.files, key=lambda f: (f.stat().st_size, str(f)))
    return ranked[len(ranked) // 2]


CACHED = "copydesk, in cache"
EDITED = "copydesk, edited article"


def _edited_copy(article: bytes, path: Path, rnd: int) -> None:
    """The article as an editor changed it: a line added at the end, different every round, so
    the result cache (which knows the file under this path) has to lint it again."""
    path.write_bytes(article.rstrip(b"\n") + b"\n\nEdited for round %d of the benchmark.\n" % rnd)


def run_single(args, corpus: Corpus, copydesk: list[str], cd_env: dict, opts: set[str],
               peers: dict[str, Tool], results: dict) -> None:
    path = Path(args.single).resolve() if args.single != "auto" else median_file(corpus)
    if not path.is_file():
        sys.exit(f"bench: --single: no such file: {path}")
    say(f"\nsingle article: {path} ({path.stat().st_size:,} bytes), {args.single_repeat} rounds, "
        "text report to /dev/null as a pre-commit hook runs it")
    # Three copydesk rows: without its cache (--no-cache); with the cache folder warm (derived
    # tables, plug-in scan, rule files, the article's earlier version) but the article edited
    # since, which is what a commit hands a pre-commit hook; and the article found in the
    # cache (a hook run over unchanged files).
    cold = ["--no-cache"] if "--no-cache" in opts else []
    tools = {"copydesk": Tool("copydesk", copydesk, env=cd_env, suffix=cold)}
    edited_dir = None
    files = {name: [str(path)] for name in [*tools, *peers]}
    if cold:
        tools[CACHED] = Tool("copydesk", copydesk, env=cd_env)
        files[CACHED] = [str(path)]
        _run_quiet(tools[CACHED].batches([str(path)], 1 << 20)[0], env=cd_env)  # into the cache
        edited_dir = Path(tempfile.mkdtemp(prefix="copydesk-bench-edited-"))
        edited = edited_dir / path.name
        article = path.read_bytes()
        tools[EDITED] = Tool("copydesk", copydesk, env=cd_env)
        files[EDITED] = [str(edited)]
        _edited_copy(article, edited, 0)
        _run_quiet(tools[EDITED].batches([str(edited)], 1 << 20)[0], env=cd_env)  # its earlier version
    tools.update(peers)
    runs: dict[str, list[Measure]] = {n: [] for n in tools}
    try:
        for rnd in range(args.single_repeat):
            for name, t in tools.items():
                if name == EDITED:
                    _edited_copy(article, edited, rnd + 1)
                m = measure(t.batches(files[name], 1 << 20), cwd=t.cwd, env=t.env, ok_codes=t.ok_codes,
                            timeout=args.timeout)
                runs[name].append(m)
    finally:
        if edited_dir is not None:
            shutil.rmtree(edited_dir, ignore_errors=True)
    summary = {n: summarize(rs) for n, rs in runs.items()}
    wall = {n: s["median_wall"] for n, s in summary.items()}
    base = wall["copydesk"]
    rows = []
    for name, t in tools.items():
        s = summary[name]
        s["command"] = shlex.join(t.batches(files[name], 1 << 20)[0])
        s["runs_detail"] = [asdict(r) for r in runs[name]]
        ratio = base / wall[name] if name in peers and wall[name] and base else None
        rows.append([name, f"{s['ok_runs']}/{s['runs']}", fmt(wall[name] and wall[name] * 1000, ".1f", " ms"),
                     fmt(s["min_wall"] and s["min_wall"] * 1000, ".1f", " ms"),
                     fmt(s["median_cpu"] and s["median_cpu"] * 1000, ".0f", " ms"), fmt(mib(s["peak_rss_kib"]), ".0f"),
                     fmt(ratio, ".2f")])
    table = markdown_table(["tool (one article)", "runs", "median wall", "min wall", "median CPU", "peak RSS (MiB)",
                            "copydesk time ÷ peer"], rows)
    lines = [table, ""]
    cached, changed = wall.get(CACHED), wall.get(EDITED)
    for name in peers:
        if wall[name] and base:
            lines.append(f"copydesk takes {base / wall[name]:.2f}× {name}'s wall time "
                         f"on one article" + (" (target: at most 0.5)" if name == "proselint" else "")
                         + (f"; {changed / wall[name]:.2f}× when the article was edited since the "
                            "cache saw it" if changed else "")
                         + (f"; {cached / wall[name]:.2f}× when the article is in its cache" if cached else "")
                         + ".")
    lines.append("Wall times are perf_counter's, from the start of each process (under /usr/bin/time -v, for "
                 "the memory and CPU columns) to its end; CPU time is /usr/bin/time's, in hundredths of a second.")
    results["single"] = {"file": str(path), "bytes": path.stat().st_size, "results": summary}
    results["single_table"] = "\n".join(lines)
    say("\n" + results["single_table"])


# --------------------------------------------------------------------------------------------


def _tool_count(text: str) -> tuple[str, int]:
    name, _, count = text.partition("=")
    if not count.isdigit() or int(count) < 1:
        raise argparse.ArgumentTypeError(f"expected TOOL=N with N >= 1, got {text!r}")
    return name.strip(), int(count)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python bench/run.py",
        description="Benchmark copydesk against proselint, write-good, alex and textlint on the same corpus: "
                    "alternating rounds, one process per run measured by /usr/bin/time -v, medians.",
        epilog="Peers are installed on first use into bench/.envs/ (proselint from PyPI, the node tools "
               "from npm, versions pinned in bench/peers/); later runs work offline.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help="folder of articles (default: ../shared/corpus/bbc beside the repository); "
                        f"its {', '.join(CORPUS_EXTENSIONS)} files, read in place")
    p.add_argument("--repeat", type=int, default=3, help="rounds over the corpus (default 3)")
    p.add_argument("--repeat-for", action="append", default=[], metavar="TOOL=N",
                   type=_tool_count,
                   help="fewer rounds for one slow tool, e.g. alex=1 (the table shows its run count)")
    p.add_argument("--peers", default=",".join(ALL_PEERS),
                   help=f"comma-separated peers to compare against (default {','.join(ALL_PEERS)}); "
                        "'none' for copydesk alone")
    p.add_argument("--quick", action="store_true", help="a 200-file sample of the corpus, for fast iteration")
    p.add_argument("--sample", type=int, default=200, help="files in the --quick sample (default 200)")
    p.add_argument("--scaling", action="store_true",
                   help="also run copydesk on the corpus concatenated into one file and on 10 copies of it, "
                        "and print the time per MB of each")
    p.add_argument("--single", nargs="?", const="auto", metavar="FILE",
                   help="also time one article as a pre-commit hook lints it (default: the corpus's "
                        "median-sized file)")
    p.add_argument("--single-repeat", type=int, default=10, help="rounds for --single (default 10)")
    p.add_argument("--skip-corpus", action="store_true",
                   help="skip the whole-corpus comparison (with --scaling or --single)")
    p.add_argument("--copydesk", metavar="COMMAND",
                   help="how to start copydesk (default: this checkout installed into bench/.envs/copydesk; "
                        "'python -m lint' runs the checkout in place), "
                        "e.g. --copydesk copydesk for the installed command")
    p.add_argument("--install-only", action="store_true", help="install the peers and stop")
    p.add_argument("--timeout", type=float, default=900, help="seconds before one run is killed (default 900)")
    p.add_argument("--arg-max", type=int, help=argparse.SUPPRESS)  # force small batches to test batching
    p.add_argument("--json", type=Path, metavar="FILE", help="also write every measurement to FILE")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [] if args.peers.strip() == "none" else [n.strip() for n in args.peers.split(",") if n.strip()]
    unknown = [n for n in names if n not in ALL_PEERS]
    if unknown:
        sys.exit(f"bench: unknown peer(s): {', '.join(unknown)} (known: {', '.join(ALL_PEERS)})")
    if args.install_only:
        peer_tools(names)
        return 0
    if not Path(TIME).exists():
        sys.exit(f"bench: {TIME} is needed (Debian/Ubuntu: apt-get install time)")
    root = args.corpus.resolve()
    if not root.is_dir():
        sys.exit(f"bench: no corpus folder at {root} (see ../shared/corpus/README.md)")
    files = corpus_files(root)
    if not files:
        sys.exit(f"bench: no {'/'.join(CORPUS_EXTENSIONS)} files under {root}")
    corpus = Corpus(root, sample(files, args.sample) if args.quick else files, args.quick)

    copydesk, cd_env = copydesk_base(args.copydesk)
    opts = copydesk_options(copydesk, cd_env)
    version = _run_quiet([*copydesk, "--version"], env=cd_env).stdout.strip().split()[-1:] or ["?"]
    peers = peer_tools(names)
    budget = arg_budget(args.arg_max)

    now = _dt.datetime.now().astimezone()
    load_start = os.getloadavg()
    node_version = _run_quiet(["node", "--version"]).stdout.strip() if shutil.which("node") else ""
    results: dict = {
        "date": now.isoformat(timespec="seconds"),
        "command": "python bench/run.py " + shlex.join(sys.argv[1:] if argv is None else argv),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "node": node_version,
                    "loadavg_start": load_start},
        "corpus": {"path": str(root), "files": len(corpus.files), "bytes": corpus.bytes,
                   "sampled": corpus.sampled},
        "copydesk_version": version[0],
        "copydesk_command": shlex.join(copydesk),
        "copydesk_git": git_state(),
        "copydesk_options": sorted(o for o in opts if o in ("--no-cache", "--cache-dir", "--jobs")),
    }
    detected = ", ".join(results["copydesk_options"]) or "none of --no-cache/--cache-dir/--jobs"
    say(f"\n{now:%Y-%m-%d %H:%M %Z}  {os.cpu_count()} CPUs  load average {load_start[0]:.2f}  "
        f"Python {platform.python_version()}  node {node_version or 'absent'}")
    say(f"corpus: {root}  {len(corpus.files)} files, {corpus.bytes / 1e6:.2f} MB"
        + (f" (a --quick sample of {len(files)})" if corpus.sampled else ""))
    say(f"copydesk {version[0]} ({results['copydesk_git'] or 'not a git checkout'}): {shlex.join(copydesk)} check (default rules; detected options: {detected}; "
        "--jobs left at its default)")

    if not args.skip_corpus:
        run_corpus(args, corpus, copydesk, cd_env, opts, peers, budget, results)
    if args.scaling:
        run_scaling(args, corpus, copydesk, cd_env, opts, budget, results)
    if args.single:
        run_single(args, corpus, copydesk, cd_env, opts, peers, results)

    results["machine"]["loadavg_end"] = os.getloadavg()
    say(f"\nload average at the start {load_start[0]:.2f}, at the end {results['machine']['loadavg_end'][0]:.2f} "
        f"({os.cpu_count()} CPUs): other processes on the machine skew wall times.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        say(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
