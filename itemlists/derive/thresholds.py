"""Numeric conditions in provision text: "output power exceeding 1 kW" -> (">", 1000.0, "W").

Each provision's own text (not its notes: a Note's "does not control ... 50 W or less" is an
exclusion, not a condition of the entry) is read with the document-side quantity extractor
in threshold context, so both sides share units: values are in the base unit of their
dimension (W, m, Hz, K, s, J, Pa, kg, ...), ratios as fractions with unit "" ("18 %" is
0.18), and counts in their noun: "34 or more, but fewer than 100, ... 'physical qubits'"
gives two thresholds on the quantity "physical qubits" with unit "qubit", the unit a paper's
"53 qubits" also gets (see ``extractors.analysis.units.COUNT_NOUNS``).

Rules:
* A quantity with a comparator is a threshold; the measured quantity is the noun phrase
  before the comparator ("Output wavelength of 150 nm or more" -> "output wavelength").
  A second bound joined by "but"/"and" ("... but not exceeding 510 nm") inherits it.
* A range with no comparator ("in the range of 373 K to 473 K", "10 to 100 nm") is a
  condition too: ">=" its lower end and "<=" its upper end; a range the item must cover
  ("over the entire ambient temperature range from 218 K to 398 K") is the reverse: "<="
  its lower end and ">=" its upper end.
* A parenthesised equivalent ("1 W (30 dBm)", "50 × 10-6 m (50 μm) or less") is dropped,
  passing its comparator to the quantity it restates.
* A bare number with a comparator takes the counted noun that follows it in the clause
  ("34 or more ... 'physical qubits'"); without one it is a pure number ("C-NOT error of
  less than or equal to 10-4" -> "<=" 1e-4, unit "").
* Flattened superscripts are exponents: "2 × 108 Hz" is 2e8 Hz, "10-4" is 1e-4.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from extractors.analysis.quantities import COMPARATOR_AFTER, COMPARATOR_BEFORE, find_quantities
from extractors.analysis.units import COUNT_NOUNS, canonical_unit
from extractors.types import Quantity
from itemlists.types import THRESHOLD_SCHEMA, Threshold

_COUNTED = re.compile(
    r"['’‘\"]?(?P<noun>" + "|".join(re.escape(n) for n in sorted(COUNT_NOUNS, key=len, reverse=True)) + r")\b['’‘\"]?",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;:]")
_RANGE_GAP = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:to|and|[-–—])\s*", re.IGNORECASE)
_PARENTHESIS_OPEN = re.compile(r"\s*\(\s*$")
_LEADING_BRACKET = re.compile(r"\s*\)?\s*\([^()]*\)|\s*\)")
_IN_RANGE = re.compile(r"\s*(?:(?:with)?in\s+(?:the|a)\s+range\s+(?:of\s*)?)?(?:zero\s+to\s*)?$", re.IGNORECASE)
_FROM_ZERO = re.compile(r"\bzero\s+to\s*$", re.IGNORECASE)
_QUOTES = re.compile(r"[\"“”‘’]|(?<![A-Za-z])'|'(?![A-Za-z])")
_BRACKETED = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[\w][\w.\-/•]*")

#: Words that end a measured-quantity phrase when reading backwards from the comparator.
_STOP = frozenset(
    """a an the of with having and or but for in at by to from on which that is are be being
    any all following than as its their has have specified designed capable when where while
    not no more less both each either rated measured giving providing limited defined over
    under within into between up equal same following whose one two three four nor if""".split()
)
#: "-ing" words that are nouns in quantity names ("pixel spacing"), not verbs.
_ING_NOUNS = frozenset(
    "spacing timing coating bearing sampling switching settling scanning bending heating "
    "cooling loading shielding rating tuning pointing bandwidth".split()
)
_MAX_NAME_WORDS = 5
_NEXT_WORD = re.compile(r"\s*([^\W\d]\w*)")
#: Words that may follow a unit-less bound ("Mach 1,2 or more", "Q-values exceeding 10000 at").
_CLAUSE_WORDS = frozenset(
    "and or but at in on for with when measured over per times of to from within during while as than if where".split()
)

#: Fallback quantity names by unit, when the text names none ("b. Exceeding 10 kg").
_DIMENSION_NAMES = {
    "W": "power",
    "m": "length",
    "Hz": "frequency",
    "K": "temperature",
    "s": "time",
    "J": "energy",
    "Pa": "pressure",
    "kg": "mass",
    "m/s": "speed",
    "rad": "angle",
    "V": "voltage",
    "A": "current",
    "T": "magnetic flux density",
    "": "ratio",
}


def parse_thresholds(code: str, text: str) -> list[Threshold]:
    """Parse the numeric conditions of one provision's text.

    Args:
        code: The provision's dotted code ("6A005.a.2").
        text: The provision's own text, without notes.

    Returns:
        One Threshold per bound, in text order; a range gives two.
    """
    thresholds: list[Threshold] = []
    previous_end = 0
    previous: Threshold | None = None
    for quantity, comparator, range_end in _bounded(_quantities(text), text):
        if _OTHER_THAN.search(text, max(0, _begin(text, quantity) - 40), _begin(text, quantity)):
            continue  # "operating at frequencies other than 4,2 to 4,4 GHz": an exception, no condition
        end = _end(text, quantity)
        start, name = _measured(text, previous_end, quantity)
        value, unit = _value_unit(quantity)
        if quantity.unit == "":
            counted = _counted_noun(text, end)
            if counted is not None:
                name, unit = counted
            elif not _is_pure_number(text, quantity):
                continue
        if previous is not None and previous.unit == unit and (range_end or not name):
            name = previous.quantity
            start = start if not range_end else text.find(previous.text, 0)
        name = name or _DIMENSION_NAMES.get(unit, "")
        clause = text[start:end].strip(" ,;:")
        previous = Threshold(code, name, comparator, value, unit, clause)
        thresholds.append(previous)
        previous_end = end
    return thresholds


#: A range or bound that an item must stay out of, not reach ("other than 4,2 to 4,4 GHz").
_OTHER_THAN = re.compile(r"\bother\s+than\s+(?:[\d.,\s]+(?:to|and|-|–)\s*)?$", re.IGNORECASE)


def _quantities(text: str) -> list[Quantity]:
    return find_quantities(text, decimal_comma=True, threshold_context=True)


#: "Rated for operation over the entire ambient temperature range from 218 K to 398 K": the
#: item's own range must reach both ends, so the lower end is an upper bound on its lowest
#: value and the upper end a lower bound on its highest (a part rated -40 to 85 °C fails).
_COVERS = re.compile(r"\b(?:entire|whole|full)\b[^;:]{0,60}\brange\b[^;:]{0,20}$", re.IGNORECASE)


def _bounded(quantities: list[Quantity], text: str) -> list[tuple[Quantity, str, bool]]:
    """Quantities that bound something: (quantity, comparator, is the upper end of a range).

    Parenthesised restatements are dropped (their comparator passes to the quantity they
    restate); an unbounded pair joined as a range becomes ">=" and "<=".
    """
    kept: list[list[Any]] = []
    for q in quantities:
        last = kept[-1] if kept else None
        if last is not None and _restates(text, last[0], q):
            if last[1] == "=":
                last[1] = q.comparator
            continue
        from_zero = q.comparator == "=" and _FROM_ZERO.search(text, 0, _begin(text, q))
        kept.append([q, "<=" if from_zero else q.comparator, False])
    for first, second in zip(kept, kept[1:], strict=False):
        if first[1] == "=" and second[1] in ("=", "<", "<=") and _is_range(text, first[0], second[0]):
            covers = _COVERS.search(text, 0, _begin(text, first[0])) is not None
            first[1] = "<=" if covers else ">="
            second[1] = ">=" if covers else ("<=" if second[1] == "=" else second[1])
            second[2] = True
    return [(q, c, r) for q, c, r in kept if c != "="]


def _restates(text: str, before: Quantity, q: Quantity) -> bool:
    """True when ``q`` sits in parentheses right after ``before`` ("1 W (30 dBm)")."""
    gap = text[_end(text, before, with_after=False) : q.start]
    return _PARENTHESIS_OPEN.fullmatch(gap) is not None and q.text != before.text


def _is_range(text: str, low: Quantity, high: Quantity) -> bool:
    """Two "=" quantities of one unit joined by "to", "and" or a dash (or one range match)."""
    if low.si_unit != high.si_unit:
        return False
    if low.text == high.text:
        return True
    gap = text[_end(text, low, with_after=False) : high.start]
    return _RANGE_GAP.fullmatch(gap) is not None


def _begin(text: str, q: Quantity) -> int:
    """Where a quantity's match starts (a range's upper end shares its range's text)."""
    begin = text.rfind(q.text, 0, q.start + len(q.text))
    return begin if begin >= 0 else q.start


