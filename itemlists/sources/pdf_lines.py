"""Reading a list PDF (List I, List II) into positioned text lines, without running heads or contents pages.

pdfminer.six gives text lines with their x/y positions; pieces of one printed line (the
"ML1" code and its title, a label and its text) come as separate pieces at the same height
and are merged here. Running heads and feet ("Liste I- Forsvarsrelaterte varer 2020   3")
are found by repetition across pages, not by wording, and the table of contents by its dot
leaders, so next year's layout needs no code change. Both PDF importers read through here
(``itemlists.sources.listone``, ``itemlists.sources.listtwo_pdf``).
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException

from itemlists.errors import ListImportError

logger = logging.getLogger(__name__)

#: Pieces whose tops differ by less than this many points belong to one printed line.
SAME_LINE_PT = 2.5
#: Share of the page height, at top and bottom, where running heads and feet live.
MARGIN_SHARE = 0.1
#: An entry heading's code standing alone ("ML8"): content, never a running head, even when
#: entries start at the top of consecutive pages.
_ENTRY_CODE_RE = re.compile(r"ML\d{1,2}")
_LEADER_RE = re.compile(r"\.{5,}\s*\d+\s*$")
#: A contents line so long that its page number wraps onto a line of its own.
_OPEN_LEADER_RE = re.compile(r"\.{5,}\s*$")
_PAGE_NUMBER_RE = re.compile(r"^\s*\d+\s*$")
_SPACES_RE = re.compile(r"\s+")
_SOFT_BREAK_RE = re.compile(r"[A-Za-z] {2,}$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of the PDF.

    Attributes:
        page: 1-based page number.
        x: Left edge (points) of the line's first piece: its indentation.
        y: Top edge (points from the page bottom).
        head: Text of the first piece alone (an "ML8" heading code stands apart).
        text: The whole line, whitespace collapsed, typographic quotes made straight.
        soft_break: The line ends in a word cut by a hyphen the PDF renders as spaces
            ("simu  " + "lating"); the joiner decides whether to glue it to the next line.
    """

    page: int
    x: float
    y: float
    head: str
    text: str
    soft_break: bool


@dataclass(frozen=True, slots=True)
class PdfText:
    """The lines of a PDF and what was set aside.

    Attributes:
        lines: Content lines in reading order, running heads and contents pages removed.
        page_count: Pages in the file.
        running_heads: One example of each running head or foot that was removed.
        contents: Lines of the table-of-contents pages, for cross-checks.
    """

    lines: list[Line]
    page_count: int
    running_heads: list[str]
    contents: list[Line]


def read_lines(path: Path) -> PdfText:
    """Read the PDF's text lines, refusing files pdfminer cannot read.

    Args:
        path: The PDF file.

    Returns:
        The content lines and what was removed.

    Raises:
        ListImportError: The file is missing, not a PDF, truncated, damaged or needs a
            password; the message names the file and the problem.
    """
    _check_file(path)
    pages: list[list[Line]] = []
    heights: list[float] = []
    try:
        for number, page in enumerate(_pages(path), start=1):
            pages.append(_page_lines(page, number))
            heights.append(page.height)
    except PDFEncryptionError as exc:
        raise ListImportError(
            f"{path.name!r} is encrypted and cannot be read without a password "
            f"({type(exc).__name__}); "
            "save an unprotected copy of the official file"
        ) from exc
    # pdfminer reports damaged files with its own errors and, deep in its parsers, with
    # plain ValueError/KeyError/TypeError/EOFError or zlib errors.
    except (PSException, ValueError, KeyError, TypeError, EOFError, zlib.error) as exc:
        raise ListImportError(
            f"{path.name!r} is damaged or not a PDF ({type(exc).__name__}: {exc}); download the official file again"
        ) from exc
    if not pages:
        raise ListImportError(f"{path.name!r} has no pages: download the official file again")
    return _split(pages, heights)


def _check_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            start = handle.read(1024)
            handle.seek(max(0, path.stat().st_size - 2048))
            end = handle.read()
    except OSError as exc:
        raise ListImportError(f"cannot read {str(path)!r}: {exc.strerror}") from exc
    if b"%PDF-" not in start:
        raise ListImportError(f"{path.name!r} is not a PDF file (no %PDF- header)")
    if b"%%EOF" not in end:
        raise ListImportError(
            f"{path.name!r} is truncated (no %%EOF marker at the end): download the official file again"
        )


