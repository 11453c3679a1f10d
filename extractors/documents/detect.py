"""Detect a document's kind from its content; the file name only breaks ties between text kinds.

A file called ``paper.pdf`` that holds plain text is read as text, and a PDF saved as
``notes.txt`` is read as a PDF: content wins. Binary formats exportscreen does not read raise
:class:`~extractors.errors.UnsupportedFormatError` with a message saying what was found.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.ooxml import ZIP_MAGIC, zip_members
from extractors.errors import UnsupportedFormatError

logger = logging.getLogger(__name__)

#: How many leading bytes :func:`detect_kind` needs; callers read this much into ``head``.
HEAD_BYTES = 8192
_MIN_PRINTABLE = 0.95
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_CONVERT = "convert it to PDF, DOCX, LaTeX, Markdown or text"
# Advice that fits better than the generic one, by what was found.
_ADVICE = {
    "an old-style or password-protected Office file": (
        "remove any password and save it as .docx or PDF"
    ),
    "an RTF document": "save it as .docx or PDF",
    "an HTML page": "save it as PDF or text",
}

# Leading bytes of binary formats, and what to call them in a message.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style or password-protected Office file",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Members that identify ZIP-based formats that are not DOCX.
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument file"),
    ("META-INF/container.xml", "an EPUB book"),
)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def detect_kind(path: Path, head: bytes, formats: Sequence[DocumentFormat] | None = None) -> str:
    """Detect a document's kind from its first bytes, asking each format in turn.

    Binary formats are asked first, on the raw bytes; then other binary content is refused
    with what it was found to be; then the text formats are asked, in registry order, on the
    decoded start (the file name only breaks ties between them).

    Args:
        path: The file (opened only to list the members of a ZIP archive).
        head: The file's first bytes; :data:`HEAD_BYTES` are enough.
        formats: The formats to ask; ``extractors.documents.EXTRACTORS`` when None.

    Returns:
        The ``kind`` of the first format that recognises the file.

    Raises:
        UnsupportedFormatError: The content is not a format exportscreen reads.
    """
    if formats is None:
        from extractors.documents import EXTRACTORS

        formats = EXTRACTORS
    probe = Probe(path, head)
    for candidate in formats:
        if candidate.stage == "binary" and candidate.detect(probe):
            return candidate.kind
    _refuse_binary(path, head)
    text = decode_head(head)
    if text is None:
        raise _unsupported(path, "binary data that is not text")
    if _HTML.match(text):
        raise _unsupported(path, "an HTML page")
    return _text_kind(Probe(path, head, text), formats)


def _text_kind(probe: Probe, formats: Sequence[DocumentFormat]) -> str:
    for candidate in formats:
        if candidate.stage == "text" and candidate.detect(probe):
            return candidate.kind
    raise _unsupported(probe.path, "text in no format exportscreen reads")


def text_kind(text: str, suffix: str = "") -> str:
    """Tell the text formats apart (LaTeX, Markdown, plain text) by content, then file suffix.

    Args:
        text: The decoded start of the file.
        suffix: The lower-case file suffix (``".tex"``), used when the content is ambiguous.
    """
    from extractors.documents import EXTRACTORS

    return _text_kind(Probe(Path(f"document{suffix}"), b"", text), EXTRACTORS)


def _refuse_binary(path: Path, head: bytes) -> None:
    """Raise UnsupportedFormatError naming what a binary file no format took is (an image, a ZIP ...)."""
    if head.startswith(ZIP_MAGIC):
        raise _zip_refusal(path)
    for magic, found in _BINARY_MAGIC:
        # Two-byte magics ("MZ", "BM") also start ordinary words: require binary bytes too.
        if head.startswith(magic) and (len(magic) > 2 or b"\x00" in head[:64]):
            raise _unsupported(path, found)


def decode_head(data: bytes) -> str | None:
    """Decode the start of a file as text, or return None when it is not text.

    Tries UTF-32/UTF-16 with a byte-order mark, then UTF-8 (a multi-byte character cut at the
    end of ``data`` is allowed), then cp1252 and Latin-1 when the result is mostly printable.
    """
    encoding = sniff_encoding(data)
    if encoding is None:
        return None
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(data, final=False)
    return text if mostly_printable(text) else None


def sniff_encoding(data: bytes) -> str | None:
    """Choose the text encoding of ``data``, or None when it does not look like text."""
    if data.startswith(_UTF32_BOMS):
        return "utf-32"
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    if b"\x00" in data:
        return None
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    for encoding in ("cp1252", "latin-1"):
        try:
            candidate = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if mostly_printable(candidate):
            return encoding
    return None


def mostly_printable(text: str) -> bool:
    """Say whether at most 5 % of the characters are control characters or U+FFFD.

    U+FFFD is what undecodable bytes become, so it counts against the text.
    """
    if not text:
        return True
    bad = len(_NOT_TEXT.findall(text))
    return bad <= (1 - _MIN_PRINTABLE) * len(text)


def _zip_refusal(path: Path) -> UnsupportedFormatError:
    """The error for a ZIP archive no format took, naming the kind when its members tell it."""
    names = zip_members(path)
    if names is None:
        return _unsupported(path, "a damaged ZIP archive")
    for member, found in _ZIP_KINDS:
        if member in names:
            return _unsupported(path, f"a ZIP archive that is not a .docx: {found}")
    return _unsupported(path, "a ZIP archive that is not a .docx")


def _unsupported(path: Path, found: str) -> UnsupportedFormatError:
    """Build the one-line error for an unsupported format."""
    advice = _ADVICE.get(found, _CONVERT)
    return UnsupportedFormatError(
        str(path), f"not a format exportscreen reads (found {found}); {advice}"
    )
