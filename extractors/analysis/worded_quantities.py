"""Quantities written in words: counts and orders of magnitude.

"two transmon qubits" is 2 qubits; "tens of picoseconds" is at least 10 ps and below 100 ps.
extractors.analysis.quantities adds them to the numbers it finds.
"""

from __future__ import annotations

import re

from extractors.analysis.units import COUNT_NOUNS, canonical_unit, to_si
from extractors.types import Quantity


def worded_quantities(text: str, sentence: int, page: int | None) -> list[Quantity]:
    """The counts and orders of magnitude written in words in ``text``, in text order."""
    return sorted(_spelled_counts(text, sentence, page) + _magnitudes(text, sentence, page), key=lambda q: q.start)


#: An order of magnitude in words: "tens of picoseconds" is at least 10 ps and below 100 ps,
#: "hundreds of watts" at least 100 W and below 1000 W, and "sub-nanosecond" is below 1 ns.
#: Papers state a capability this way as often as with a number; read as bounds (">=" and "<"),
#: so that only a threshold both bounds settle is met. Counts ("tens of qubits") are left out.
_MAGNITUDE_WORDS = {"tens": 10.0, "hundreds": 100.0, "thousands": 1000.0, "titalls": 10.0, "hundrevis": 100.0,
                    "tusenvis": 1000.0}
_MAGNITUDE = re.compile(r"(?i)\b(?P<word>tens|hundreds|thousands|titalls|hundrevis|tusenvis)\s+(?:of|av)\s+"
                        r"(?P<unit>[a-zµ]+(?:\s?/\s?[a-zµ]+)?)\b")
_SUB_UNIT = re.compile(r"(?i)\bsub-?(?P<unit>(?:pico|nano|micro|milli|femto|atto)(?:second|metre|meter|watt|joule)"
                       r"|(?:nanosecond|micron|picosecond|femtosecond|millisecond|hertz|kelvin|degree))s?\b")


def _magnitudes(text: str, sentence: int, page: int | None) -> list[Quantity]:
    """"tens of picoseconds" -> >= 10 ps and < 100 ps; "sub-nanosecond" -> < 1 ns."""
    found = []
    for match in _MAGNITUDE.finditer(text):
        unit = canonical_unit(match["unit"])
        low = _MAGNITUDE_WORDS[match["word"].lower()]
        if unit is None or unit in COUNT_NOUNS.values():
            continue
        written = match.group(0)
        for value, comparator in ((low, ">="), (low * 10, "<")):
            si_value, si_unit = to_si(value, unit)
            found.append(Quantity(written, value, unit, si_value, si_unit, comparator, sentence, page, match.start()))
    for match in _SUB_UNIT.finditer(text):
        unit = canonical_unit(match["unit"].lower())
        if unit is None:
            continue
        si_value, si_unit = to_si(1.0, unit)
        found.append(Quantity(match.group(0), 1.0, unit, si_value, si_unit, "<", sentence, page, match.start()))
    return found


#: Numbers written as words, as papers write small counts ("two transmon qubits").
SPELLED_NUMBERS = {
    word: float(n)
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_SPELLED_COUNT = re.compile(
    r"(?i)\b(?P<n>" + "|".join(SPELLED_NUMBERS) + r")(?P<sep>[\s-]+)(?P<first>[a-z][a-z-]*)(?:\s+(?P<second>[a-z]+))?"
)


def _spelled_counts(text: str, sentence: int, page: int | None) -> list[Quantity]:
    """Counts written as words before a counted noun: "two transmon qubits" is 2 qubits.

    The noun is the next word or the one after it ("two transmon qubits"); only the counted
    nouns of extractors.analysis.units count ("two regimes" is no quantity). A number joined
    to its noun by a hyphen modifies another noun ("a two-qubit gate", "a three-axis gyro"):
    it counts what that thing acts on, not the device's own, so it is left out.
    """
    found = []
    for match in _SPELLED_COUNT.finditer(text):
        if "-" in match["sep"]:
            continue
        nouns = [w.lower() for w in (match["first"], match["second"]) if w]
        unit = next((COUNT_NOUNS[w] for w in nouns if w in COUNT_NOUNS), None)
        if unit is not None:
            end = match.end("first") if match["first"].lower() in COUNT_NOUNS else match.end("second")
            value = SPELLED_NUMBERS[match["n"].lower()]
            written = text[match.start() : end]
            found.append(Quantity(written, value, unit, None, unit, "=", sentence, page, match.start()))
    return found
