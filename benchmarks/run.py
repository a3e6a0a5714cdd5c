"""Run the benchmarks and write ``benchmarks/RESULTS.md``.

Every ``benchmarks/bench_*.py`` module is imported in file-name order and its
``run(quick: bool) -> str`` is called; the markdown sections it returns are written below a header
describing the machine and the software versions. A module that raises is reported in the file
(with its traceback) and makes the command exit with status 1.

Usage::

    python -m benchmarks.run                  # full run -> benchmarks/RESULTS.md (make bench)
    python -m benchmarks.run --quick          # cheap run -> benchmarks/RESULTS-quick.md
    python -m benchmarks.run --only counts    # only bench_counts.py; other sections kept

Each module's section is stored between ``<!-- begin bench_x -->`` / ``<!-- end bench_x -->``
markers with a line saying when and how it was run, so ``--only`` replaces just those sections
of an existing results file and keeps the others.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = ("numpy", "pandas", "pyarrow", "scipy", "scikit-learn", "nltk", "rjieba", "dask")


def discover(only: list[str] | None = None) -> list[str]:
    """Module names of the benchmarks, in file-name order (optionally only some of them)."""
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in only}
        missing = wanted - set(names)
        if missing:
            raise SystemExit(f"no benchmark module(s) {sorted(missing)}; have {names}")
        names = [n for n in names if n in wanted]
    return names


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        import psutil

        return f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return f"{pages / 2**30:.1f} GiB"


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=HERE, capture_output=True, text=True
        )
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def machine_info() -> str:
    """Markdown lines describing the machine and versions."""
    versions = []
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            continue
    load = _load()
    return "\n".join(
        [
            f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
            f"- Machine: {_cpu_model()}, {os.cpu_count()} logical CPUs, {_memory_gb()} RAM, "
            f"{platform.system()} {platform.release()}",
            f"- Load average before the run (1, 5, 15 min): {load}",
            f"- Python {platform.python_version()}; {', '.join(versions)}",
            f"- toolkit commit: {_git_commit()}",
        ]
    )


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def read_sections(path: Path) -> dict[str, str]:
    """The marked sections of an existing results file, by module name."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"<!-- begin (bench_\w+) -->\n(.*?)<!-- end \1 -->", text, flags=re.S)
    return dict(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, few repetitions")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="e.g. counts (bench_counts.py)")
    parser.add_argument("--output", type=Path, help="default: RESULTS.md (RESULTS-quick.md)")
    args = parser.parse_args(argv)
    output = args.output or HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    command = "python -m benchmarks.run" + (" --quick" if args.quick else "")
    if args.only:
        command += " --only " + " ".join(args.only)
    header = machine_info()
    sections = read_sections(output) if args.only else {}
    failed = []
    started = time.perf_counter()
    for name in discover(args.only):
        print(f"[benchmarks] {name} ...", flush=True)
        t0 = time.perf_counter()
        load = _load()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            section = module.run(quick=args.quick)
        except Exception:  # report and carry on with the other modules
            failed.append(name)
            section = f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()}```\n"
        took = time.perf_counter() - t0
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        run_line = (
            f"_Run {stamp} by `{command}` ({'quick' if args.quick else 'full'} mode) in "
            f"{took:.0f} s; load average before: {load}._"
        )
        sections[name] = section.rstrip() + "\n\n" + run_line + "\n"
        print(f"[benchmarks] {name} done in {took:.1f} s", flush=True)
    total = time.perf_counter() - started
    body = [
        f"<!-- begin {name} -->\n{sections[name]}<!-- end {name} -->\n" for name in sorted(sections)
    ]
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"Last written by `{command}` ({'quick' if args.quick else 'full'} mode, "
            f"{total:.0f} s). Each section says when it was run.",
            "",
            header,
            "",
            *body,
        ]
    )
    output.write_text(text, encoding="utf-8")
    print(f"[benchmarks] wrote {output}", flush=True)
    if failed:
        print(f"[benchmarks] failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
