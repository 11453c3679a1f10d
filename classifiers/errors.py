"""Errors raised by the classifiers.

Contract: ``SettingsError`` means the run's settings are invalid: cannot run, stop with the
message. Classifiers do not raise per-document errors: a document they cannot screen is an
extraction failure, recorded by the caller.
"""

from __future__ import annotations


class SettingsError(ValueError):
    """Invalid screening settings (e.g. cutoff above threshold): cannot run, stop."""