def _end(text: str, q: Quantity, *, with_after: bool = True) -> int:
    """Where a quantity's match ends in the text (after "or more" when ``with_after``)."""
    end = _begin(text, q) + len(q.text)
    after = COMPARATOR_AFTER.match(text, end) if with_after else None
    return after.end() if after else end


def _measured(text: str, previous_end: int, q: Quantity) -> tuple[int, str]:
    """Start of the clause and the measured quantity named before the comparator."""
    ends = [m.end() for m in _CLAUSE_END.finditer(text, previous_end, q.start)]
    segment_start = ends[-1] if ends else previous_end
    number_start = _begin(text, q)
    skipped = _LEADING_BRACKET.match(text, segment_start, number_start)
    segment_start = skipped.end() if skipped else segment_start
    comparator = COMPARATOR_BEFORE.search(text, segment_start, number_start)
    name_end = comparator.start() if comparator else number_start
    segment = _IN_RANGE.sub("", text[segment_start:name_end])
    name, offset = _noun_phrase(segment)
    start = segment_start + offset
    return (start - 1 if start > 0 and text[start - 1] in "\"'‘“" else start), name


def _noun_phrase(segment: str) -> tuple[str, int]:
    """The last noun phrase of a segment, lower case and unquoted, and its offset in it."""
    cleaned = _QUOTES.sub(" ", _BRACKETED.sub(lambda m: " " * len(m[0]), segment))
    words = list(_WORD.finditer(cleaned, cleaned.rfind(",") + 1))
    while words and words[-1][0].lower() in _STOP:
        words.pop()
    picked: list[re.Match[str]] = []
    for word in reversed(words):
        lower = word[0].lower()
        if lower == "per" and picked:
            picked.append(word)
            continue
        if lower in _STOP or _is_verb(lower) or len(picked) >= _MAX_NAME_WORDS:
            break
        picked.append(word)
    if not picked:
        return "", len(segment) - len(segment.lstrip(" ,"))
    picked.reverse()
    return " ".join(w[0].lower() for w in picked), picked[0].start()


