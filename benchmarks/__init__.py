"""Benchmarks run by `make bench`: each module prints its measured figures and budgets."""
