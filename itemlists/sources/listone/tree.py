"""Building the List I provision tree from PDF lines, one line at a time.

Each line is an entry heading ("ML8" + title), the start of a note ("Note", "Note 2",
"Technical Notes", "N.B.1:", "Nota"), a labelled item ("a.", "12.") or the continuation of
whatever came before. Notes carry their own lettered and numbered lists; a label goes to the
open note's list or to the items by sequence first and indentation second (see
``itemlists.sources.listone.labels``). Which provision a note belongs to is settled
afterwards (``itemlists.sources.listone.notes``), when its whole text is known.

``TreeBuilder`` reads List I; the List II importer (``itemlists.sources.listtwo_pdf``)
subclasses it and overrides the hooks ``feed`` calls: ``_skipped``, ``_opens_entry``,
``_ends``, ``_is_note`` and ``_label``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from itemlists.sources.listone.labels import (
    X_TOLERANCE,
    Candidate,
    Level,
    best,
    candidates,
    kind_of,
    prefer_note,
    split_label,
)
from itemlists.sources.pdf_lines import Line

_HEAD_CODE_RE = re.compile(r"ML(\d{1,2})")
_HEAD_LINE_RE = re.compile(r"ML(\d{1,2})\s+(?=[\"'A-Z])")
NOTE_RE = re.compile(r"^(?:Technical\s+Notes?|Notes?|Nota|N\.\s?B\.)(?:\s*\d{1,2}\b)?\s*[.:]?(?=\s|$)")
_NOTE_REFERENCE_RE = re.compile(r"^Notes?\s*\d+\.[a-z]")
#: Lines in capitals with three or more words end the entries (e.g. the definitions annex).
_SECTION_RE = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ ,\-]{10,}$")

Part = tuple[str, bool]


@dataclass(slots=True)
class Draft:
    """A provision being built: its code, place, and text lines (label removed)."""

    code: str
    entry: str
    parent: str | None
    depth: int
    page: int
    parts: list[Part] = field(default_factory=list)


@dataclass(slots=True)
class NoteDraft:
    """A note being built, with its own label stack and who it would belong to by position.

    Attributes:
        entry: Entry code it appears in.
        page: Page of its first line.
        x: Indentation of its first line.
        follows: Code of the provision it follows by position and indentation.
        after: The note it continues (a more indented note right after another), if any.
        parts: Its text lines, labels kept ("a. Firearms ...").
        levels: Its own open list levels.
    """

    entry: str
    page: int
    x: float
    follows: str
    after: NoteDraft | None
    parts: list[Part] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)


@dataclass(slots=True)
class TreeBuilder:
    """Feeds lines in reading order; collects drafts, notes and problems."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    notes: list[NoteDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped_front: int = 0
    ended_at: Line | None = None
    _number: int = 0
    _items: list[Level] = field(default_factory=list)
    _note: NoteDraft | None = None
    _previous_note: NoteDraft | None = None
    _sink: list[Part] | None = None

    def feed(self, line: Line) -> None:
        """Take the next line of the document."""
        if self.ended_at is not None or self._skipped(line) or self._opens_entry(line):
            return
        if not self.entry:
            self.skipped_front += 1
        elif self._ends(line):
            self._close_note()
            self.ended_at = line
        elif self._is_note(line):
            self._start_note(line)
        elif (split := split_label(line.text)) is not None:
            self._label(line, *split)
        elif self._sink is not None:
            self._sink.append((line.text, line.soft_break))

    def finish(self) -> None:
        """Close what is open at the end of the document."""
        self._close_note()

    @property
    def entry(self) -> str:
        """Code of the current entry ("" before the first heading)."""
        return f"ML{self._number}" if self._number else ""

    def _skipped(self, line: Line) -> bool:
        """Lines to pass over as if absent (none in List I)."""
        return False

    def _opens_entry(self, line: Line) -> bool:
        """Start a new entry when ``line`` is its heading; say whether it was."""
        number = self._heading_number(line)
        if number is None:
            return False
        self._start_entry(number, line)
        return True

    def _ends(self, line: Line) -> bool:
        """A line in capitals ends the entries (e.g. the definitions annex)."""
        return bool(_SECTION_RE.match(line.text))

    def _is_note(self, line: Line) -> bool:
        """The line starts a note ("Note 2", "N.B."), not a reference to one ("Note 2.a ...")."""
        return bool(NOTE_RE.match(line.text)) and not _NOTE_REFERENCE_RE.match(line.text)

    def _label(self, line: Line, label: str, rest: str) -> None:
        """Place a labelled line ("b. Smooth-bore weapons") in a note's list or the items."""
        self._place_label(line, label, rest)

    def _heading_number(self, line: Line) -> int | None:
        whole = _HEAD_CODE_RE.fullmatch(line.head)
        if whole is not None and int(whole.group(1)) > self._number:
            return int(whole.group(1))
        start = _HEAD_LINE_RE.match(line.text)
        if start is not None and int(start.group(1)) == self._number + 1:
            return int(start.group(1))
        if whole is not None:
            self.problems.append(
                f"page {line.page}: heading {line.head!r} after ML{self._number} is out of order; read as text"
            )
        return None

    def _start_entry(self, number: int, line: Line) -> None:
        self._close_note()
        self._previous_note = None
        self._number = number
        self._items = []
        match = _HEAD_CODE_RE.match(line.text)
        title = line.text[match.end() :].strip() if match else line.text
        draft = Draft(self.entry, self.entry, None, 0, line.page, [(title, line.soft_break)])
        self.drafts[draft.code] = draft
        self._sink = draft.parts

    def _start_note(self, line: Line) -> None:
        note = self._note
        if note is not None and note.levels and line.x > note.levels[-1].x + X_TOLERANCE:
            note.parts.append((line.text, line.soft_break))  # an N.B. inside the note's list
            return
        self._close_note()
        previous = self._previous_note
        after = previous if previous and line.x > previous.x + X_TOLERANCE else None
        note = NoteDraft(self.entry, line.page, line.x, self._follows(line.x), after)
        note.parts.append((line.text, line.soft_break))
        self.notes.append(note)
        self._note = note
        self._sink = note.parts

    def _follows(self, x: float) -> str:
        for level in reversed(self._items):
            if level.x < x - X_TOLERANCE:
                return level.code
        return self.entry

    def _close_note(self) -> None:
        if self._note is not None:
            self._previous_note = self._note
            self._note = None

    def _place_label(self, line: Line, label: str, rest: str) -> None:
        item = best(candidates(self._items, label, line.x, ("a",), None))
        note = self._note
        if note is not None:
            in_note = best(candidates(note.levels, label, line.x, ("a", "1"), note.x))
            indented = line.x > note.x + X_TOLERANCE
            if in_note is not None and (
                item is None or prefer_note(item, in_note, bool(note.levels), indented)
            ):
                self._note_label(note, line, label, in_note)
                return
        if item is not None:
            self._item_label(line, label, rest, item)
            return
        self.problems.append(
            f"page {line.page}: label {label!r} fits nowhere after {self._where()}; "
            f"kept as text: {line.text[:60]!r}"
        )
        if self._sink is not None:
            self._sink.append((line.text, line.soft_break))

    @staticmethod
    def _note_label(note: NoteDraft, line: Line, label: str, place: Candidate) -> None:
        column = _column(note.levels, place, line.x)
        del note.levels[place.level :]
        note.levels.append(Level(kind_of(label), label, column))
        note.parts.append((line.text, line.soft_break))

    def _item_label(self, line: Line, label: str, rest: str, place: Candidate) -> None:
        self._close_note()
        self._previous_note = None
        if place.gap:
            self.problems.append(f"page {line.page}: label {label!r} skips labels after {self._where()}")
        column = _column(self._items, place, line.x)
        del self._items[place.level :]
        parent = self._items[-1].code if self._items else self.entry
        code = f"{parent}.{label}"
        self._items.append(Level(kind_of(label), label, column, code))
        draft = self.drafts.get(code)
        if draft is not None:
            self.problems.append(f"page {line.page}: duplicate code {code!r}; text merged")
        else:
            draft = Draft(code, self.entry, parent, place.level + 1, line.page)
            self.drafts[code] = draft
        draft.parts.append((rest, line.soft_break))
        self._sink = draft.parts

    def _where(self) -> str:
        return self._items[-1].code if self._items else self.entry


def _column(levels: list[Level], place: Candidate, x: float) -> float:
    """Indentation a level keeps: its first label's, so one misplaced label does not move it."""
    return levels[place.level].x if place.level < len(levels) else x
