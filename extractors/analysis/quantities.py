"""Numbers with units in text: "2,1 kW", "1 064 nm", "above 2 kW", "34 qubits", "3×10⁻⁵".

One compiled pattern finds candidates (a number, optionally a range's lower end, and a unit
from :mod:`extractors.analysis.units`); small anchored patterns then read the comparator around it.

Number formats:
* Decimal point or decimal comma ("2.1", "2,1"). "1,064" is read as one thousand and
  sixty-four unless the text uses decimal commas (another number in it does, e.g. "2,1 kW",
  or it reads as Norwegian); pass ``decimal_comma`` to decide instead. A leading zero
  ("0,254") is always a decimal. Space-grouped thousands ("1 064 nm") are one number.
* Scientific notation: "3×10⁻⁵", "3 x 10^-5", "3e-5", "10^-5", and "2 × 108" where a PDF
  flattened the superscript (after a real "×" the digits after "10" are the exponent). A bare
  flattened "10-4" is 10⁻⁴ only in threshold context: a comparator next to it ("less than
  or equal to 10-4", "10-4 or less") or ``threshold_context=True`` (regulation text);
  otherwise "10-20 nm" is a range.

Ranges ("430–800 nm", "120 to 163 GHz", "mellom 450 og 500 nm") give two quantities, one per
end, each with comparator "=" and the range's text: a range in a paper is a span of values
the subject actually reaches (a band, a tuning range, a test envelope), so each end is a
stated value and compares with a threshold like any other. Ends written with their own unit
("430 nm to 800 nm") are simply two quantities.

Numbers without a unit are skipped (a beam quality "M2 1.29"), except scientific notation
(an error rate "3×10⁻⁵") and, in threshold context, bare numbers with a comparator ("34 or
more"), returned with unit "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.analysis.comparators import COMPARATOR_AFTER, COMPARATOR_BEFORE, SYMBOL
from extractors.analysis.units import COUNT_NOUNS, MACH, SYMBOLS, WORDS, canonical_unit, to_si
from extractors.analysis.worded_quantities import worded_quantities
from extractors.types import Quantity

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DIGITS = r"\d{1,3}(?:(?:,|[ \u00a0\u2009\u202f])\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_EXPLICIT = rf"\^\s?\(?[-−–+]?\d{{1,3}}\)?|[⁻⁺]?[{_SUP}]+"


def _number(p: str) -> str:
    """The number pattern with group names prefixed by ``p`` (a range has two numbers)."""
    return (
        rf"(?:±\s?)?(?P<{p}neg>[-−–](?=\d))?(?:10(?P<{p}bare>{_EXPLICIT})(?!\d)"
        rf"|(?P<{p}m>{_DIGITS})(?:\s?[×✕]\s?10(?P<{p}e1>{_EXPLICIT}|[-−–]\d{{1,2}}(?!\d)"
        rf"|[1-9]\d?(?!\d))|\s?[x*·⋅]\s?10(?P<{p}e2>{_EXPLICIT})|(?:e|E(?=[-+−]))(?P<{p}e3>[-+−]?\d{{1,3}})"
        r"(?![\d\w]))?)"
    )


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _unit_pattern() -> str:
    roots = ["√Hz", "sqrt(Hz)", "√(Hz)", "rtHz", "Hz^1/2", "Hz1/2", "√h", "√hr", "√(h)", "√(hr)", "√hour",
             "sqrt(h)", "sqrt(hr)", "rt-hr", "rthr", "rt-h", "h^0.5", "h^1/2", "hr^0.5", "hr^1/2", "h^½",
             "square root hour", "square root of hour", "square root of an hour", "root hour", "square root Hz",
             "square root hertz", "square root of Hz", "root Hz"]
    symbols = _alternation([*SYMBOLS, *roots])
    words = _alternation([*WORDS, *COUNT_NOUNS])
    atom = rf"(?:{symbols}|(?i:{words}))(?:(?:\^|\*\*)?-?[1-4](?!\d)|⁻?[¹²³⁴])?"
    # A noise figure writes "(rms)" between the unit and its root-bandwidth: "30 pT (rms)/√Hz",
    # "1 nT (rms) per square root Hz". It qualifies the value and is no unit factor.
    atom = rf"{atom}(?:\s?\(rms\)|\s?rms(?![\w]))?"
    # A beam parameter product is written "1,5 mm mrad" or "3 mm-mrad": a length times an angle.
    angle = r"(?:mrad|µrad|μrad)(?![\w/])"
    # SI style writes a quotient as a negative power after a space: "fT Hz^-1/2", "m s-1", "W cm⁻²".
    negative = rf"\s(?:{symbols})(?:\^|\*\*)?\(?(?:[-−–]|⁻)(?:1/2|0\.5|½|[1-4¹²³⁴])\)?(?![\d/\w])"
    return rf"{atom}(?:\s?[/·•⋅*]\s?{atom}|\s(?:per|pr\.)\s{atom}|[\s-]{angle}|{negative})*"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """The candidate pattern (compiled once; it holds every unit spelling)."""
    sep = r"\s?[-–—−]\s?|\s+(?:to|and|til|og|until)\s+"
    approx = r"(?:(?:about|approximately|roughly|around|~)\s)?"
    return re.compile(
        rf"(?<![\w.,/^×\-–−])(?:(?P<lo>{_number('lo')})(?P<sep>{sep}){approx})?"
        rf"(?P<n>{_number('n')})(?:\s?-?\s?(?P<unit>{_unit_pattern()})(?!\w){_NOT_ROOT_RATE})?"
    )


#: A unit divided by a square root of time ("0.15 °/√h" angle random walk, "°/rt-hr", "°/h^0.5")
#: is a noise density, not a value of the unit before it: such a number is not read as an angle.
_NOT_ROOT_RATE = r"(?!\s?/\s?(?:√|sqrt|rt\b|rt-|h(?:r|our)?\s?\^?\s?\(?(?:0\.5|1/2|½))|\s?\^\s?\(?(?:0\.5|1/2))"

_LABEL = re.compile(
    r"(?i)\b(?:fig(?:ure)?s?|tables?|eqs?|equations?|sections?|refs?|panels?|steps?|notes?"
    r"|categor(?:y|ies)|chapters?|articles?|annex|items?)\.?\s*$"
)
#: A rate's denominator ("1 MPa for each further 100 m", "3 dB per 10 km") is not a value.
_RATE_DENOMINATOR = re.compile(r"(?i)\b(?:per|each|every)\s+(?:further\s+|additional\s+|extra\s+)?$")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,(?:\d{1,2}|\d{4,})(?![\d,])")
_NORWEGIAN = re.compile(r"[æøåÆØÅ]|\b(?:og|på|ikke|ble|mellom|også|eller|som|av|er|det)\b")
_WINDOW = 60


def find_quantities(
    text: str,
    *,
    sentence: int = 0,
    page: int | None = None,
    decimal_comma: bool | None = None,
    threshold_context: bool = False,
) -> list[Quantity]:
    """Find numbers with units in a text, with their comparators and SI values.

    Args:
        text: A sentence (or any text; offsets are relative to it).
        sentence: Index of the sentence, copied into each Quantity.
        page: Page number, copied into each Quantity.
        decimal_comma: True when commas are decimal marks ("1,064" is 1.064), False when
            they group thousands; None decides from the text itself.
        threshold_context: Regulation text: bare "10-4" is 10⁻⁴, and unit-less numbers with
            a comparator ("34 or more") are kept with unit "".

    Returns:
        The quantities in text order.
    """
    matches = list(_pattern().finditer(text))
    if not matches:
        return worded_quantities(text, sentence, page)
    if decimal_comma is None:
        decimal_comma = _uses_decimal_comma(text, matches)
    found: list[Quantity] = []
    previous_end = 0
    for match in matches:
        candidate = _Candidate(text, match, previous_end, sentence, page)
        quantities = candidate.quantities(decimal_comma, threshold_context)
        if quantities and not _label_or_rate(text, match.start()):
            found.extend(quantities)
        previous_end = match.end()
    return sorted(_accelerations(text, found) + worded_quantities(text, sentence, page), key=lambda q: q.start)


def _label_or_rate(text: str, start: int) -> bool:
    """True when the number at ``start`` names a figure or table, or is a rate's denominator."""
    return bool(
        _LABEL.search(text, max(0, start - 12), start) or _RATE_DENOMINATOR.search(text, max(0, start - 30), start)
    )


