"""PDF files: text per page with pdfminer.six (or, opted in, PDFium), page numbers kept (1-based).

The page count is checked before any layout work, so a 5,000-page PDF is refused in well under
a second. Layout analysis uses ``LAParams(boxes_flow=None)``: boxes are ordered top to bottom,
left to right, instead of pdfminer's default flow analysis, which can take tens of seconds on a
dense page. Text inside form XObjects (stamps, watermarks, security markings) is included.

A hostile or broken PDF must not stop a batch: any exception pdfminer raises while parsing
becomes an :class:`~extractors.errors.ExtractionError` naming the file; only
``MemoryError`` (and ``KeyboardInterrupt``, which is not an ``Exception``) propagate.

Engines (``engine``, :data:`PDF_ENGINES`): ``pdfminer`` (pdfminer.six, the default) or ``pdfium``
(pypdfium2, the optional extra ``exportscreen[pdfium]``; extractors.documents.pdfium_text). Both
give the raw text of each page to the same clean-up, under the same page and text limits, and
fail with the same kinds of one-line errors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTContainer, LTItem, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from extractors.documents.cleanup import clean_text
from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.limits import Limits
from extractors.documents.progress import page_read
from extractors.documents.text import too_much_text
from extractors.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    PdfEngineError,
)
from extractors.types import Page

#: The PDF text engines, the default first (``screen --pdf-engine``, ``EXPORTSCREEN_PDF_ENGINE``).
PDF_ENGINES = ("pdfminer", "pdfium")
DEFAULT_PDF_ENGINE = "pdfminer"

logger = logging.getLogger(__name__)

# Glyphs without a Unicode mapping come out as "(cid:123)": they carry no readable text.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


def check_pdf_engine(engine: str) -> str:
    """``engine`` when it can be used here (known, and its package installed).

    Raises:
        PdfEngineError: It is unknown, or pdfium without pypdfium2 installed (one line saying to
            install the extra).
    """
    if engine not in PDF_ENGINES:
        raise PdfEngineError(f"unknown PDF engine {engine!r}; use one of: {', '.join(PDF_ENGINES)}")
    if engine == "pdfium":
        from extractors.documents.pdfium_text import load_pdfium

        load_pdfium()
    return engine


def extract_pdf(
    path: Path, name: str, *, max_pages: int = 400, limits: Limits | None = None, engine: str | None = None
) -> tuple[Page, ...]:
    """Extract the text of every page of a PDF.

    Args:
        path: The PDF file.
        name: The path as the caller gave it, for messages.
        max_pages: Refuse documents with more pages than this (checked before layout work).
        limits: ``limits.max_text_chars`` bounds the text, checked page by page so a huge
            document stops early; the defaults when None.
        engine: ``pdfminer`` (None: the default) or ``pdfium`` (:data:`PDF_ENGINES`).

    Returns:
        One page per PDF page, numbered from 1, each with cleaned text (possibly empty).

    Raises:
        EncryptedDocumentError: A password is needed to open it.
        DocumentTooLargeError: It has more than ``max_pages`` pages or too much text.
        EmptyDocumentError: It has no pages, or no page has extractable text.
        CorruptDocumentError: The engine cannot parse it (damaged, truncated or hostile).
        PdfEngineError: ``engine`` is unknown, or pdfium is asked for and not installed (cannot run).
    """
    if check_pdf_engine(engine or DEFAULT_PDF_ENGINE) == "pdfium":
        from extractors.documents import pdfium_text

        raw_pages = pdfium_text.read_pages(path, name, max_pages, limits or Limits())
    else:
        raw_pages = read_raw_pages(path, name, max_pages, limits or Limits())
    pages = tuple(
        Page(number=number, text=clean_text(_UNMAPPED_GLYPH.sub("", raw)))
        for number, raw in enumerate(raw_pages, start=1)
    )
    if not any(page.text for page in pages):
        raise EmptyDocumentError(name, "has no extractable text (scanned image?); run OCR first")
    return pages


def read_raw_pages(path: Path, name: str, max_pages: int, limits: Limits, *, layout: bool = True) -> list[str]:
    """The raw text of each page by pdfminer; any parser failure becomes this document's ExtractionError.

    ``layout=False`` only opens the document and checks its pages, returning ``[]``: the pdfium
    engine asks it why a file PDFium cannot open fails, in the default engine's words.
    """
    with path.open("rb") as stream:
        try:
            return _extract(stream, name, max_pages, limits, layout)
        except (MemoryError, EmptyDocumentError, DocumentTooLargeError):
            raise
        except PDFPasswordIncorrect:
            raise EncryptedDocumentError(
                name, "is password-protected; remove the password and screen it again"
            ) from None
        except PDFEncryptionError as exc:
            raise EncryptedDocumentError(
                name, f"uses encryption pdfminer cannot open ({exc}); save an unencrypted copy"
            ) from None
        except Exception as exc:  # noqa: BLE001 - any parser failure is this document's failure
            logger.debug("pdfminer failed on %s", name, exc_info=True)
            raise CorruptDocumentError(name, corrupt_reason(exc)) from None


def _extract(stream: BinaryIO, name: str, max_pages: int, limits: Limits, layout: bool = True) -> list[str]:
    """Parse the PDF, check its page count, then lay out each page and return its raw text."""
    document = PDFDocument(PDFParser(stream), password="")
    count = sum(1 for _ in PDFPage.create_pages(document))
    check_page_count(name, count, max_pages)
    if not layout:
        return []
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAParams(boxes_flow=None, all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)

    def laid_out() -> Iterator[str]:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield _page_text(device.get_result())

    texts = gather_pages(laid_out(), name, count, limits)
    logger.debug("%s: %d pages laid out", name, count)
    return texts


def check_page_count(name: str, count: int, max_pages: int) -> None:
    """Refuse a PDF with no pages or more than ``max_pages``, before any page is read (both engines)."""
    if count == 0:
        raise EmptyDocumentError(name, "has no pages; check that it is the right file")
    if count > max_pages:
        raise DocumentTooLargeError(
            name,
            f"has {count} pages, more than the limit of {max_pages}; split it or raise --max-pages",
        )


def gather_pages(pages: Iterator[str], name: str, count: int, limits: Limits) -> list[str]:
    """The pages' texts, each reported to the progress listener, within the text limit (both engines)."""
    texts: list[str] = []
    chars = 0
    for text in pages:
        texts.append(text)
        chars += len(text)
        page_read(len(texts), count)
        if chars > limits.max_text_chars:
            raise too_much_text(name, f"has {chars:,} characters in its first {len(texts)} pages", limits)
    return texts


