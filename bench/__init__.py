"""Benchmarks: jenkins_sdk vs a bare ``requests`` floor vs the peer libraries, side by side.

Run ``python -m bench`` (full sizes, minutes) or ``python -m bench --quick``; see README.md.
"""
