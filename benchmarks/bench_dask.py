"""Out-of-core counting on one machine with Dask (issue 13, item 3).

gwr-zh (the Government Work Reports, one JSON-lines file) is copied N times into a temporary
folder of files — about 2 GB (quick: about 100 MB) — and ``tk.ngrams(folder, n=(1, 2),
by="year", client=client)`` counts it on a ``LocalCluster`` of two single-threaded worker
processes: every file is read (``tk.read_corpus``), normalised, segmented and counted on a worker,
only file names travel to the workers and only partial counts come back. Reported: wall time,
peak RSS of the client (increase during the call, sampled every ms, and the process's high-water
mark ``VmHWM``) and of each worker process (``VmHWM``, read on the worker after the run), for the
full size and for the quick size, so the bound can be seen not to grow with the corpus. Checked:
the total count of words is N times that of one copy counted locally.

Needs ``TOOLKIT_DATA`` with gwr-zh and the ``dask`` extra. Run alone with
``python -m benchmarks.run --only dask`` (``--quick`` for the 100 MB size only).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks._measure import fmt, rss, track_peak

QUICK_MB = 100
FULL_MB = 2048


def _source() -> Path:
    from toolkit.config import options

    for folder in [*options.data_path, options.cache_dir]:
        path = folder / "gwr-zh.jsonl"
        if path.is_file():
            return path
    raise FileNotFoundError("gwr-zh.jsonl not in TOOLKIT_DATA or the cache")


def _high_water_mb() -> float:
    """This process's peak resident set size (``VmHWM``), in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _replicate(source: Path, folder: Path, megabytes: int) -> tuple[int, int]:
    """``folder`` filled with copies of ``source`` up to ``megabytes``; (copies, bytes)."""
    size = source.stat().st_size
    copies = max(1, round(megabytes * 2**20 / size))
    for i in range(copies):
        shutil.copyfile(source, folder / f"gwr-{i:04d}.jsonl")
    return copies, copies * size


def _count(folder: Path, megabytes: int, one_copy_words: int) -> dict:
    from dask.distributed import Client, LocalCluster

    import toolkit as tk

    copies, size = _replicate(_source(), folder, megabytes)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: __import__("toolkit").ngrams(["warm up"], n=1))  # imports
        base = rss()
        table, seconds, client_mb = track_peak(
            lambda: tk.ngrams(folder, n=(1, 2), by="year", client=client)
        )
        workers = client.run(_high_water_mb)
        limits = [w["memory_limit"] for w in client.scheduler_info()["workers"].values()]
    words = int(table.loc[table["n"] == 1, "count"].sum())
    shutil.rmtree(folder)
    folder.mkdir()
    return {
        "copies": copies,
        "gb": size / 2**30,
        "seconds": seconds,
        "client_mb": client_mb,
        "client_base_mb": base / 2**20,
        "client_hwm_mb": _high_water_mb(),
        "workers_mb": sorted(workers.values()),
        "limit_gb": min(limits) / 2**30,
        "rows": len(table),
        "words_ok": words == copies * one_copy_words,
        "mb_per_s": size / 2**20 / seconds,
    }


def run(quick: bool) -> str:
    import toolkit as tk

    tk.options.progress = False
    one = tk.ngrams(_source(), n=1, by="year")  # the oracle: one copy, counted locally
    one_copy_words = int(one["count"].sum())
    sizes = [QUICK_MB] if quick else [QUICK_MB, FULL_MB]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        results = [_count(Path(tmp), mb, one_copy_words) for mb in sizes]
    lines = [
        "## Dask: out-of-core counting of gwr-zh replicated (issue 13, item 3)",
        "",
        '`tk.ngrams(folder, n=(1, 2), by="year", client=client)` on a `LocalCluster(n_workers=2, '
        "threads_per_worker=1, processes=True)`; the folder holds copies of gwr-zh.jsonl "
        f"({_source().stat().st_size / 2**20:.1f} MiB each), one partition per file, read on "
        "the workers. Peak RSS: the client's increase during the call (and its high-water mark), "
        "each worker's high-water mark (`VmHWM`). The machine is shared with other jobs "
        "(2 cores), so wall times are upper bounds.",
        "",
        "| corpus | files | wall (s) | MiB/s | client peak +MiB (HWM) | worker peaks MiB "
        "| worker limit GiB | rows | words = copies × one copy |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        workers = ", ".join(f"{m:.0f}" for m in r["workers_mb"])
        lines.append(
            f"| {r['gb']:.2f} GiB | {r['copies']} | {fmt(r['seconds'])} | {r['mb_per_s']:.1f} | "
            f"{r['client_mb']:.0f} ({r['client_hwm_mb']:.0f}) | {workers} | "
            f"{r['limit_gb']:.1f} | {r['rows']:,} | {'yes' if r['words_ok'] else '**NO**'} |"
        )
    lines += ["", f"Total benchmark time {time.perf_counter() - t0:.0f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(quick="--quick" in sys.argv))
