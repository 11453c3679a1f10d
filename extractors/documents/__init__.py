"""Documents: files in, ``Document`` (text by page) out.

This stage has one entry point, :func:`read_document`, and one explicit registry of input
formats, :data:`EXTRACTORS`. Each format module declares its ``FORMAT``: its kind, how its
content is recognised and how it is read (extractors.documents.format). Adding a format takes
two places: its module and its line in the registry.

Every per-document problem raises an :class:`~extractors.errors.ExtractionError` subclass
whose message is one line naming the file and saying what to do; the caller records the
document as ``failed`` and goes on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from extractors.documents import docx, latex, markdown, pdf, text
from extractors.documents.detect import HEAD_BYTES, detect_kind
from extractors.documents.format import DocumentFormat, Extractor, Probe
from extractors.documents.hashing import fingerprint
from extractors.documents.limits import Limits, load_limits
from extractors.documents.paths import PathScan, iter_paths
from extractors.documents.pdf import DEFAULT_PDF_ENGINE, PDF_ENGINES, check_pdf_engine
from extractors.documents.text import too_much_text
from extractors.errors import EmptyDocumentError, UnreadableFileError
from extractors.types import Document

__all__ = [
    "DEFAULT_MAX_PAGES",
    "DEFAULT_PDF_ENGINE",
    "EXTRACTORS",
    "DocumentFormat",
    "Extractor",
    "Limits",
    "PDF_ENGINES",
    "PathScan",
    "Probe",
    "check_pdf_engine",
    "get_extractor",
    "iter_paths",
    "load_limits",
    "read_document",
]

logger = logging.getLogger(__name__)

#: Documents with more pages are refused (a manuscript or proposal rarely has more than 100).
DEFAULT_MAX_PAGES = 400


#: Every input format, in the order detection asks them (extractors.documents.detect): the
#: binary formats on the raw bytes, then the text formats on the decoded start, plain text last.
EXTRACTORS: tuple[DocumentFormat, ...] = (
    pdf.FORMAT,
    docx.FORMAT,
    latex.FORMAT,
    markdown.FORMAT,
    text.FORMAT,
)


def get_extractor(kind: str) -> Extractor:
    """Return the extractor for ``kind``.

    Raises:
        KeyError: no format in ``EXTRACTORS`` has this ``kind`` (a programming error).
    """
    for candidate in EXTRACTORS:
        if candidate.kind == kind:
            return candidate.extract
    raise KeyError(f"no extractor for kind {kind!r}; known: {sorted(f.kind for f in EXTRACTORS)}")


def read_document(
    path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES, limits: Limits | None = None, pdf_engine: str | None = None
) -> Document:
    """Read a document: hash it, detect its kind from its content, extract its text by page.

    Args:
        path: The file; kept as given in ``Document.path`` (reports show it).
        max_pages: Refuse paged documents (PDF) with more pages than this.
        limits: Text and unpacking limits (:mod:`extractors.documents.limits`); None reads them from
            the environment. A document over a limit fails before the slow work starts.
        pdf_engine: How PDFs are read: ``pdfminer`` (None: the default) or ``pdfium``
            (:data:`extractors.documents.pdf.PDF_ENGINES`); other formats ignore it.

    Returns:
        The document with its pages (PDF pages numbered from 1; other kinds one page None).

    Raises:
        ExtractionError: This document cannot be read (missing, unreadable, unsupported
            format, encrypted, damaged, too large, no text); the message says what to do.
        ValueError: ``max_pages`` is not positive (a configuration error).
        LimitSettingError: A limit in the environment is invalid (cannot run).
        PdfEngineError: ``pdf_engine`` is unknown or not installed (cannot run).
    """
    if max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, got {max_pages!r}")
    limits = limits or Limits()
    name = str(path)
    file = Path(path)
    sha256, size, head = _fingerprint(file, name)
    if size == 0:
        raise EmptyDocumentError(name, "is empty (0 bytes); check that it is the right file")
    kind = detect_kind(file, head, EXTRACTORS)
    try:
        pages = get_extractor(kind)(file, name, max_pages=max_pages, limits=limits, engine=pdf_engine)
    except OSError as exc:  # the file changed or vanished after it was hashed
        raise _unreadable(name, exc) from None
    chars = sum(len(page.text) for page in pages)
    if chars > limits.max_text_chars:
        raise too_much_text(name, f"has {chars:,} characters", limits)
    if not any(page.text.strip() for page in pages):
        raise EmptyDocumentError(name, "has no text; check that it is the right file")
    logger.info("read %s: %s, %d page(s), %d bytes", name, kind, len(pages), size)
    return Document(path=name, kind=kind, pages=pages, sha256=sha256, size=size)


def _fingerprint(file: Path, name: str) -> tuple[str, int, bytes]:
    """The file's SHA-256, size and first bytes; an unreadable file raises a one-line error."""
    try:
        return fingerprint(file, HEAD_BYTES)
    except OSError as exc:
        raise _unreadable(name, exc) from None


def _unreadable(name: str, exc: OSError) -> UnreadableFileError:
    """One-line error for a path that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        reason = "No such file; check the path"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a folder, not a document; check the path and that its files can be listed"
    elif isinstance(exc, PermissionError):
        reason = "Permission denied; check the path and the file's permissions"
    else:
        reason = f"cannot be read ({exc.strerror or exc}); check the path"
    return UnreadableFileError(name, reason)
