"""Progress bars: on for people (tqdm auto), off in tests, never changing a result."""

from __future__ import annotations

import io

import pytest

import toolkit as tk
from toolkit._progress import progress_bar, progress_call, progress_total


def test_progress_is_off_in_the_tests():
    assert tk.options.progress is False


@pytest.fixture()
def shown(monkeypatch):
    """Bars drawn into a buffer, as a terminal would show them."""
    import tqdm.auto

    buffer = io.StringIO()
    real = tqdm.auto.tqdm

    def drawn(*args, **kwargs):
        kwargs.update(file=buffer, disable=False, delay=0, mininterval=0)
        return real(*args, **kwargs)

    monkeypatch.setattr(tqdm.auto, "tqdm", drawn)
    return buffer


def test_bars_draw_and_results_stay(shown):
    assert list(progress_bar(range(3), desc="counting", enabled=True)) == [0, 1, 2]
    with progress_total(10, desc="reading", unit="char", enabled=True) as bar:
        bar.update(10)
    assert progress_call(lambda: sum(range(10)), desc="fitting", enabled=True) == 45
    out = shown.getvalue()
    assert "counting" in out and "reading" in out and "fitting" in out


def test_pipeline_steps_report_progress(shown):
    with tk.options.using(progress=True, token_cache=False):
        toks = tk.tokens(["Peace and war.", "War and peace."])
        got = tk.ngrams(toks, n=(1, 2))
        tk.fit_topics(tk.Corpus.from_texts(["tax budget", "army war"] * 3), k=2,
                      min_docs=1, max_docs=1.0)  # fmt: skip
    out = shown.getvalue()
    assert "tokenizing" in out and "counting n-grams" in out and "fitting 2 topics" in out
    assert int(got.set_index("feature").loc["war", "count"]) == 2


def test_errors_pass_through_the_fitting_bar(shown):
    def fail():
        raise tk.ArgumentError("bad k")

    with pytest.raises(tk.ArgumentError, match="bad k"):
        progress_call(fail, desc="fitting", enabled=True)
