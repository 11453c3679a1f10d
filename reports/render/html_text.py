"""Untrusted text in the HTML report: escaping, highlighting, and the table markup around it.

Every string that comes from a document or the lists goes through :func:`esc`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from reports.types import find_span

# Characters that cannot be written as UTF-8 (lone surrogates), C0/C1 controls HTML forbids, and
# bidirectional overrides that would make text display differently from what it is.
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def esc(text: object) -> str:
    """Escape for HTML text and attribute values; unsafe characters become U+FFFD (same length)."""
    return html.escape(_UNSAFE.sub("\ufffd", str(text)), quote=True)


def highlight(text: str, needles: Iterable[tuple[str, str]]) -> str:
    """Escape ``text`` and wrap the first occurrence of each needle in ``<mark class=...>``.

    Args:
        text: Untrusted text.
        needles: (words, css class) pairs; overlapping occurrences keep the earlier needle.
    """
    spans: list[tuple[int, int, str]] = []
    for words, css_class in needles:
        span = find_span(text, words)
        if span and all(span[1] <= a or span[0] >= b for a, b, _ in spans):
            spans.append((span[0], span[1], css_class))
    out, pos = [], 0
    for start, end, css_class in sorted(spans):
        out.append(esc(text[pos:start]))
        out.append(f'<mark class="{css_class}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def table(title: str, headers: str, rows: str) -> str:
    """A table under an ``<h3>`` title; ``headers`` is the ``<th>`` cells of its first row."""
    return f"<h3>{title}</h3><table><tr>{headers}</tr>{rows}</table>"
