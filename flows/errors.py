"""Errors of the orchestration layer and the CLI's exit codes, in one place.

Contract: ``CannotRunError`` means the command cannot run at all (bad configuration, missing
data); the CLI prints its message as one ``Error:`` line and exits with ``EXIT_CANNOT_RUN``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_REVIEW = 1
EXIT_USAGE = 2
EXIT_FAILED_INPUTS = 3
EXIT_CANNOT_RUN = 4


class CannotRunError(Exception):
    """The command cannot run (configuration, data, database): print the message and stop."""


def known_errors() -> tuple[type[BaseException], ...]:
    """Library errors that mean "cannot run, stop": shown as one line, never a traceback."""
    from classifiers.errors import SettingsError
    from extractors.errors import LimitSettingError, ModelUnavailableError, PdfEngineError
    from itemlists.errors import ItemListError
    from reports.errors import ReportError, StoreError

    return (SettingsError, ModelUnavailableError, LimitSettingError, PdfEngineError, ItemListError, ReportError,
            StoreError)
