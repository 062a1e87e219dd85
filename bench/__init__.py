"""Benchmarks of flnet (issue 7 §1): `.venv/bin/python -m bench` from the project root, `--quick` for the CI version.

Every figure is a ratio against a baseline measured in the same run on the same machine, so the numbers survive a
noisy machine: live push to many pages, page build times and query counts with a large data set, closing a meeting,
the minutes PDF, memory per connected page and start-up time. The table is printed and written to bench/results.md
together with a description of the machine. tests/test_bench_quick.py runs the quick version and fails when a ratio
is worse than twice its target, in its run and again when measured once more.
"""
