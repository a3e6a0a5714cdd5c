"""Chinese counting including segmentation: gwr-zh ×10 text → 1–3-gram counts.

Run alone with ``TOOLKIT_DATA=../shared/data python -m benchmarks.bench_chinese [--quick]``.
"""

from __future__ import annotations

import sys

import toolkit as tk
from benchmarks._measure import fmt, gwr_texts
from benchmarks.bench_counts import fresh, timed
from toolkit.text.engine import ZH_PROCESS_CHARS


def run(quick: bool = False) -> str:
    """gwr-zh ×10 (×2 with ``quick``) segmented and counted, on 1 and on 2 processes.

    Examples
    --------
    >>> section = run(quick=True)  # doctest: +SKIP
    """
    from toolkit.corpus.fetch import data_dirs

    lines = ["## Chinese: segmentation and counting", ""]
    if not any((d / "gwr-zh.jsonl").is_file() for d in data_dirs()):
        return "\n".join([*lines, "Skipped: gwr-zh is not available (set TOOLKIT_DATA).", ""])
    import rjieba

    copies = 2 if quick else 10
    docs = gwr_texts(copies)
    texts = docs["text"].tolist()
    chars = sum(map(len, texts))
    reps = 1 if quick else 3
    rows = []
    with tk.options.using(token_cache=False, progress=False, threads=1):
        seg, *_ = timed(lambda: [rjieba.cut(t) for t in texts], reps)
        rows.append(("rjieba segmentation alone (`rjieba.cut`), one process", seg))
        one, *_ = timed(lambda: tk.ngrams(fresh(docs), n=(1, 3)), reps)
        rows.append(("`tk.ngrams(corpus, n=(1, 3))`, `threads=1` (one process)", one))
    with tk.options.using(token_cache=False, progress=False, threads=2):
        toks, *_ = timed(lambda: tk.tokens(fresh(docs)), reps)
        rows.append(("`tk.tokens(corpus)`, `threads=2` (segmentation in 2 forked processes)", toks))
        two, *_ = timed(lambda: tk.ngrams(fresh(docs), n=(1, 3)), reps)
        rows.append(("`tk.ngrams(corpus, n=(1, 3))`, `threads=2`", two))
    rate = chars / two / 1e6
    lines += [
        f"gwr-zh ×{copies}: {len(docs)} documents, {chars:,} characters of normalised text; "
        "token cache off, a new Corpus every run (segmentation always measured).",
        "",
        "| step | median s | million chars/s |",
        "|---|---:|---:|",
        *[f"| {name} | {fmt(t)} | {chars / t / 1e6:.2f} |" for name, t in rows],
        "",
        f"Target ≥ 6 M characters/s for 1–3-gram counting including segmentation on 2 cores: "
        f"{rate:.2f} M/s ({'met' if rate >= 6 else '**not met**'}). rjieba holds the GIL, so "
        "threads do not help; with `tk.options.threads` ≥ 2 and batches of at least "
        f"{ZH_PROCESS_CHARS / 1e6:g} M characters the toolkit segments in forked worker "
        "processes (no re-import of `__main__`). Where the rest goes: rjieba itself runs at "
        f"{rows[0][1] and chars / rows[0][1] / 1e6:.1f} M characters/s in one process; the "
        "workers also lower-case, encode tokens as codes and send them back, and each batch of "
        "the token stream forks its own pool.",
        "",
        f"Reproduce: `TOOLKIT_DATA=../shared/data python -m benchmarks.bench_chinese"
        f"{' --quick' if quick else ''}`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
