"""Word .docx files: body paragraphs and tables, headers, footers, footnotes and text boxes.

Headers and footers matter: security markings ("KONFIDENSIELT", "BEGRENSET") usually live
there, often in a text box. So the text is read from the document's XML parts directly
(:mod:`extractors.documents.ooxml`: sizes checked first, no entity expansion) rather than through
python-docx, whose paragraph list skips text boxes and content controls and which unpacks
every part of the package, images included.
A .docx has no fixed pages: the result is one page numbered None, laid out as the headers,
the body, the footnotes and endnotes, then the footers.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractors.documents.cleanup import clean_text
from extractors.documents.format import DocumentFormat, Probe
from extractors.documents.limits import Limits
from extractors.documents.ooxml import ZIP_MAGIC, Package, Relationship, zip_members
from extractors.documents.text import too_much_text
from extractors.errors import CorruptDocumentError, DocumentTooLargeError, EmptyDocumentError, UnsafeDocumentError
from extractors.types import Page

logger = logging.getLogger(__name__)

# WordprocessingML names and relationship types, spelled out as python-docx's qn() and
# RELATIONSHIP_TYPE give them (a test compares), so reading a PDF never imports python-docx.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_P, _T, _TAB, _BR, _CR = f"{_W}p", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_TBL, _TR, _TC, _SDT, _BODY = f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}body"
# Text boxes are stored twice, as DrawingML and as a VML fallback: read only the first.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADERS = (f"{_REL}header",)
_NOTES = (f"{_REL}footnotes", f"{_REL}endnotes")
_FOOTERS = (f"{_REL}footer",)


def extract_docx(
    path: Path, name: str, *, max_pages: int = 0, limits: Limits | None = None, engine: str | None = None
) -> tuple[Page, ...]:
    """Extract a .docx as one page numbered None.

    Only the parts with text are unpacked (body, headers, footers, notes), after their sizes
    are checked against ``limits`` (see :mod:`extractors.documents.ooxml`).

    Args:
        path: The .docx file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: a .docx has no fixed pages.
        limits: Unpacked size, packing ratio and text limits; the defaults when None.
        engine: Ignored (one reader for this format; PDF has several).

    Returns:
        A single page: header text, body paragraphs and table rows (cells joined with
        `` | ``), footnotes and endnotes, footer text; each as its own paragraph.

    Raises:
        CorruptDocumentError: The file is not a readable .docx (bad ZIP, missing parts).
        DocumentTooLargeError: Its text parts unpack beyond the limits, or it has too much text.
        UnsafeDocumentError: It declares XML entities that expand without bound.
        EmptyDocumentError: It holds no text.
    """
    limits = limits or Limits()
    try:
        with zipfile.ZipFile(path) as archive:
            blocks = _read_blocks(Package(archive, name, limits))
    except (MemoryError, DocumentTooLargeError, UnsafeDocumentError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file is this document's failure
        logger.debug("reading %s as .docx failed", name, exc_info=True)
        raise CorruptDocumentError(name, _corrupt_reason(exc)) from None
    text = clean_text("\n\n".join(blocks))
    if not text:
        raise EmptyDocumentError(name, "has no text; check that it is the right file")
    return (Page(number=None, text=text),)


def _read_blocks(package: Package) -> list[str]:
    """The text blocks in reading order; stop with an error once they pass the text limit."""
    main = package.main_part()
    rels = sorted(package.relationships(main), key=lambda rel: _rid_order(rel.rid))
    wanted = _HEADERS + _NOTES + _FOOTERS
    package.check_sizes([main] + [rel.target for rel in rels if rel.reltype in wanted and not rel.external])
    body = package.xml(main).find(_BODY)
    if body is None:
        raise KeyError(f"no w:body in {main}")
    groups = [
        _unique(_related_blocks(package, rels, _HEADERS)),
        _blocks(body),
        _related_blocks(package, rels, _NOTES),
        _unique(_related_blocks(package, rels, _FOOTERS)),
    ]
    blocks: list[str] = []
    chars = 0
    for group in groups:
        for block in group:
            chars += len(block)
            if chars > package.limits.max_text_chars:
                raise too_much_text(package.name, f"has more than {chars:,} characters", package.limits)
            blocks.append(block)
    return blocks


def _related_blocks(package: Package, rels: list[Relationship], reltypes: tuple[str, ...]) -> Iterator[str]:
    """Text blocks of the parts the main part links to by one of ``reltypes``, in rId order."""
    for rel in rels:
        if rel.reltype in reltypes and not rel.external:
            yield from _blocks(package.xml(rel.target))


def _blocks(container: Any) -> Iterator[str]:
    """Text blocks of a body-like element in document order: paragraphs and table rows."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield _paragraph_text(child)
        elif child.tag == _TBL:
            yield from _table_rows(child)
        elif child.tag == _SDT or len(child):  # content controls, footnote wrappers, ...
            yield from _blocks(child)


def _table_rows(table: Any) -> Iterator[str]:
    """One block per table row: the cells' text joined with `` | ``; merged cells once."""
    for row in table.iter(_TR):
        cells: list[str] = []
        for cell in row.iterchildren(_TC):
            text = " ".join(block for block in _blocks(cell) if block.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _paragraph_text(paragraph: Any) -> str:
    """Read a paragraph's own text; paragraphs of text boxes in it follow as their own blocks."""
    own: list[str] = []
    nested: list[str] = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR, _P):
        if node is paragraph:
            continue
        if node.tag == _P:
            if _owner(node.getparent()) is paragraph:
                nested.append(_paragraph_text(node))
        elif _owner(node) is paragraph:
            own.append(_run_text(node) if node.tag == _T else " ")
    return "\n\n".join(["".join(own), *nested])


def _run_text(node: Any) -> str:
    """A ``w:t``'s text; an entity reference in it is dropped, the text after it kept."""
    return (node.text or "") + "".join(child.tail or "" for child in node)


def _owner(node: Any) -> Any:
    """Find the closest ``w:p`` holding ``node`` (or ``node``); None inside a VML fallback."""
    while node is not None and node.tag != _P:
        if node.tag == _FALLBACK:
            return None
        node = node.getparent()
    return node


def _unique(blocks: Iterable[str]) -> list[str]:
    """Blocks without repeats: every section may repeat the same header or footer."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        key = block.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(block)
    return out


def _rid_order(rid: str) -> tuple[int, str]:
    """Sort key for relationship ids: rId2 before rId10."""
    digits = "".join(ch for ch in rid if ch.isdigit())
    return (int(digits) if digits else 0, rid)


def _corrupt_reason(exc: Exception) -> str:
    """One line saying why the .docx could not be read and what to do."""
    if isinstance(exc, zipfile.BadZipFile):
        what = "a damaged ZIP archive"
    else:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        what = f"a damaged .docx: {detail}"
    return (
        f"is not a readable Word file ({what}); open it in Word and save it again,"
        " or export it to PDF"
    )


def is_docx(probe: Probe) -> bool:
    """A ZIP archive with ``word/document.xml``; a damaged one named .docx or naming ``word/`` too.

    A damaged DOCX is taken as one, so that the DOCX extractor reports it as damaged.
    """
    if not probe.head.startswith(ZIP_MAGIC):
        return False
    names = zip_members(probe.path)
    if names is None:
        return probe.suffix == ".docx" or b"word/" in probe.head
    return "word/document.xml" in names


FORMAT = DocumentFormat("docx", extract_docx, is_docx, "binary")
