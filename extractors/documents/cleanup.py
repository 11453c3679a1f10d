"""Whitespace and character clean-up shared by every document extractor.

The output convention, which the sentence splitter relies on:

- paragraphs are separated by one blank line;
- inside a paragraph, a single line break is kept only where the line break means something: the
  next line starts a list item, or the previous line ends a sentence and the next one starts
  with a capital or a digit; every other wrapped line is joined with a space;
- a word broken at a line end ("ampli-" / "fier") is joined again ("amplifier");
- runs of spaces become one space; NUL and other control characters are removed; typographic
  ligatures and odd spaces become plain letters and spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# C0/C1 control characters except tab and line feed (handled separately), zero-width
# characters and the byte-order mark: none of them carries text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r" {2,}")
# A list item: a bullet, "-"/"*"/"+", "a." / "1." / "ii." / "1.2", "(a)", "a)", "1)".
_LIST_ITEM = re.compile(
    r"^(?:[\u2022\u2023\u25aa\u25cf\u25e6\u2013\u2014\u2043\u2219\u00b7*+-]\s"
    r"|(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxl]{1,5})[.)]\s"
    r"|\((?:\d{1,3}|[a-z]|[ivxl]{1,5})\)\s)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;]['\")\u201d\u2019]?$")
_MAX_LINE = 2000
_STARTS_CAPITAL = re.compile(r"^['\"(\u201c\u2018]?[A-Z\u00c0-\u00de0-9]")
# A word broken at the line end: a letter, then a hyphen (ASCII or U+2010) closing the line.
_BROKEN_WORD = re.compile(r"(\S*)([^\W\d_])[-\u2010]")


def clean_text(raw: str) -> str:
    """Normalise extracted text into paragraphs and meaningful lines.

    Args:
        raw: Text as an extractor got it (PDF text boxes, DOCX paragraphs, decoded files).

    Returns:
        The cleaned text, following the convention in the module docstring; ``""`` when
        nothing but whitespace remains. Idempotent: ``clean_text(clean_text(x)) == clean_text(x)``.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")
    text = _CONTROL.sub("", text).translate(_LIGATURES)
    text = _ODD_SPACES.sub(" ", text)
    paragraphs = (_join_lines(block.split("\n")) for block in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def _join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one paragraph (see the module docstring for the rules)."""
    parts: list[str] = []  # lines and separators; joined once at the end (linear time)
    for raw_line in lines:
        line = _SPACES.sub(" ", raw_line).strip()
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        last = parts[-1]
        if (
            last.endswith(("-", "\u2010"))
            and not last.endswith((" -", " \u2010"))
            and len(last) < _MAX_LINE  # no endless merging of hostile "a-" lines
        ):
            parts[-1] = _dehyphenate(last, line)
        elif _LIST_ITEM.match(line) or (
            _SENTENCE_END.search(last) and _STARTS_CAPITAL.match(line)
        ):
            parts += ["\n", line]
        else:
            parts += [" ", line]
    return "".join(parts)


def _dehyphenate(before: str, line: str) -> str:
    """Join ``line`` to ``before`` (the previous line), which ends with a hyphen.

    The hyphen is dropped when a lower-case word was split ("ampli-" + "fier"), and kept
    when the next line starts with a capital or digit ("Norwegian-" + "American") or the
    broken word is already a compound ("state-of-the-" + "art").
    """
    last_word = before[-200:].rsplit(maxsplit=1)[-1]
    match = _BROKEN_WORD.fullmatch(last_word)
    compound = match is not None and ("-" in match.group(1) or "\u2010" in match.group(1))
    if match and not compound and match.group(2).islower() and line[0].islower():
        return before[:-1] + line
    return before + line


def sub_closed(
    pattern: re.Pattern[str], closer: str, repl: str | Callable[[re.Match[str]], str], text: str
) -> str:
    """``pattern.sub(repl, text)`` for a lazy ``open .*? closer`` pattern, in linear time.

    An opener with no ``closer`` after it makes a lazy pattern scan to the end of the text,
    once per opener: quadratic on hostile input. Past the last ``closer`` no match can end,
    so that tail is never searched.
    """
    end = text.rfind(closer)
    if end < 0:
        return text
    end += len(closer)
    return pattern.sub(repl, text[:end]) + text[end:]


# Where a long block may be cut, best first: a line end, a sentence end, any space.
_CUTS = (re.compile(r"\n"), re.compile(r"[.!?;:]['\")\u201d\u2019]?\s"), re.compile(r"\s"))


def split_long(block: str, size: int) -> list[str]:
    """Cut a block into pieces of at most ``size`` characters, at a line, sentence or word end.

    A cut falls in the second half of each piece when the block allows it (else the piece is
    cut mid-word at ``size``). Linear in the block: each piece is searched once.

    Args:
        block: The text (a paragraph; a data dump without blank lines).
        size: The longest piece; at least 2.

    Returns:
        The pieces, which joined give ``block`` back; ``[block]`` when it is short enough.
    """
    pieces: list[str] = []
    start = 0
    while len(block) - start > size:
        cut = size
        for boundary in _CUTS:
            last = None
            for last in boundary.finditer(block, start + size // 2, start + size):  # noqa: B007
                pass
            if last is not None:
                cut = last.end() - start
                break
        pieces.append(block[start : start + cut])
        start += cut
    pieces.append(block[start:])
    return pieces
