"""Benchmarks: scripts that print numbers (never timed unit tests). Run: make bench."""
