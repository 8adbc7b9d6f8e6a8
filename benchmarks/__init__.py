"""Speed and memory figures on a generated store: ``python -m benchmarks``."""
