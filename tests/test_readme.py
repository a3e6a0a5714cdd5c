"""Every code block in README.md runs, so the user guide cannot rot.

``python`` blocks run each in a fresh namespace (every block stands alone); the "Beyond one
machine" example gets a real two-worker ``LocalCluster`` for its scheduler address and small
JSON-lines files for its glob; blocks behind ``if __name__ == "__main__":`` run as ``__main__``,
and those that start their own ``LocalCluster`` are written to a file and run as a script. ``bash`` blocks run line by line in a temporary folder (with
``notebooks/`` linked in) with the virtualenv's ``toolkit`` on PATH; both on every 4th document
of the registry corpora (``TOOLKIT_SAMPLE=4``; ``TOOLKIT_README_SAMPLE=1`` for all of them); ``make TARGET`` lines are
checked with ``make -n`` and ``make figures``/``toolkit figures`` with ``--help`` (running them would
recurse into this test run; ``tests/test_notebooks.py`` executes the notebooks), ``export`` lines
set the environment of the following lines. Blocks fenced as ``text`` (sample output) are not code.
"""

from __future__ import annotations

import json
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
SCHEDULER = "tcp://scheduler.example.org:8786"
NEWS_GLOB = "/shared/news/*.jsonl"
MAIN_GUARD = 'if __name__ == "__main__":'
#: The README's examples run on every 4th document of the registry corpora (TOOLKIT_SAMPLE):
#: every line runs, on a quarter of the data; TOOLKIT_SAMPLE=1 runs them on everything.
QUICK_SAMPLE = os.environ.get("TOOLKIT_README_SAMPLE", "4")


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


@pytest.fixture(scope="module")
def dask_scheduler():
    """A real two-worker LocalCluster standing in for the README's scheduler address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def _news_files(folder: Path) -> str:
    """JSON-lines files standing in for the README's ``/shared/news/*.jsonl``."""
    folder.mkdir()
    rows = [
        ("2021-03-01", "Support the two establishments and common prosperity."),
        ("2021-05-02", "Common prosperity is the goal; support the two establishments."),
        ("2022-07-03", "Advance Chinese-style modernization and common prosperity."),
    ]
    for i, (date, text) in enumerate(rows):
        (folder / f"part{i}.jsonl").write_text(
            json.dumps({"date": date, "content": text}) + "\n", encoding="utf-8"
        )
    return str(folder / "*.jsonl")


@pytest.mark.parametrize(
    "line,code", _blocks("python"), ids=lambda v: str(v) if isinstance(v, int) else ""
)
def test_python_block(line, code, tmp_path, monkeypatch, request):
    _skip_without_data(code)
    if SCHEDULER in code:
        code = code.replace(SCHEDULER, request.getfixturevalue("dask_scheduler"))
        code = code.replace(NEWS_GLOB, _news_files(tmp_path / "news"))
    if MAIN_GUARD in code and "LocalCluster(" in code:
        _run_script(code, tmp_path)  # worker processes re-import it: run it as the script it is
        return
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_FIGURES", str(tmp_path / "figures"))
    monkeypatch.setenv("TOOLKIT_SAMPLE", QUICK_SAMPLE)
    namespace = {"__name__": "__main__" if MAIN_GUARD in code else "__readme__"}
    try:
        exec(compile(code, f"README.md:{line}", "exec"), namespace)  # noqa: S102 - our own README
    finally:
        for value in namespace.values():  # a block's dask Client must not outlive its cluster
            if type(value).__name__ == "Client" and hasattr(value, "close"):
                value.close()


def _run_script(code: str, folder: Path) -> None:
    """A block written to a file and run with ``python file.py``, as the README says."""
    script = folder / "readme_script.py"
    script.write_text(code, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TOOLKIT_FIGURES": str(folder / "figures"),
        "TOOLKIT_SAMPLE": QUICK_SAMPLE,
        "TOOLKIT_PROGRESS": "0",
    }
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=folder, env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]


def _runnable(cmd: str) -> list[str] | None:
    """How a README shell line is run; None for lines that only set up the shell."""
    if cmd.startswith("time "):
        cmd = cmd[len("time ") :]
    if "toolkit.figures" in cmd or cmd.startswith("toolkit figures"):
        # executing every notebook is tests/test_notebooks.py's job: check the entry point
        return [sys.executable, "-m", "toolkit.figures", "--help"]
    if cmd.startswith("make "):
        return ["make", "-n", *shlex.split(cmd)[1:]]  # running it would recurse into this test run
    return ["bash", "-c", cmd]


@pytest.mark.parametrize(
    "line,code", _blocks("bash"), ids=lambda v: str(v) if isinstance(v, int) else ""
)
def test_bash_block(line, code, tmp_path):
    _skip_without_data(code)
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "TOOLKIT_FIGURES": str(tmp_path / "figures"),
        "TOOLKIT_SAMPLE": QUICK_SAMPLE,
    }
    for raw in code.splitlines():
        cmd = raw.split(" #")[0].strip()
        if not cmd or cmd.startswith("#"):
            continue
        if cmd.startswith("export "):
            key, _, value = cmd[len("export ") :].partition("=")
            value = os.path.expandvars(value.strip().strip('"'))
            if "/path/to/" not in value:  # a placeholder for the reader's own folder
                env[key] = value
            continue
        args = _runnable(cmd)
        if args[0] == "make" and not shutil.which("make"):
            pytest.skip("make is not installed")
        cwd = ROOT if args[0] == "make" else tmp_path
        proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, (
            f"README.md:{line}: {cmd!r} failed:\n{proc.stdout}\n{proc.stderr}"
        )
        assert "Traceback" not in proc.stderr, f"README.md:{line}: {cmd!r}\n{proc.stderr}"
