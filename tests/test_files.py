"""Atomic writes (toolkit._files), stale temporary files, and spreadsheet exports that never
hold formulas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest
from typer.testing import CliRunner

from toolkit._files import (
    atomic_path,
    atomic_write,
    clean_stale_temp_files,
    is_temp_file,
    stale_temp_files,
)
from toolkit.cli import app
from toolkit.cli._output import neutralise_formulas, write_file


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.csv"
    atomic_write(target, "old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half of the new")
        raise RuntimeError("killed")
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]


def test_kill_9_leaves_the_old_file_and_a_stale_temp_that_is_cleaned(tmp_path):
    target = tmp_path / "result.csv"
    atomic_write(target, "complete old result\n")
    script = textwrap.dedent(
        f"""
        import time
        from toolkit._files import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            tmp.write_text("partial")
            print("writing", flush=True)
            time.sleep(60)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env)
    assert proc.stdout.readline().strip() == b"writing"
    assert stale_temp_files(tmp_path) == []  # its writer is alive: not stale
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    leftovers = [p for p in tmp_path.iterdir() if is_temp_file(p)]
    assert len(leftovers) == 1 and target.read_text() == "complete old result\n"
    assert stale_temp_files(tmp_path) == leftovers
    assert clean_stale_temp_files(tmp_path) == 1
    assert list(tmp_path.iterdir()) == [target]


def test_old_temp_files_are_stale_even_with_a_live_pid(tmp_path):
    old = tmp_path / f".x.csv.{os.getpid()}.0123abcd.tmp"
    old.write_text("x")
    assert stale_temp_files(tmp_path) == []
    then = time.time() - 2 * 24 * 3600
    os.utime(old, (then, then))
    assert stale_temp_files(tmp_path) == [old]


def test_new_files_get_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    path = atomic_write(tmp_path / "f.txt", "x")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


FORMULAS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_neutralise_formulas_text_only():
    df = pd.DataFrame({"left": [*FORMULAS, "plain"], "n": [-1, 2, 3, 4, 5, 6, 7]})
    out, n = neutralise_formulas(df)
    assert n == 6 and out["left"].tolist() == [f"'{v}" for v in FORMULAS] + ["plain"]
    assert out["n"].tolist() == df["n"].tolist()


def test_xlsx_and_csv_exports_hold_no_formulas(tmp_path):
    from openpyxl import load_workbook

    df = pd.DataFrame({"left": FORMULAS, "count": range(6)})
    write_file(df, tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    cells = [c for c in sheet["A"][1:]]
    assert [c.data_type for c in cells] == ["s"] * 6  # stored as text, never evaluated
    assert [c.value for c in cells] == FORMULAS
    write_file(df, tmp_path / "x.csv")
    rows = (tmp_path / "x.csv").read_bytes().decode().split("\n")[1:-1]
    assert all(r.lstrip('"').startswith("'") for r in rows)


def test_kwic_out_xlsx_with_text_starting_with_equals(tmp_path):
    from openpyxl import load_workbook

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("note: =HYPERLINK(x) reform -1+2 now", encoding="utf-8")
    out = tmp_path / "k.xlsx"
    result = CliRunner().invoke(app, ["kwic", str(tmp_path / "c"), "reform", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    right = [c.value for c in sheet[1]].index("right")
    assert formulas == [] and sheet.cell(2, right + 1).value == "-1+2 now"
    assert [p.name for p in tmp_path.iterdir() if is_temp_file(p)] == []


def test_models_lexicons_and_dictionaries_are_saved_atomically(tmp_path, monkeypatch):
    import zipfile

    import toolkit as tk
    from toolkit.models._results import _example_model

    model = _example_model()
    lexicon = tk.Lexicon.from_dict({"cp": {"zh": "共同富裕"}})
    dictionary = tk.Dictionary({"economy": ["tax*", "budget"]})
    saves = [
        (tmp_path / "m.tkm", lambda p: model.save(p)),
        (tmp_path / "lex.toml", lambda p: lexicon.to_file(p)),
        (tmp_path / "dict.yml", lambda p: dictionary.to_file(p)),
    ]
    for path, save in saves:
        save(path)
    before = {path: path.read_bytes() for path, _ in saves}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", broken)
    monkeypatch.setattr(os, "replace", broken)  # the text writers fail at the last step
    for path, save in saves:
        with pytest.raises(OSError, match="disk full"):
            save(path)
        assert path.read_bytes() == before[path]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dict.yml", "lex.toml", "m.tkm"]
