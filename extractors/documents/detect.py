"""Detect a document's kind from its content; the file name only breaks ties between text kinds.

A file called ``paper.pdf`` that holds plain text is read as text, and a PDF saved as
``notes.txt`` is read as a PDF: content wins. Binary formats exportscreen does not read raise
:class:`~extractors.errors.UnsupportedFormatError` with a message saying what was found.
"""

from __future__ import annotations

import codecs
import logging
import re
import zipfile
from pathlib import Path

from extractors.errors import UnsupportedFormatError

logger = logging.getLogger(__name__)

#: How many leading bytes :func:`detect_kind` needs; callers read this much into ``head``.
HEAD_BYTES = 8192
#: PDF readers accept junk before ``%PDF-`` within the first kilobyte; so do we.
PDF_MAGIC_WINDOW = 1024
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

_LATEX_STRONG = re.compile(r"\\documentclass\b|\\begin\{document\}")
_LATEX_COMMAND = re.compile(
    r"\\(?:(?:sub)*section|chapter|usepackage|begin|end|textbf|emph|cite|label|ref"
    r"|SI|qty|num|maketitle|item)\*?[\[{]?"
)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]{1,300}\]\([^)\s]{1,500}\)")
_MD_FENCE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*\*\S[^*\n]{0,200}\*\*|(?<!\w)__\S[^_\n]{0,200}__")
_MD_LIST = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\S", re.MULTILINE)
_MD_TABLE = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE)
_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_LATEX_SUFFIXES = frozenset({".tex", ".ltx", ".latex"})


def detect_kind(path: Path, head: bytes) -> str:
    """Detect a document's kind from its first bytes (and, for ZIP files, its member list).

    Args:
        path: The file (opened only to list the members of a ZIP archive; its suffix breaks
            ties between LaTeX, Markdown and plain text).
        head: The file's first bytes; :data:`HEAD_BYTES` are enough.

    Returns:
        One of ``extractors.types.DOCUMENT_KINDS``.

    Raises:
        UnsupportedFormatError: The content is not a format exportscreen reads.
    """
    if b"%PDF-" in head[:PDF_MAGIC_WINDOW]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(path, head)
    for magic, found in _BINARY_MAGIC:
        # Two-byte magics ("MZ", "BM") also start ordinary words: require binary bytes too.
        if head.startswith(magic) and (len(magic) > 2 or b"\x00" in head[:64]):
            raise _unsupported(path, found)
    text = decode_head(head)
    if text is None:
        raise _unsupported(path, "binary data that is not text")
    if _HTML.match(text):
        raise _unsupported(path, "an HTML page")
    return text_kind(text, path.suffix.lower())


def text_kind(text: str, suffix: str = "") -> str:
    """Tell LaTeX, Markdown and plain text apart.

    Args:
        text: The decoded start of the file.
        suffix: The lower-case file suffix (``".tex"``), used when the content is ambiguous.

    Returns:
        ``"latex"``, ``"markdown"`` or ``"text"``.
    """
    if _LATEX_STRONG.search(text):
        return "latex"
    commands = len(_LATEX_COMMAND.findall(text))
    if commands >= 3 or (commands and suffix in _LATEX_SUFFIXES):
        return "latex"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    signals = [
        len(_MD_HEADING.findall(text)) >= 2,
        bool(_MD_LINK.search(text)),
        bool(_MD_FENCE.search(text)),
        bool(_MD_EMPHASIS.search(text)),
        bool(_MD_LIST.search(text)),
        bool(_MD_TABLE.search(text)),
        bool(_MD_HEADING.search(text)),
    ]
    return "markdown" if sum(signals) >= 2 else "text"


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


def _zip_kind(path: Path, head: bytes) -> str:
    """Tell a DOCX from other ZIP archives by its member list."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        logger.debug("%s: ZIP directory unreadable: %s", path, exc)
        if path.suffix.lower() == ".docx" or b"word/" in head:
            return "docx"  # a damaged DOCX: the DOCX extractor reports it as such
        raise _unsupported(path, "a damaged ZIP archive") from None
    if "word/document.xml" in names:
        return "docx"
    for member, found in _ZIP_KINDS:
        if member in names:
            raise _unsupported(path, f"a ZIP archive that is not a .docx: {found}")
    raise _unsupported(path, "a ZIP archive that is not a .docx")


def _unsupported(path: Path, found: str) -> UnsupportedFormatError:
    """Build the one-line error for an unsupported format."""
    advice = _ADVICE.get(found, _CONVERT)
    return UnsupportedFormatError(
        str(path), f"not a format exportscreen reads (found {found}); {advice}"
    )