def _is_verb(word: str) -> bool:
    return (word.endswith("ing") and word not in _ING_NOUNS) or word.isdigit()


def _counted_noun(text: str, end: int) -> tuple[str, str] | None:
    """The counted noun after a bare number in the same clause ("... 'physical qubits'")."""
    stop = _CLAUSE_END.search(text, end)
    match = _COUNTED.search(text, end, stop.start() if stop else len(text))
    if match is None:
        return None
    noun = match["noun"]
    return noun.lower(), canonical_unit(noun) or noun.lower()


def _is_pure_number(text: str, q: Quantity) -> bool:
    """A unit-less bound that really has no unit: not "(1,7 + L/1000) µm", not "130 micro g"."""
    if text[: _begin(text, q)].rstrip().endswith("("):
        return False
    following = _NEXT_WORD.match(text, _end(text, q, with_after=False))
    return following is None or following[1].lower() in _CLAUSE_WORDS


def _value_unit(q: Quantity) -> tuple[float, str]:
    """The bound in the base unit of its dimension, or the count for counted nouns."""
    return (q.si_value if q.si_value is not None else q.value), q.si_unit


def thresholds_frame(provisions: pl.DataFrame) -> pl.DataFrame:
    """All thresholds of a provisions frame, one row per bound, in provision order.

    Columns are ``itemlists.types.THRESHOLD_SCHEMA``: code, quantity, comparator, value,
    unit, text.

    Args:
        provisions: A frame with at least the columns ``code`` and ``text``.
    """
    rows = [
        (t.code, t.quantity, t.comparator, t.value, t.unit, t.text)
        for code, text in provisions.select("code", "text").iter_rows()
        for t in parse_thresholds(code, text or "")
    ]
    return pl.DataFrame(rows, schema=THRESHOLD_SCHEMA, orient="row")


def coverage_report(provisions: pl.DataFrame) -> dict[str, Any]:
    """How much of the numeric content of a list the parser turns into thresholds.

    Returns:
        ``provisions`` (rows), ``with_numbers`` (provisions whose text has a number with a
        unit), ``parsed`` (of those, provisions with at least one threshold), ``thresholds``
        (total bounds) and ``unparsed`` (codes of provisions with numbers but no threshold).
    """
    with_numbers: list[str] = []
    parsed: set[str] = set()
    total = 0
    for code, text in provisions.select("code", "text").iter_rows():
        found = find_quantities(text or "", decimal_comma=True)
        if not any(q.unit for q in found):
            continue
        with_numbers.append(code)
        count = len(parse_thresholds(code, text or ""))
        total += count
        if count:
            parsed.add(code)
    return {
        "provisions": provisions.height,
        "with_numbers": len(with_numbers),
        "parsed": len(parsed),
        "thresholds": total,
        "unparsed": [c for c in with_numbers if c not in parsed],
    }
