"""The built wheel works on its own: rules/ ships inside it as lint/rules, and the installed
``copydesk`` command finds them without the source checkout.

Builds the wheel with ``python -m build`` (out-of-tree output directory; hatchling writes nothing
into the checkout), installs it into a fresh virtual environment (dependencies come from the
package index), then runs the installed command from a folder outside the checkout, on a copy of
a fixture, so that the source-tree fallback in ``lint.rules.builtin_rules_folder`` cannot be used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "nato-training-center.txt"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

pytest.importorskip("build", reason="'build' is not installed (pip install -e '.[test]')")


def _env() -> dict[str, str]:
    """The environment minus anything that could make the checkout importable or select another venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(args: list[str | Path], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace")
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} exited {proc.returncode}\n"
                    f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel path, venv python, venv copydesk, a work folder outside the checkout)."""
    base = tmp_path_factory.mktemp("packaging")
    leftovers_before = {name for name in ("build", "dist") if (ROOT / name).exists()}

    outdir = base / "wheelhouse"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", outdir, ROOT], cwd=base)
    wheels = list(outdir.glob("copydesk-*.whl"))
    assert len(wheels) == 1, wheels
    for name in ("build", "dist"):
        if name not in leftovers_before:
            assert not (ROOT / name).exists(), f"building the wheel left {name}/ in the checkout"

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=base)
    python = venv / BIN / f"python{EXE}"
    _run([python, "-m", "pip", "install", "--quiet", wheels[0]], cwd=base)

    work = base / "work"
    work.mkdir()
    return wheels[0], python, venv / BIN / f"copydesk{EXE}", work


def test_wheel_ships_rules_as_package_data(installed):
    wheel, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lint/rules/attribution/duplicate.yaml" in names
    shipped = {f"lint/rules/{p.relative_to(ROOT / 'rules').as_posix()}" for p in (ROOT / "rules").glob("*/*.yaml")}
    assert shipped <= names, f"rule files missing from the wheel: {sorted(shipped - names)}"
    assert not any(n.startswith(("rules/", "tests/", "fixtures/")) for n in names), sorted(names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert re.search(r"^copydesk\s*=\s*lint\.cli:run$", zipfile.ZipFile(wheel).read(entry_points).decode(), re.M)


def test_installed_package_uses_its_own_rules(installed):
    _, python, _, work = installed
    proc = _run([python, "-c", "import lint, lint.rules; print(lint.__file__); print(lint.rules.builtin_rules_folder())"],
                cwd=work)
    module_file, rules_folder = (Path(line) for line in proc.stdout.splitlines())
    venv = python.parent.parent
    assert venv in module_file.parents, f"lint imported from {module_file}, not from the venv"
    assert rules_folder == module_file.parent / "rules", f"rules read from {rules_folder}"


def test_installed_command_lints_an_article(installed):
    _, _, copydesk, work = installed
    article = work / FIXTURE.name
    shutil.copyfile(FIXTURE, article)
    proc = _run([copydesk, article.name], cwd=work, check=False)
    assert proc.returncode == 1, proc
    assert f"{FIXTURE.name}:7:" in proc.stdout, proc.stdout
    assert "attribution.duplicate" in proc.stdout, proc.stdout


def test_installed_module_reports_version(installed):
    _, python, _, work = installed
    version = re.search(r'__version__\s*=\s*"([^"]+)"', (ROOT / "lint" / "__init__.py").read_text("utf-8")).group(1)
    proc = _run([python, "-m", "lint", "--version"], cwd=work)
    assert version in proc.stdout, proc.stdout
    assert "copydesk" in proc.stdout, proc.stdout


def test_installed_command_lists_rules(installed):
    _, _, copydesk, work = installed
    proc = _run([copydesk, "rules"], cwd=work)
    listed = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    assert "attribution.duplicate" in listed, proc.stdout
    builtin = {f"{p.parent.name}.{p.stem}" for p in (ROOT / "rules").glob("*/*.yaml")}
    assert builtin <= listed, f"rules not listed by the installed command: {sorted(builtin - listed)}"


def test_installed_command_writes_the_html_report(installed):
    # The report's template, styles and script (lint/report_assets) ship inside the wheel.
    _, _, copydesk, work = installed
    article = work / FIXTURE.name
    shutil.copyfile(FIXTURE, article)
    proc = _run([copydesk, "check", "--no-cache", "--output-format", "html", "--output-file", "report.html",
                 article.name], cwd=work, check=False)
    assert proc.returncode == 1, proc
    html = (work / "report.html").read_text(encoding="utf-8")
    assert ">according to Ukrainian News</mark>" in html
    assert "mark.cd-mark" in html and "copydeskReport" in html
