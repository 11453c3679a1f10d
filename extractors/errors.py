"""Errors raised by the extractors.

Contract: an ``ExtractionError`` means *this document* could not be read. The caller records
a ``failed`` result carrying ``str(error)`` (a one-line reason naming the file and what to do)
and goes on with the rest of the batch. Anything else escaping an extractor is a programming
error and should fail loudly.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """The document could not be read: record it as ``failed`` and go on.

    Args:
        path: The document's path as given by the caller.
        reason: What is wrong and what the user can do, in one line.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormatError(ExtractionError):
    """The file's content is not a format exportscreen reads: record as ``failed``, go on."""


class EncryptedDocumentError(ExtractionError):
    """The document is password-protected: record as ``failed``, go on."""


class EmptyDocumentError(ExtractionError):
    """The document has no extractable text (0 pages, scanned image only): ``failed``, go on."""


class ModelUnavailableError(Exception):
    """No spaCy pipeline at all could be built: cannot run, stop."""


class UnreadableFileError(ExtractionError):
    """The path cannot be opened (missing, permission denied, a folder): ``failed``, go on."""


class CorruptDocumentError(ExtractionError):
    """The file has the right format but is damaged or truncated: ``failed``, go on."""


class DocumentTooLargeError(ExtractionError):
    """The document exceeds a size limit (pages, characters, unpacked bytes): ``failed``, go on.

    The message says which limit and how to raise it or split the document.
    """


class UnsafeDocumentError(ExtractionError):
    """The document is built to attack readers (XML entity expansion): ``failed``, go on.

    Nothing of it is expanded or fetched; the message says what was found.
    """


class PdfEngineError(Exception):
    """The PDF engine asked for is unknown or not installed (pdfium without its extra): cannot run, stop."""


class PdfEngineMissingError(PdfEngineError):
    """The PDF engine asked for needs an optional package that is not installed (a usage error on the CLI)."""


class LimitSettingError(ValueError):
    """A size limit in the environment (``EXPORTSCREEN_MAX_...``) is invalid: cannot run, stop."""
