"""Inclusion notes: the items a note adds to a provision ("Note: 2B352.b. fermenters include bioreactors").

Read once per list version by the term index (itemlists.derive.index), which indexes each listed
item's own name as kind "included". Only notes whose words before "includes" are a code or
a short subject extend an item.
"""

from __future__ import annotations

import re

import polars as pl

_INCLUDES = re.compile(r"\b(?:includes?|including|covers?)\b\s*:?", re.IGNORECASE)
_EXCLUDES = re.compile(r"\bdoes not (?:apply|control)|\bnot control|\bexcept\b|\bexclud", re.IGNORECASE)
#: Quotation marks around defined terms (apostrophes inside words stay).
QUOTE_MARKS = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")


_LIST_MARKER = re.compile(r"(?:^|(?<=[\s;:,]))(?:[a-z]|\d{1,2})\.\s+")


#: Where one listed item of an inclusion note ends and the next begins ("velocity
#: interferometers such as VISARs, DLIs and PDVs"); not at "and"/"or", which join words inside an item.
_LIST_SEPARATOR = re.compile(r";|,|\bsuch as\b|\balso known as\b|\bi\.e\.|\be\.g\.")
_PURPOSES_OF = re.compile(
    r"^\s*(?:\d{1,2}\.\s*)?(?:for the purposes? of\s+(?:\d[A-E]\d{3}|ML\s?\d{1,2})(?:\.[a-z0-9]{1,2})*\.?,?\s*)?",
    re.IGNORECASE,
)
_CODE_AT_END = re.compile(r"(?:\d[A-E]\d{3}|ML\s?\d{1,2})(?:\.[a-z0-9]{1,2})*\.?\s*$")


def _extends(subject: str) -> bool:
    """Whether the words before "includes" make the note extend an item.

    "Note: 1B226 includes ...", "Note: Integrated circuits include the following types ..."
    and "Filter canisters include filter cartridges" do; "The status of the MMIC whose rated
    operating frequency includes ..." or "the technique of interlacing includes knitting"
    only explain a word, and "1C101 does not include ..." excludes.
    """
    clause = re.split(r"[:;]|(?<=[a-z)\"'\u2019]{2})\.\s", subject)[-1]
    # "1. For the purposes of 2B352.b. fermenters include ...": the subject is "fermenters".
    clause = _PURPOSES_OF.sub("", clause)
    if _EXCLUDES.search(clause) or re.search(r"\bnot\b", clause):
        return False
    return bool(_CODE_AT_END.search(clause)) or len(clause.split()) <= 4


def included_items(provisions: pl.DataFrame) -> list[tuple[str, str]]:
    """(code, listed item text) for every item an inclusion note adds to a provision.

    Example: "Note ML11.a. includes: a. Electronic countermeasure ... ; g. Guidance and
    navigation equipment" gives one text per listed item, without list markers. Exclusion
    notes ("does not apply to ...") are left out: they name what is *not* covered.
    """
    items: list[tuple[str, str]] = []
    for code, notes in provisions.select("code", "notes").iter_rows():
        for note in notes or []:
            found = _INCLUDES.search(note)
            if found and _extends(note[: found.start()]):
                listed = _LIST_MARKER.sub("; ", QUOTE_MARKS.sub("", note[found.end() :]))
                items += [(code, part) for part in (p.strip(" ,.") for p in _LIST_SEPARATOR.split(listed)) if part]
    return items


#: "'Deformable mirrors' are also known as adaptive optic mirrors", ""quantum cryptography" is
#: also known as Quantum Key Distribution (QKD)", "Semiconductor "lasers" are commonly called
#: "laser" diodes": another name for the provision's item (or for what it performs).
_ALIAS = re.compile(
    r"\b(?:is|are)\s+(?:also\s+|commonly\s+)(?:known\s+as|called|referred\s+to\s+as)\s+(?P<alias>[^.;:]+)",
    re.IGNORECASE,
)


def alias_names(provisions: pl.DataFrame) -> list[tuple[str, str]]:
    """(code, other name) for every name a provision's notes say its item is also known by.

    >>> import polars as pl
    >>> alias_names(pl.DataFrame({"code": ["5A002.c"], "notes": [['Technical Note: "quantum cryptography" is '
    ...     'also known as Quantum Key Distribution (QKD).']]}))
    [('5A002.c', 'Quantum Key Distribution'), ('5A002.c', 'QKD')]
    """
    names: list[tuple[str, str]] = []
    for code, notes in provisions.select("code", "notes").iter_rows():
        for note in notes or []:
            for found in _ALIAS.finditer(QUOTE_MARKS.sub("", note)):
                alias = found.group("alias")
                parts = (p.strip() for p in re.split(r"\s+or\s+|,|\(|\)", alias))
                names += [(code, part) for part in parts if _is_item_name(part)]
    return names


#: Other names of quantities, not items ("'information bandwidth'", "probability of intercept").
_NOT_ITEMS = re.compile(
    r"(?i)^(?:the|whether|a|an)\b|\b(?:bandwidth|resolution|power|probability|intercept|capture|inputs?|outputs?"
    r"|overlay|die)\s*$"
)


def _is_item_name(text: str) -> bool:
    return len(text) > 1 and _NOT_ITEMS.search(text) is None
