"""What an input format declares: its kind, how its content is recognised, how it is read.

Each format module (pdf, docx, latex, markdown, text) defines one :class:`DocumentFormat`
named ``FORMAT``; ``extractors.documents.EXTRACTORS`` lists them in the order detection tries
them. Adding a format takes two places: its module and its line in ``EXTRACTORS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from extractors.documents.limits import Limits
from extractors.types import Page


class Extractor(Protocol):
    """Reads one kind of document into pages.

    Called as ``extractor(path, name, max_pages=..., limits=..., engine=...)``: ``path`` is the
    file, ``name`` the path as the caller gave it (for messages); ``max_pages`` matters only for
    paged formats; ``limits`` bounds the text and what is unpacked; ``engine`` picks the reader of
    a format that has several (PDF: ``pdfminer`` or ``pdfium``; None: the format's default; the
    other formats have one and ignore it). Raises an ``ExtractionError`` subclass for any
    problem with the document.
    """

    def __call__(
        self, path: Path, name: str, *, max_pages: int = ..., limits: Limits | None = ..., engine: str | None = ...
    ) -> tuple[Page, ...]:
        """Extract the pages of ``path``."""
        ...


@dataclass(frozen=True)
class Probe:
    """What detection looks at: the file, its first bytes and, for text formats, their text.

    Attributes:
        path: The file (a format may open it, e.g. to list a ZIP archive's members).
        head: The file's first bytes (extractors.documents.detect.HEAD_BYTES).
        text: The decoded start of the file; "" at the binary stage.
    """

    path: Path
    head: bytes
    text: str = ""

    @property
    def suffix(self) -> str:
        """The lower-case file suffix (".tex"); breaks ties between text formats only."""
        return self.path.suffix.lower()


@dataclass(frozen=True)
class DocumentFormat:
    """One input format.

    Attributes:
        kind: The format's name in ``Document.kind`` and reports ("pdf").
        extract: Reads a file of this format into pages.
        detect: True when the probe is of this format; may raise UnsupportedFormatError.
        stage: "binary" formats are tried on the raw bytes, before the file is checked to be
            text; "text" formats on the decoded start, in registry order (the last may take all).
    """

    kind: str
    extract: Extractor
    detect: Callable[[Probe], bool]
    stage: Literal["binary", "text"]
