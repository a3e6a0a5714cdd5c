"""What a new user sees on a first run without the Chinese data and without a network.

Offline is simulated with an empty ``TOOLKIT_DATA`` folder, an empty ``TOOLKIT_CACHE`` and a
download that fails the way pooch does when the host cannot be resolved (the error text of
``requests``/``urllib3``, which must never reach the user).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import toolkit as tk
from toolkit.cli import app
from toolkit.corpus.registry import get_card

ROOT = Path(__file__).resolve().parents[1]
NETWORK_TEXT = ("urllib3", "HTTPSConnectionPool", "NameResolutionError", "Max retries", "Traceback")
runner = CliRunner()


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """Empty data folder and cache; every download fails as it does without a network."""
    import pooch
    import requests

    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    cache.mkdir()

    def no_network(url, *args, **kwargs):
        pooch.get_logger().info("Downloading data from '%s' to file '%s'.", url, cache)
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='raw.githubusercontent.com', port=443): Max retries "
            'exceeded with url: /x.jsonl (Caused by NameResolutionError("<urllib3.connection.'
            "HTTPSConnection object at 0x7f>: Failed to resolve 'raw.githubusercontent.com' "
            '([Errno -3] Temporary failure in name resolution)"))'
        )

    monkeypatch.setattr(pooch, "retrieve", no_network)
    monkeypatch.setenv("TOOLKIT_DATA", str(data))
    monkeypatch.setenv("TOOLKIT_CACHE", str(cache))
    monkeypatch.setenv("TOOLKIT_OFFLINE", "0")
    return data


def _cli(*args: str):
    return runner.invoke(app, list(args))


def _errors(result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.strip()]


def _assert_clean(msg: str) -> None:
    assert "\n" not in msg
    for text in NETWORK_TEXT:
        assert text not in msg, msg


def test_missing_file_is_one_short_line(offline, capfd):
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("gwr-zh")
    msg = str(err.value)
    _assert_clean(msg)
    # what is missing, why, the command that fetches it, where to put it by hand
    assert msg.startswith("gwr-zh.jsonl is missing and could not be downloaded")
    assert "no network connection" in msg
    assert "run `toolkit fetch gwr-zh` when online" in msg
    assert msg.endswith(f"put the file in {offline}")
    assert "http" not in msg  # the URL is for `toolkit fetch`, not every analysis
    assert len(msg) - len(str(offline)) < 150, len(msg)
    assert "Downloading data from" not in capfd.readouterr().err  # pooch's own line is off
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_cli_missing_file_one_line_and_exit_1(offline):
    for command in (["info", "gwr-zh"], ["kwic", "cpc-congress-zh", "改革开放"]):
        result = _cli(*command)
        assert result.exit_code == 1
        lines = _errors(result)
        assert len(lines) == 1 and lines[0].startswith("error: "), lines
        _assert_clean(lines[0])
        assert f"`toolkit fetch {command[1]}` when online" in lines[0]


def test_fetch_offline_reports_each_file_with_its_url_and_not_itself(offline):
    result = _cli("fetch", "gwr-zh", "cpc-congress-zh")
    assert result.exit_code == 1
    lines = _errors(result)
    assert len(lines) == 2, lines
    for line, name in zip(lines, ["gwr-zh", "cpc-congress-zh"], strict=True):
        source = get_card(name)["source"]
        _assert_clean(line)
        assert line.startswith(f"error: could not download {source['filename']}")
        assert source["url"] in line and line.endswith(f"put it in {offline}")
        assert "toolkit fetch" not in line  # never "…or run `toolkit fetch`" from toolkit fetch


def test_fetch_reports_what_it_could_fetch_too(offline):
    result = _cli("fetch", "sotu", "gwr-zh", "--format", "csv")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith("sotu,bundled with the 'sotu' package")
    assert len(_errors(result)) == 1 and "gwr-zh.jsonl" in _errors(result)[0]


def test_downloads_turned_off(offline, monkeypatch):
    monkeypatch.setenv("TOOLKIT_OFFLINE", "1")
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("gwr-zh")
    msg = str(err.value)
    assert msg == (
        f"gwr-zh.jsonl is missing and downloads are off (TOOLKIT_OFFLINE=1): put it in "
        f"{offline}, or run `toolkit fetch gwr-zh` with TOOLKIT_OFFLINE unset"
    )
    result = _cli("fetch", "gwr-zh")
    assert result.exit_code == 1
    (line,) = _errors(result)
    assert "unset TOOLKIT_OFFLINE" in line and get_card("gwr-zh")["source"]["url"] in line


def test_toolkit_data_naming_a_file_is_said_first(offline, monkeypatch):
    the_file = offline / "gwr-zh.jsonl"
    the_file.write_text('{"content": "x"}\n', encoding="utf-8")
    monkeypatch.setenv("TOOLKIT_DATA", str(the_file))
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("gwr-zh")
    msg = str(err.value)
    assert msg.startswith(
        f"TOOLKIT_DATA names a file ({the_file}), not a folder: set it to {offline} instead; "
        "gwr-zh.jsonl is missing"
    )
    _assert_clean(msg)


def test_toolkit_data_folder_that_does_not_exist(offline, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DATA", str(offline / "nope"))
    result = _cli("info", "gwr-zh")
    (line,) = _errors(result)
    assert line.startswith(f"error: TOOLKIT_DATA folder {offline / 'nope'} does not exist; ")


@pytest.mark.parametrize("command", [["info", "gwr"], ["ngrams", "gwr"], ["fetch", "gwr"]])
def test_did_you_mean_a_corpus(command):
    result = _cli(*command)
    assert result.exit_code == 1
    (line,) = _errors(result)
    assert "unknown corpus 'gwr' (did you mean 'gwr-zh'?)" in line


def test_did_you_mean_a_lexicon():
    with pytest.raises(tk.UnknownNameError, match=r"did you mean 'ccp-formulations'\?"):
        tk.load_lexicon("ccp-formulation")
    with pytest.raises(tk.UnknownNameError, match=r"did you mean 'us-presidential'\?"):
        tk.count_slogans(["Make America great again."], "us-presidental")
    with pytest.raises(tk.UnknownNameError) as err:
        tk.load_lexicon("zzzz")
    assert "did you mean" not in str(err.value) and "ccp-formulations" in str(err.value)
    result = _cli("slogans", "sotu", "--lexicon", "us-presidentail")
    (line,) = _errors(result)
    assert line == (
        "error: unknown lexicon 'us-presidentail' (did you mean 'us-presidential'?); "
        "built-in lexicons: ccp-formulations, us-presidential"
    )


def test_tests_find_data_fetched_into_the_user_cache(tmp_path):
    """`toolkit fetch` writes into the user cache: the test suite must look there too."""
    cache = tmp_path / "user-cache"
    cache.mkdir()
    (cache / "gwr-zh.jsonl").write_text("{}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("TOOLKIT_DATA", "TOOLKIT_CACHE")}
    code = (
        "import os, tests.conftest as c; "
        "print(c.shared_data_available(), c.shared_file('gwr-zh.jsonl'), "
        "os.environ['TOOLKIT_CACHE'] != os.environ['USER_CACHE'])"
    )
    for setting in (
        {"TOOLKIT_CACHE": str(cache)},
        {"TOOLKIT_CACHE": str(cache), "TOOLKIT_DATA": ""},
    ):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**env, **setting, "USER_CACHE": str(cache), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        # found in the cache; and the tests still get a cache of their own to write into
        assert out.stdout.split() == ["True", str(cache / "gwr-zh.jsonl"), "True"], out.stdout


def test_figures_name_a_missing_corpus_once(offline):
    from toolkit.figures import _missing_corpora

    problems = _missing_corpora(["sotu", "gwr-zh"])
    assert len(problems) == 1
    (msg,) = problems
    _assert_clean(msg)
    assert msg.count("toolkit fetch gwr-zh") == 1 and msg.startswith("gwr-zh.jsonl is missing")


@pytest.mark.slow
def test_notebook_kernels_give_no_tcp_warning(tmp_path, capfd):
    import nbformat
    from nbclient import NotebookClient

    from toolkit.figures import _kernel_manager_class

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nprint(os.getcwd())")]
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        kernel_manager_class=_kernel_manager_class(),
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    assert nb.cells[0].outputs[0]["text"].strip() == str(tmp_path)  # runs in the notebook folder
    err = capfd.readouterr().err
    assert "without encryption" not in err and "WARNING" not in err, err
    if os.name == "posix":
        km = _kernel_manager_class()(kernel_name="python3")
        assert km.transport == "ipc" and Path(km.ip).is_absolute()
