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


class StoreError(Exception):
    """Base class of the results store: the request cannot be carried out; stop and show it.

    Covers the database itself (cannot open, from a newer version) and refused review actions
    (unknown case, invalid transition, missing reason). Nothing was written when it is raised.
    """


class StoreConfigError(StoreError, ValueError):
    """The database URL is not usable (unsupported scheme, unreadable location): fix the URL."""


class DatabaseVersionError(StoreError):
    """The database was written by a newer exportscreen (unknown schema revision): upgrade."""


class UnknownCaseError(StoreError, LookupError):
    """No case has the given id: list the queue with ``exportscreen review list``."""


class ReviewRefusedError(StoreError, ValueError):
    """A review action breaks the workflow rules (invalid transition, missing reason, ...)."""
