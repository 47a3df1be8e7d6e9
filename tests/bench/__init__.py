"""Benchmarks (`make bench`): this skill against a bare ask-sdk-core skill, side by side."""
