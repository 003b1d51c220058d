"""Benchmarks behind ``tracker bench``; each module exposes a click ``command``."""
