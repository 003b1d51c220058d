"""Synthetic documents for tests and benchmarks: beside the product, not part of it."""
