"""Joining a provision's lines into one text, and giving each note its provision.

A note belongs to the provision it names at its start ("Note ML1.a. does not apply ...",
"Note 2 For the purposes of ML10.a. ...") when that provision exists in the same entry; a
cross-reference ("N.B. For disruptors, see ML4.") names nothing. Otherwise a note that is
indented under the note before it shares that note's provision, and any other note belongs
to the provision it follows (by indentation, see ``TreeBuilder``). The List II importer
uses the same rule with its own code pattern (``itemlists.sources.listtwo_pdf.named_code``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from itemlists.sources.listone.tree import Draft, NoteDraft, Part
from itemlists.sources.pdf_lines import Line

_CODE_RE = re.compile(r"\bML\.?\s?(\d{1,2})((?:\.(?:[a-z]{1,2}|\d{1,3}))*)\.?(?![a-z0-9])")
_MARKER_RE = re.compile(r"^(?:Technical\s+Notes?|Notes?|Nota|N\.\s?B\.)(?:\s*\d{1,2}\b)?[.:]?")
#: Words before a code that make it a cross-reference, not the note's subject.
_REFERENCE_RE = re.compile(r"\b(?:see|entry|also)\W*$", re.IGNORECASE)
#: How many characters of a note's start are searched for the code it names.
NAMING_SPAN = 110
_WORD_RE = re.compile(r"^[\"'(\[]*([A-Za-z]+)[\"'),.;:\]]*$")
_TAIL_RE = re.compile(r"([A-Za-z]+)$")


def vocabulary(lines: Iterable[Line]) -> frozenset[str]:
    """Lower-cased whole words of the text, leaving out the words cut at soft line breaks."""
    words: set[str] = set()
    for line in lines:
        tokens = line.text.split()
        if line.soft_break and tokens:
            tokens = tokens[:-1]
        words.update(m.group(1).lower() for t in tokens if (m := _WORD_RE.match(t)))
    return frozenset(words)


def join_parts(parts: Iterable[Part], words: frozenset[str]) -> str:
    """Join text lines into one text, gluing words the PDF cut with an invisible hyphen.

    A line ending in a soft break is glued to a next line that starts in lower case when
    its last fragment is not a word found elsewhere in the document ("simu" + "lating"),
    and a number cut after a hyphen ("94-" + "75-7") is glued too.
    """
    text = ""
    glue = False
    for piece, soft_break in parts:
        if not piece:
            continue
        if not text:
            text = piece
        elif (glue and piece[:1].islower()) or (text.endswith("-") and text[-2:-1].isdigit()):
            text += piece
        else:
            text = f"{text} {piece}"
        tail = _TAIL_RE.search(piece)
        glue = soft_break and tail is not None and tail.group(1).lower() not in words
    return text.strip()


def named_code(
    text: str,
    entry: str,
    codes: set[str] | dict[str, Draft],
    *,
    code_re: re.Pattern[str] = _CODE_RE,
    reference_re: re.Pattern[str] = _REFERENCE_RE,
    prefix: str = "ML",
) -> str | None:
    """The provision of ``entry`` a note names at its start, if it exists.

    Args:
        text: The note's text, starting with its marker ("Note 2 ML10.d. does not ...").
        entry: The entry the note appears in; names of other entries are references.
        codes: Existing provision codes.
        code_re: A code in the text: group 1 the entry (without ``prefix``), group 2 the
            dotted labels after it (List I's "ML10.d." by default).
        reference_re: Words just before a code that make it a cross-reference.
        prefix: Put before group 1 to give the entry code ("ML" + "10").

    Returns:
        The longest existing code named, or None when the note names nothing of ``entry``.
    """
    marker = _MARKER_RE.match(text)
    start = text[marker.end() if marker else 0 :][:NAMING_SPAN]
    for match in code_re.finditer(start):
        if f"{prefix}{match.group(1)}" != entry or reference_re.search(start[: match.start()]):
            continue
        segments = [s for s in match.group(2).split(".") if s]
        for size in range(len(segments), -1, -1):
            code = ".".join([entry, *segments[:size]])
            if code in codes:
                return code
    return None


def owners(
    notes: list[NoteDraft],
    drafts: dict[str, Draft],
    words: frozenset[str],
    namer: Callable[[str, str, dict[str, Draft]], str | None] | None = None,
) -> dict[str, list[str]]:
    """Note texts per owning provision code, each list in document order.

    Args:
        notes: Notes in document order.
        drafts: Provisions by code.
        words: Document vocabulary for joining lines.
        namer: Finds the provision a note names at its start (``named_code`` by default;
            the List II importer passes its dual-use version).

    Returns:
        ``{code: [note text, ...]}``; the owner rule is in the module docstring.
    """
    owner_of: dict[int, str] = {}
    result: dict[str, list[str]] = {}
    for note in notes:
        text = join_parts(note.parts, words)
        owner = (namer or named_code)(text, note.entry, drafts)
        if owner is None and note.after is not None:
            owner = owner_of.get(id(note.after))
        owner = owner or note.follows
        owner_of[id(note)] = owner
        result.setdefault(owner, []).append(text)
    return result
