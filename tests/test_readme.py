"""Every code block in README.md runs, so the user guide cannot rot.

``python`` blocks are executed in order in one namespace per block (each block is written to stand
alone). ``bash`` blocks: ``toolkit …`` commands run through the installed console script,
``make TARGET`` lines are checked with ``make -n`` (running them would recurse into this very test
run), ``export`` lines set the environment for the following commands, comments are ignored.
Blocks fenced as ``text`` (sample output) are not code.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_data_available

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
NEEDS_SHARED = ("gwr-zh", "cpc-congress-zh")


def _blocks(lang: str) -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 1, m.group(2))
        for m in FENCE.finditer(text)
        if m.group(1) == lang
    ]


def _skip_without_data(code: str) -> None:
    if any(name in code for name in NEEDS_SHARED) and not shared_data_available():
        pytest.skip("block uses the Chinese corpora: needs TOOLKIT_DATA (CI sets it)")


def test_readme_has_code():
    assert len(_blocks("python")) >= 5
    assert _blocks("bash")


@pytest.mark.parametrize("line,code", _blocks("python"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_python_block(line, code, tmp_path, monkeypatch):
    _skip_without_data(code)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_FIGURES", str(tmp_path / "figures"))
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    namespace = {"__name__": "__readme__"}
    exec(compile(code, f"README.md:{line}", "exec"), namespace)  # noqa: S102 - our own README


def _toolkit_exe() -> list[str]:
    exe = Path(sys.executable).with_name("toolkit")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "toolkit.cli"]


@pytest.mark.parametrize("line,code", _blocks("bash"), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_bash_block(line, code, tmp_path):
    _skip_without_data(code)
    env = {**os.environ, "TOOLKIT_CACHE": str(tmp_path / "cache"), "TOOLKIT_FIGURES": str(tmp_path / "figures")}
    for raw in code.splitlines():
        cmd = raw.split(" #")[0].strip()
        if not cmd or cmd.startswith("#"):
            continue
        if cmd.startswith("export "):
            key, _, value = cmd[len("export "):].partition("=")
            value = os.path.expandvars(value.strip().strip('"'))
            if "/path/to/" not in value:
                env[key] = value
            continue
        args = shlex.split(cmd)
        if args[0] == "make":
            if not shutil.which("make"):
                pytest.skip("make is not installed")
            proc = subprocess.run(["make", "-n", *args[1:]], cwd=ROOT, env=env, capture_output=True, text=True)
        elif args[0] == "toolkit":
            if args[1:2] == ["figures"]:
                args = [*args, "--help"]  # executing every notebook is test_notebooks' job
            proc = subprocess.run([*_toolkit_exe(), *args[1:]], cwd=tmp_path, env=env,
                                  capture_output=True, text=True, timeout=600)
        else:
            pytest.fail(f"README.md:{line}: don't know how to run {cmd!r}")
        assert proc.returncode == 0, f"README.md:{line}: {cmd!r} failed:\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
