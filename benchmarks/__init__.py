"""Benchmarks: ``python -m benchmarks.run`` (``make bench``) runs every ``bench_*.py`` module and
writes ``benchmarks/RESULTS.md``. Each module defines ``run(quick: bool) -> str`` returning a
markdown section (a table and the exact command that reproduces it)."""