def _pages(path: Path) -> Iterator[LTPage]:
    # boxes_flow=None skips pdfminer's slow box ordering; lines are ordered by position here.
    yield from extract_pages(path, laparams=LAParams(boxes_flow=None))


def _page_lines(page: LTPage, number: int) -> list[Line]:
    pieces = sorted(
        (
            (round(line.y1, 1), round(line.x0, 1), line.get_text().rstrip("\n"))
            for box in page
            if isinstance(box, LTTextContainer)
            for line in box
            if isinstance(line, LTTextLine) and line.get_text().strip()
        ),
        key=lambda piece: (-piece[0], piece[1]),
    )
    groups: list[list[tuple[float, float, str]]] = []
    for piece in pieces:
        if groups and groups[-1][0][0] - piece[0] < SAME_LINE_PT:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [_merge(sorted(group, key=lambda piece: piece[1]), number) for group in groups]


def _merge(group: list[tuple[float, float, str]], number: int) -> Line:
    raw_last = group[-1][2]
    text = " ".join(_clean(piece[2]) for piece in group)
    return Line(
        page=number,
        x=group[0][1],
        y=max(piece[0] for piece in group),
        head=_clean(group[0][2]),
        text=text.strip(),
        soft_break=bool(_SOFT_BREAK_RE.search(raw_last)),
    )


def _clean(text: str) -> str:
    return _SPACES_RE.sub(" ", text.translate(_QUOTES)).strip()


def _join_wrapped_leaders(lines: list[Line]) -> list[Line]:
    """Join a contents line ending in dot leaders with the page number wrapped below it."""
    out: list[Line] = []
    for line in lines:
        if out and _PAGE_NUMBER_RE.match(line.text) and _OPEN_LEADER_RE.search(out[-1].text):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {line.text.strip()}")
        else:
            out.append(line)
    return out


def _split(pages: list[list[Line]], heights: list[float]) -> PdfText:
    heads = _running_heads(pages, heights)
    lines: list[Line] = []
    contents: list[Line] = []
    examples: dict[str, str] = {}
    for page_lines in pages:
        kept = []
        for line in page_lines:
            key = running_key(line.text)
            if key in heads:
                examples.setdefault(key, line.text)
            else:
                kept.append(line)
        kept = _join_wrapped_leaders(kept)
        leaders = [line for line in kept if _LEADER_RE.search(line.text)]
        if len(leaders) >= 3:  # a contents page: its entries' wrapped lines go with it
            contents.extend(kept)
        else:
            contents.extend(leaders)
            lines.extend(line for line in kept if not _LEADER_RE.search(line.text))
    return PdfText(lines, len(pages), sorted(examples.values()), contents)


def running_key(text: str) -> str:
    """A line's text with digits as "#" and spaces collapsed: equal on every page it recurs."""
    return re.sub(r"\d+", "#", text).strip().lower()


def _running_heads(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Texts that recur at the outer edge of most pages, peeled from the edge inwards.

    Only the outermost line at the top and at the bottom of each page is a candidate; once
    recurring edge lines are known, the lines inside them are candidates in the next round,
    so a running head or foot of two or three lines is found too.
    """
    heads: set[str] = set()
    needed = max(3, len(pages) // 2)
    for _ in range(3):
        counts: Counter[str] = Counter()
        for page_lines, height in zip(pages, heights, strict=True):
            counts.update(_edge_keys(page_lines, height, heads))
        found = {key for key, count in counts.items() if count >= needed} - heads
        if not found:
            break
        heads |= found
    return heads


def _edge_keys(page_lines: list[Line], height: float, heads: set[str]) -> set[str]:
    inner = [
        line
        for line in page_lines
        if running_key(line.text) not in heads and not _ENTRY_CODE_RE.fullmatch(line.head)
    ]
    if not inner:
        return set()
    top, bottom = max(inner, key=lambda line: line.y), min(inner, key=lambda line: line.y)
    keys = set()
    if top.y > height * (1 - MARGIN_SHARE):
        keys.add(running_key(top.text))
    if bottom.y < height * MARGIN_SHARE:
        keys.add(running_key(bottom.text))
    return keys
