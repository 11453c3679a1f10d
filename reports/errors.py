"""Errors raised by the reports package: the renderers and the results store.

Contract of the renderers' errors (``ReportError``): the report cannot be produced as asked;
nothing about a single document is wrong, so the caller stops, prints the message as one
``Error:`` line and exits with its "could not run" code. Screening results are never lost
silently: a report that cannot be written raises, it is not skipped.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base class: the report cannot be produced; stop and show the message."""


class UnknownFormatError(ReportError, ValueError):
    """A report format name that is not in ``reports.FORMATS``: ask for one that is."""


class ReportWriteError(ReportError, OSError):
    """The report file could not be written (missing permission, full disk, path is a file)."""

