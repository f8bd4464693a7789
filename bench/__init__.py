"""Benchmark scripts: run them as files (`python bench/api.py`); each prints its figures."""
