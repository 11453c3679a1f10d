"""Plain-text files: decode (UTF-8, UTF-16/32 with BOM, cp1252, Latin-1) and clean up."""

from __future__ import annotations

from pathlib import Path

from extractors.documents.cleanup import clean_text
from extractors.documents.detect import decode_head
from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.limits import ENV_MAX_TEXT_CHARS, MB, Limits
from extractors.documents.siunitx import prose_math_to_text
from extractors.errors import DocumentTooLargeError, UnsupportedFormatError
from extractors.types import Page


def read_text(path: Path, name: str, limits: Limits | None = None) -> str:
    """Read and decode a text-like file; one with too many characters fails before it is read.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.
        limits: The file may hold ``limits.max_text_chars`` characters, markup included (so
            the check comes before any conversion); the defaults when None.

    Returns:
        The decoded text, not yet cleaned.

    Raises:
        DocumentTooLargeError: The file holds more than ``limits.max_text_chars`` characters
            (told from its size alone when it is larger than any such file can be).
        UnsupportedFormatError: The bytes do not decode as text.
        OSError: The file cannot be read (the caller turns this into an ExtractionError).
    """
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise too_much_text(name, f"is {size / MB:.1f} MB", limits)
    text = decode_head(path.read_bytes())
    if text is None:
        raise UnsupportedFormatError(
            name,
            "not a format exportscreen reads (found binary data after a text start);"
            " convert it to PDF, DOCX, LaTeX, Markdown or text",
        )
    if len(text) > limits.max_text_chars:
        raise too_much_text(name, f"has {len(text):,} characters", limits)
    return text


def too_much_text(name: str, found: str, limits: Limits) -> DocumentTooLargeError:
    """The one-line error for a document with more text than ``limits.max_text_chars``.

    Args:
        name: The document as the caller gave it.
        found: What it holds, as a verb phrase ("has 2,400,000 characters", "is 60.2 MB").
        limits: The limits in force.
    """
    return DocumentTooLargeError(
        name,
        f"is too large to screen: it {found}, more than the limit of {limits.max_text_chars:,}"
        f" characters of text; split it, or raise {ENV_MAX_TEXT_CHARS} if the machine can take"
        " it (screening takes about 30 s and 1.2 GB of memory per million characters)",
    )


def extract_text(
    path: Path, name: str, *, max_pages: int = 0, limits: Limits | None = None, engine: str | None = None
) -> tuple[Page, ...]:
    r"""Extract a plain-text file as one page numbered None.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: text has no pages.
        limits: Size limits (see :func:`read_text`); the defaults when None.
        engine: Ignored (one reader for this format; PDF has several).

    Returns:
        A single page with the cleaned text; inline LaTeX math as text (an arXiv abstract's
        "15 fT/$\sqrt{\mbox{Hz}}$" reads "15 fT/√Hz").
    """
    return (Page(number=None, text=clean_text(prose_math_to_text(read_text(path, name, limits)))),)


def is_text(_probe: Probe) -> bool:
    """Plain text: any decodable text the formats before it did not take."""
    return True


FORMAT = DocumentFormat("text", extract_text, is_text, "text")
