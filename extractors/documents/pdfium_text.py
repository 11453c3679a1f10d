"""The opt-in PDF engine: raw text per page with PDFium (pypdfium2, the extra ``exportscreen[pdfium]``).

pdfminer.six stays the default (extractors.documents.pdf). This engine is about 20 times faster
at reading text and is chosen with ``screen --pdf-engine pdfium`` or ``EXPORTSCREEN_PDF_ENGINE``.
It gives :func:`extractors.documents.pdf.extract_pdf` the raw text of each page, which then goes
through the same clean-up as pdfminer's, so that the page-anchored evidence stays as close as
possible to the default engine's:

- PDFium's text lines (its own line detection, in content order) are grouped into blocks where
  the next line continues the paragraph, by the same geometry rule the pdfminer reader uses
  between its text boxes (:func:`~extractors.documents.pdf.line_separator`);
- the blocks are put in the order pdfminer puts its text boxes with ``boxes_flow=None``: top to
  bottom by their lower edge, then left to right (page numbers and running footers come last,
  as with pdfminer);
- lines are joined with that rule, and ``(cid:N)`` glyphs, ligatures, hyphenation and spaces are
  cleaned by the same code (PDFium's mark for a word broken at a line end, U+FFFE, becomes the
  hyphen and line break pdfminer gives).

What still differs (measured; README "PDF engines"): PDFium keeps on one line text that sits on
one baseline with a wide gap (a heading number and its title, table cells), where pdfminer makes
boxes of their own; it places superscripts and footnote marks differently.

Safety: PDFium is native code. The same limits hold as for pdfminer: the page count is checked
right after the document is opened and before any page's text is read, the text limit page by
page; every PDFium failure becomes this document's one-line ``ExtractionError``. A file PDFium
cannot open is opened by pdfminer (no layout) so that the message is the default engine's. PDFium is not
thread-safe, so one lock serialises its use within a process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.documents.limits import Limits
from extractors.documents.pdf import (
    check_page_count,
    corrupt_reason,
    gather_pages,
    line_separator,
    read_raw_pages,
)
from extractors.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    ExtractionError,
    PdfEngineMissingError,
)

logger = logging.getLogger(__name__)

#: What to tell a user who asks for this engine without its extra.
INSTALL_HINT = "pip install 'exportscreen[pdfium]'"

#: PDFium joins a word broken at a line end into one line, marking the break with U+FFFE; as a
#: hyphen and a line break it goes through the same de-hyphenation as pdfminer's text.
_LINE_END_HYPHEN = "\ufffe"

_lock = threading.Lock()


def load_pdfium() -> Any:
    """The ``pypdfium2`` module.

    Raises:
        PdfEngineMissingError: It is not installed (one line saying how to install the extra).
    """
    try:
        import pypdfium2
    except ImportError as exc:
        raise PdfEngineMissingError(
            f"the PDF engine 'pdfium' needs the optional package pypdfium2, which is not installed ({exc}); "
            f"install it with {INSTALL_HINT}, or use --pdf-engine pdfminer"
        ) from None
    return pypdfium2


@dataclass(frozen=True, slots=True)
class _Line:
    """One PDFium text line and its box in PDF points (a ``LineBox`` for ``line_separator``)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def read_pages(path: Path, name: str, max_pages: int, limits: Limits) -> list[str]:
    """The raw text of each page, laid out as described in the module docstring.

    Raises:
        PdfEngineMissingError: pypdfium2 is not installed.
        EncryptedDocumentError: A password is needed, or the encryption is not supported.
        DocumentTooLargeError: More than ``max_pages`` pages, or more text than the limit.
        EmptyDocumentError: It has no pages.
        CorruptDocumentError: PDFium cannot parse it.
    """
    pdfium = load_pdfium()
    with _lock:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise _open_error(path, name, max_pages, limits, exc) from None
        try:
            return _pages(document, name, max_pages, limits)
        except (MemoryError, EmptyDocumentError, DocumentTooLargeError):
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure is this document's failure
            logger.debug("pdfium failed on %s", name, exc_info=True)
            raise CorruptDocumentError(name, corrupt_reason(exc)) from None
        finally:
            document.close()


def _open_error(path: Path, name: str, max_pages: int, limits: Limits, exc: Exception) -> ExtractionError:
    """The one-line error for a document PDFium cannot open: the one the default engine gives.

    PDFium's error codes are not reliable enough to word the message (a PDF without pages fails
    to load with no code set, so a stale one from an earlier document shows), so pdfminer opens
    the file (no layout) and names the problem, exactly as it would without ``--pdf-engine
    pdfium`` (password, no pages, too many pages, damage). A file pdfminer opens but PDFium cannot
    fails with PDFium's reason and the way out.
    """
    logger.debug("pdfium could not open %s (%s); asking pdfminer why", name, exc)
    try:
        read_raw_pages(path, name, max_pages, limits, layout=False)
    except ExtractionError as error:
        return error
    detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return CorruptDocumentError(
        name, f"cannot be opened by the pdfium engine ({detail}); screen it with --pdf-engine pdfminer"
    )


def _pages(document: Any, name: str, max_pages: int, limits: Limits) -> list[str]:
    """Check the page count, then read each page's text (the same checks as the pdfminer reader)."""
    count = len(document)
    check_page_count(name, count, max_pages)

    def read() -> Iterator[str]:
        for index in range(count):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    yield _page_text(textpage)
                finally:
                    textpage.close()
            finally:
                page.close()

    texts = gather_pages(read(), name, count, limits)
    logger.debug("%s: %d pages read by pdfium", name, count)
    return texts


def _page_text(textpage: Any) -> str:
    """A page's lines grouped into blocks, in pdfminer's box order, joined by the shared rule."""
    blocks: list[list[_Line]] = []
    previous: _Line | None = None
    for line in _lines(textpage):
        if previous is not None and line_separator(previous, line) != "\n\n":
            blocks[-1].append(line)
        else:
            blocks.append([line])
        previous = line
    blocks.sort(key=lambda block: (-min(line.y0 for line in block), min(line.x0 for line in block)))
    parts: list[str] = []
    previous = None
    for block in blocks:
        for line in block:
            if previous is not None:
                parts.append(line_separator(previous, line))
            parts.append(line.text)
            previous = line
    return "".join(parts)


def _lines(textpage: Any) -> list[_Line]:
    """PDFium's text lines (split at the line breaks it generates) with the box their text covers."""
    text = textpage.get_text_range(0, textpage.count_chars())
    lines: list[_Line] = []
    start = 0
    for part in text.split("\r\n"):
        if part.strip():
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects(start, len(part)))]
            if rects:
                lines.append(_Line(
                    part.replace(_LINE_END_HYPHEN, "-\n"), min(r[0] for r in rects), min(r[1] for r in rects),
                    max(r[2] for r in rects), max(r[3] for r in rects),
                ))
        start += len(part) + 2
    return lines
