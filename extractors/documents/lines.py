"""Line numbers for evidence in text formats (plain text, Markdown, LaTeX).

Those formats have no pages, and their extracted text is cleaned (wrapped lines joined, markup
removed), so a sentence's place in it is not a line of the file. A reviewer opens the file
itself: each evidence sentence is located in the file's own text by its first words (any
markup, line breaks or spaces between them allowed), and gets the 1-based line where it
starts. A sentence not found gets no line (never a wrong one).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from extractors.types import Document, Sentence

#: Kinds whose evidence is located by line.
LINE_KINDS = frozenset({"text", "markdown", "latex"})
_WORD = re.compile(r"\w+", re.UNICODE)
#: Words of the sentence used to find it (fewer when the sentence is shorter).
LEAD_WORDS = 8


class LineIndex:
    """Finds where sentences start in a file's text."""

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._newlines = [m.start() for m in re.finditer("\n", raw)]

    def line_of(self, sentence: str) -> int | None:
        """The 1-based line where ``sentence`` starts in the file, or None when it is not found."""
        words = _WORD.findall(sentence)[:LEAD_WORDS]
        if len(words) < 2:
            return None
        match = _pattern(tuple(words)).search(self._raw)
        if match is None:
            return None
        return _count_before(self._newlines, match.start()) + 1


@lru_cache(maxsize=4096)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Anything that is not a word may stand between them: spaces, line breaks, **, \emph{, ](.
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")


def _count_before(positions: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_left(positions, offset)


def with_lines(document: Document, sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The sentences with their lines in the file, for a text, Markdown or LaTeX document that is still there."""
    if document.kind not in LINE_KINDS:
        return tuple(sentences)
    try:
        raw = Path(document.path).read_bytes().decode("utf-8", errors="replace")
    except OSError:  # re-screening stored text, or the file moved: no lines
        return tuple(sentences)
    index = LineIndex(raw)
    return tuple(dataclasses.replace(s, line=index.line_of(s.text)) for s in sentences)
