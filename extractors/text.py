"""Plain-text files: decode (UTF-8, UTF-16/32 with BOM, cp1252, Latin-1) and clean up."""

from __future__ import annotations

from pathlib import Path

from extractors.cleanup import clean_text
from extractors.detect import decode_head
from extractors.errors import DocumentTooLargeError, UnsupportedFormatError
from extractors.types import Page

#: Text-like files (plain text, Markdown, LaTeX) larger than this are refused: a manuscript
#: is a few hundred kilobytes, and a file of this size is almost surely a data dump.
MAX_TEXT_BYTES = 50 * 1024 * 1024


def read_text(path: Path, name: str) -> str:
    """Read and decode a text-like file.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.

    Returns:
        The decoded text, not yet cleaned.

    Raises:
        DocumentTooLargeError: The file is larger than :data:`MAX_TEXT_BYTES`.
        UnsupportedFormatError: The bytes do not decode as text.
        OSError: The file cannot be read (the caller turns this into an ExtractionError).
    """
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise DocumentTooLargeError(
            name,
            f"is {size / 1024 / 1024:.0f} MB of text, more than the limit of"
            f" {MAX_TEXT_BYTES // 1024 // 1024} MB; split it into smaller files",
        )
    text = decode_head(path.read_bytes())
    if text is None:
        raise UnsupportedFormatError(
            name,
            "not a format exportscreen reads (found binary data after a text start);"
            " convert it to PDF, DOCX, LaTeX, Markdown or text",
        )
    return text


def extract_text(path: Path, name: str, *, max_pages: int = 0) -> tuple[Page, ...]:
    """Extract a plain-text file as one page numbered None.

    Args:
        path: The file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: text has no pages.

    Returns:
        A single page with the cleaned text.
    """
    return (Page(number=None, text=clean_text(read_text(path, name))),)