#: "15 g", "45 µg" are accelerations (standard gravity), not masses, in text about them.
_ACCELERATION_CONTEXT = re.compile(
    r"accel|aksel|\bshock|\bsjokk|vibrat|gravit|tyngde|\bg[- ](?:level|force|miljø)", re.IGNORECASE
)
_GRAVITY_UNITS = {"g": 1.0, "mg": 1e-3, "µg": 1e-6}
STANDARD_GRAVITY = 9.80665


def _accelerations(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Read gram-like units as multiples of standard gravity where the text is about acceleration."""
    if not any(q.unit in _GRAVITY_UNITS for q in quantities) or not _ACCELERATION_CONTEXT.search(text):
        return quantities
    return [
        replace(q, si_value=q.value * _GRAVITY_UNITS[q.unit] * STANDARD_GRAVITY, si_unit="m/s²")
        if q.unit in _GRAVITY_UNITS
        else q
        for q in quantities
    ]


def _uses_decimal_comma(text: str, matches: list[re.Match[str]]) -> bool:
    """True when a number in the text can only be a decimal comma, or the text is Norwegian."""
    for match in matches:
        for group in ("lom", "nm"):
            if match[group] and _DECIMAL_COMMA.fullmatch(match[group].replace(" ", "")):
                return True
    return _NORWEGIAN.search(text) is not None


#: "Mach 3", "Mach number of 1.5": the number after the word is a Mach number.
_MACH_BEFORE = re.compile(r"(?i)\bMach(?:\s+numbers?)?(?:\s+(?:of|=))?\s*$")


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One match of the candidate pattern, with where it sits."""

    text: str
    match: re.Match[str]
    previous_end: int
    sentence: int
    page: int | None

    def comparator(self) -> str:
        """The comparator from the words before the number or after the unit, else "="."""
        start = self.match.start()
        window_start = max(self.previous_end, start - _WINDOW)
        found = COMPARATOR_BEFORE.search(self.text, window_start, start) or COMPARATOR_AFTER.match(
            self.text, self.match.end()
        )
        return SYMBOL[found.lastgroup or ""] if found else "="

    def quantities(self, decimal_comma: bool, threshold: bool) -> list[Quantity]:
        """The Quantity records of this match (zero, one, or two for a range)."""
        match = self.match
        unit = _unit(match)
        if not unit and _MACH_BEFORE.search(self.text, max(0, match.start() - 20), match.start()):
            unit = MACH
        scientific = _is_scientific(match, "n")
        if not (unit or threshold or scientific or _is_flattened(match)):
            return []
        comparator = self.comparator()
        value = _value(match, "n", decimal_comma or _is_percent(match, unit))
        if match["lo"] is not None and _is_flattened(match) and (threshold or comparator != "="):
            value, scientific = float(f"1e-{value:g}"), True
        elif match["lo"] is not None:
            if not unit:
                return []
            low = _value(match, "lo", decimal_comma)
            return [
                self._make(low, unit, "=", match.start("lo")),
                self._make(value, unit, "=", match.start("n")),
            ]
        if not unit and not scientific and not (threshold and comparator != "="):
            return []
        return [self._make(value, unit, comparator, match.start())]

    def _make(self, value: float, unit: str, comparator: str, start: int) -> Quantity:
        si_value, si_unit = to_si(value, unit)
        written = self.match[0]
        return Quantity(written, value, unit, si_value, si_unit, comparator, self.sentence, self.page, start)


#: Single-letter units that need a space before them ("1990s" is a decade, "4K" a screen),
#: except after three digits or more ("153K" in the annex); "s" always needs one.
_SPACED_ONLY = frozenset({"s", "K", "d", "t", "A", "L", "H", "F", "T", "N"})


def _unit(match: re.Match[str]) -> str:
    """The canonical unit of a match, or "" (none, or one glued where it cannot be)."""
    written = match["unit"]
    if not written:
        return ""
    glued = match.start("unit") == match.end("n")
    if glued and written in _SPACED_ONLY and (written == "s" or len(match["n"]) < 3):
        return ""
    canonical = canonical_unit(written)
    # "240 MS/s per channel", "5 W per element": a trailing factor that is no unit (a counted
    # thing) is dropped, not the whole quantity.
    while canonical is None and (cut := _LAST_FACTOR.search(written)) and cut.start() > 0:
        written = written[: cut.start()]
        canonical = canonical_unit(written)
    return canonical or ""


_LAST_FACTOR = re.compile(r"(?:\s?[/·•⋅*]\s?|\s(?:per|pr\.)\s|[\s-])[^/·•⋅*\s]+$")


def _is_percent(match: re.Match[str], unit: str) -> bool:
    """A percentage: "99,999 %" is a decimal comma (a share above 100 % is not meant)."""
    return unit == "%" and parse_number(match["nm"] or "0") > 100


def _is_flattened(match: re.Match[str]) -> bool:
    """A bare "10-4" read as a range: lower end exactly 10, a hyphen, one or two digits."""
    return (
        match["lom"] == "10"
        and not _is_scientific(match, "lo")
        and match["sep"] in ("-", "−", "–")
        and match["nm"] is not None
        and match["nm"].isdigit()
        and len(match["nm"]) <= 2
        and not _is_scientific(match, "n")
    )


def _is_scientific(match: re.Match[str], p: str) -> bool:
    return any(match[p + g] is not None for g in ("bare", "e1", "e2", "e3"))


def _value(match: re.Match[str], p: str, decimal_comma: bool) -> float:
    """The float value of the number named by prefix ``p`` (mantissa × 10^exponent)."""
    sign = -1.0 if match[p + "neg"] else 1.0
    if match[p + "bare"] is not None:
        return sign * float(f"1e{_exponent(match[p + 'bare'])}")
    mantissa = parse_number(match[p + "m"], decimal_comma=decimal_comma)
    exponent = match[p + "e1"] or match[p + "e2"] or match[p + "e3"]
    if exponent is None:
        return sign * mantissa
    return sign * float(f"{mantissa!r}e{_exponent(exponent)}")


_EXPONENT_CHARS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−–", "0123456789-+--", "^() ")


def _exponent(written: str) -> int:
    return int(written.translate(_EXPONENT_CHARS))


_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")


def parse_number(written: str, *, decimal_comma: bool = False) -> float:
    """Read a written number: "2,1", "1,064", "1 064", "1,234.5", "0,254".

    Args:
        written: Digits with at most one kind of grouping and one decimal mark.
        decimal_comma: Read a lone comma as a decimal mark even before three digits.

    Returns:
        The value; a comma is a thousands separator only when it groups three digits, the
        number does not start with 0, and ``decimal_comma`` is False (or there are several).
    """
    digits = "".join(written.split())
    if "," in digits and "." in digits:
        return float(digits.replace(",", ""))
    if "," in digits:
        grouped = _GROUPED.fullmatch(digits) is not None
        if grouped and (not decimal_comma or digits.count(",") > 1):
            return float(digits.replace(",", ""))
        return float(digits.replace(",", ".", 1).replace(",", ""))
    return float(digits)