def _page_text(layout: LTItem) -> str:
    """Join a page's lines in layout order, with paragraph breaks found from the geometry."""
    parts: list[str] = []
    previous: tuple[int, LTTextLine] | None = None
    for box, line in _lines(layout, box=0):
        text = line.get_text().strip("\n")
        if previous is not None:
            parts.append("\n" if previous[0] == box else line_separator(previous[1], line))
        parts.append(text)
        previous = (box, line)
    return "".join(parts)


def _lines(item: LTItem, box: int) -> Iterator[tuple[int, LTTextLine]]:
    """Text lines with the id of the text box holding them, figures included."""
    if isinstance(item, LTTextLine):
        yield box, item
    elif isinstance(item, LTTextBox):
        for line in item:
            if isinstance(line, LTTextLine):
                yield id(item), line
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _lines(child, box)


class LineBox(Protocol):
    """A laid-out line's box in PDF points, origin bottom left (pdfminer's ``LTTextLine`` is one)."""

    @property
    def x0(self) -> float:
        """Left edge."""
        ...

    @property
    def y0(self) -> float:
        """Lower edge."""
        ...

    @property
    def x1(self) -> float:
        """Right edge."""
        ...

    @property
    def y1(self) -> float:
        """Upper edge."""
        ...

    @property
    def height(self) -> float:
        """``y1 - y0``."""
        ...


def line_separator(before: LineBox, after: LineBox) -> str:
    """How two lines from different text boxes join: same row, same paragraph, or new one (both engines).

    pdfminer puts each line in a box of its own when lines are not aligned (hanging indents,
    list items), so a paragraph can span boxes: a line starting just below the previous one
    and overlapping it horizontally continues the paragraph.
    """
    height = max(before.height, after.height, 1.0)
    overlap = min(before.y1, after.y1) - max(before.y0, after.y0)
    if overlap > 0.5 * min(before.height, after.height) and 0 <= after.x0 - before.x1 < 3 * height:
        return " "
    gap = before.y0 - after.y1
    if -0.5 * height < gap < 0.7 * height and after.x0 < before.x1 and after.x1 > before.x0:
        return "\n"
    return "\n\n"


def corrupt_reason(exc: Exception) -> str:
    """One line saying why the engine could not read the file and what to do."""
    detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return (
        f"is not a readable PDF (damaged or truncated: {detail}); "
        "open it in a PDF reader and save or print it to a new PDF"
    )


#: PDF readers accept junk before ``%PDF-`` within the first kilobyte; so do we.
PDF_MAGIC_WINDOW = 1024


def is_pdf(probe: Probe) -> bool:
    """A PDF: ``%PDF-`` within the first kilobyte."""
    return b"%PDF-" in probe.head[:PDF_MAGIC_WINDOW]


FORMAT = DocumentFormat("pdf", extract_pdf, is_pdf, "binary")
