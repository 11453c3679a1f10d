"""Item labels of the EU style ("a.", "12.", "aa.") and where a new label can go.

Items nest by alternating kind: lettered under the entry, numbered under a letter, lettered
again under a number (``ML8.a.1.a``). A stack of open levels describes where the text is; a
new label either opens a child level (only a first label: "a" under a number, "1" under a
letter) or continues one open level with that level's successor ("c" after "b"). When
several levels could take it, indentation decides: a sibling sits at its level's x, a child
further right. Pure functions, so the rules are testable on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Points of slack when comparing indentations: two-digit labels ("10.") start about 5 pt
#: left of one-digit ones, while a nested level is indented at least 10 pt further.
X_TOLERANCE = 6.0
LETTER, NUMBER = "letter", "number"
#: A label at the start of a line: "a.", "12.", "aa." followed by space or the line end.
LABEL_RE = re.compile(r"^(?P<label>[a-z]|(?P<double>[a-z])(?P=double)|\d{1,3})\.(?:\s+|$)")


@dataclass(frozen=True, slots=True)
class Level:
    """One open level of a label stack.

    Attributes:
        kind: ``LETTER`` or ``NUMBER``.
        label: The last label placed on this level.
        x: Indentation of the level (its first label's).
        code: Dotted code of the provision it opened (empty inside notes).
    """

    kind: str
    label: str
    x: float
    code: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a label could go: level index ``level`` (``len(stack)`` = a new child level).

    Attributes:
        level: Index in the stack the label would occupy.
        consistent: The label's indentation agrees with that place.
        distance: How far its indentation is from the level's (0 for a consistent child).
        gap: The label skips labels (e.g. "e" after "c"); only offered when nothing fits.
    """

    level: int
    consistent: bool
    distance: float
    gap: bool = False


def split_label(text: str) -> tuple[str, str] | None:
    """Split ``"b. Smooth-bore weapons"`` into ``("b", "Smooth-bore weapons")``, else None."""
    match = LABEL_RE.match(text)
    if match is None:
        return None
    return match.group("label"), text[match.end() :].strip()


def kind_of(label: str) -> str:
    """``NUMBER`` for "12", ``LETTER`` for "b" or "aa"."""
    return NUMBER if label.isdigit() else LETTER


def order_of(label: str) -> int:
    """Position in its sequence: "a" -> 1, "z" -> 26, "aa" -> 27, "3" -> 3."""
    if label.isdigit():
        return int(label)
    return ord(label[0]) - 96 + 26 * (len(label) - 1)


def successor(label: str) -> str:
    """The label that follows: "b" -> "c", "z" -> "aa", "aa" -> "bb", "9" -> "10"."""
    if label.isdigit():
        return str(int(label) + 1)
    if label[0] == "z":
        return "a" * (len(label) + 1)
    return chr(ord(label[0]) + 1) * len(label)


def first_child(kind: str) -> str:
    """The label that opens a level below a level of ``kind``."""
    return "1" if kind == LETTER else "a"


def candidates(
    stack: Sequence[Level], label: str, x: float, firsts: tuple[str, ...], base_x: float | None
) -> list[Candidate]:
    """Every place in ``stack`` where ``label`` fits by sequence, gap places only if none.

    Args:
        stack: Open levels, outermost first.
        label: The new label.
        x: Its indentation.
        firsts: Labels that may open the outermost level (``("a",)`` for items).
        base_x: Indentation the outermost level must not be left of (None: any).
    """
    found = [c for c in (_child(stack, label, x, firsts, base_x),) if c is not None]
    for index, level in enumerate(stack):
        if level.kind == kind_of(label) and label == successor(level.label):
            distance = abs(x - level.x)
            found.append(Candidate(index, distance <= X_TOLERANCE, distance))
    if found:
        return found
    return [
        Candidate(index, abs(x - level.x) <= X_TOLERANCE, abs(x - level.x), gap=True)
        for index, level in enumerate(stack)
        if level.kind == kind_of(label) and order_of(label) > order_of(level.label)
    ]


def _child(
    stack: Sequence[Level], label: str, x: float, firsts: tuple[str, ...], base_x: float | None
) -> Candidate | None:
    if not stack:
        if label not in firsts:
            return None
        consistent = base_x is None or x >= base_x - X_TOLERANCE
        return Candidate(0, consistent, 0.0 if consistent else 10 * X_TOLERANCE)
    if label != first_child(stack[-1].kind):
        return None
    consistent = x > stack[-1].x + X_TOLERANCE
    return Candidate(len(stack), consistent, 0.0 if consistent else 10 * X_TOLERANCE)


def best(found: Sequence[Candidate]) -> Candidate | None:
    """The most plausible place: indentation-consistent first, then nearest, then deepest."""
    if not found:
        return None
    return min(found, key=lambda c: (not c.consistent, c.distance, -c.level))


def prefer_note(item: Candidate, note: Candidate, note_started: bool, indented: bool) -> bool:
    """Whether a label that fits both the open note's list and the items goes to the note.

    Args:
        item: Best place among the items.
        note: Best place in the note's own list.
        note_started: The note already has list labels (continuity keeps it in the note).
        indented: The label is indented right of the note's first line.
    """
    if note.consistent != item.consistent:
        return note.consistent
    return note_started or indented
