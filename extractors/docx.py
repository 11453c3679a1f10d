"""Word .docx files: body paragraphs and tables, headers, footers, footnotes and text boxes.

Headers and footers matter: security markings ("KONFIDENSIELT", "BEGRENSET") usually live
there, often in a text box. So the text is read from the document's XML parts directly rather
than through python-docx's paragraph list, which skips text boxes and content controls.
A .docx has no fixed pages: the result is one page numbered None, laid out as the headers,
the body, the footnotes and endnotes, then the footers.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from extractors.cleanup import clean_text
from extractors.errors import CorruptDocumentError, EmptyDocumentError
from extractors.types import Page

logger = logging.getLogger(__name__)

_P, _T, _TAB, _BR, _CR = qn("w:p"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_TBL, _TR, _TC, _SDT = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
# Text boxes are stored twice, as DrawingML and as a VML fallback: read only the first.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADERS = (RT.HEADER,)
_NOTES = (RT.FOOTNOTES, RT.ENDNOTES)
_FOOTERS = (RT.FOOTER,)


def extract_docx(path: Path, name: str, *, max_pages: int = 0) -> tuple[Page, ...]:
    """Extract a .docx as one page numbered None.

    Args:
        path: The .docx file.
        name: The path as the caller gave it, for messages.
        max_pages: Ignored: a .docx has no fixed pages.

    Returns:
        A single page: header text, body paragraphs and table rows (cells joined with
        `` | ``), footnotes and endnotes, footer text; each as its own paragraph.

    Raises:
        CorruptDocumentError: The file is not a readable .docx (bad ZIP, missing parts).
        EmptyDocumentError: It holds no text.
    """
    try:
        document = docx.Document(str(path))
        part = document.part
        blocks = [
            *_unique(_related_paragraphs(part, _HEADERS)),
            *_blocks(part.element.body),
            *_related_paragraphs(part, _NOTES),
            *_unique(_related_paragraphs(part, _FOOTERS)),
        ]
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file is this document's failure
        logger.debug("python-docx failed on %s", name, exc_info=True)
        raise CorruptDocumentError(name, _corrupt_reason(exc)) from None
    text = clean_text("\n\n".join(blocks))
    if not text:
        raise EmptyDocumentError(name, "has no text; check that it is the right file")
    return (Page(number=None, text=text),)


def _related_paragraphs(part: Any, reltypes: tuple[str, ...]) -> Iterator[str]:
    """Paragraph texts of the parts related to ``part`` by one of ``reltypes``, in rId order."""
    rels = sorted(part.rels.values(), key=lambda rel: _rid_order(rel.rId))
    for rel in rels:
        if rel.reltype in reltypes and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is None:  # a part python-docx does not model: parse its XML
                element = parse_xml(rel.target_part.blob)
            yield from _blocks(element)


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
            own.append((node.text or "") if node.tag == _T else " ")
    return "\n\n".join(["".join(own), *nested])


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
