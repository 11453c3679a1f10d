"""Units as written in papers and regulations, normalised and converted with pint.

One vocabulary serves both sides of a threshold comparison: a document's "2,1 kW" and a
provision's "exceeding 1 kW" both end up in watts, so :func:`to_si` gives both the same
``si_unit`` ("W", "m", "Hz", "K", "s", "J", "Pa", "kg", "m/s", "rad", ...).

* :func:`canonical_unit` maps a written unit ("um", "micrometre", "watts", "W/cm2",
  "pT/sqrt(Hz)", "physical qubits") to one normal spelling ("µm", "µm", "W", "W/cm²",
  "pT/√Hz", "qubit"), or None when it is not a unit we know.
* :func:`to_si` converts a value in a canonical unit to the base unit of its dimension.
  Conversion factors come from pint only; the tables below just say how units are spelled.
  pint is asked when the table of conversions it computed beforehand
  (:mod:`extractors.analysis.unit_table`) lacks a unit, so a run seldom imports it.
* Counted nouns ("34 qubits", "128 pixels") are dimensionless counts: the noun, singular,
  is the unit and the SI value is None (``extractors.types.Quantity``'s contract).
* Ratios (%, ppm, ‰) convert to a plain fraction with si_unit ``""``: "18 %" is 0.18, so a
  "C-NOT error of 10-4" and "0.01 %" compare. Decibel ratios (dB, dBc, dBi) stay in dB;
  dBm and dBW are powers and convert to W.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from extractors.analysis.unit_spellings import BASES, PREFIXES, SPECIAL, SYMBOLS, WORDS
from extractors.analysis.unit_table import Conversion, shipped

if TYPE_CHECKING:
    import pint

log = logging.getLogger(__name__)


#: Decibel ratios: compared in dB as written, never converted.
LOG_RATIOS = frozenset({"dB", "dBc", "dBi"})


# fmt: off
#: Counted nouns (lower case, as written) -> unit noun. "physical qubits" and "qubits" share
#: the unit "qubit" so a paper's "53 qubits" compares with 4A506's "'physical qubits'".
COUNT_NOUNS = {
    "qubit": "qubit", "physical qubit": "qubit", "kvantebit": "qubit", "kvantebiter": "qubit",
    "logical qubit": "logical qubit", "channel": "channel", "kanal": "channel",
    "kanaler": "channel", "element": "element", "elementer": "element", "axis": "axis",
    "axes": "axis", "akse": "axis", "akser": "axis", "pixel": "pixel", "piksel": "pixel",
    "piksler": "pixel", "actuator": "actuator", "detector": "detector", "cycle": "cycle",
}
# fmt: on
_COUNT_PLURALS = {f"{k}s": v for k, v in COUNT_NOUNS.items() if k.isascii() and k[-1] != "s"}
COUNT_NOUNS |= _COUNT_PLURALS


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_TO_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SQRT_HZ = re.compile(
    r"(?:√\(?|sqrt\(|rt|(?:square\s+)?root\s+(?:of\s+)?)(?:Hz|hertz)\)?|Hz(?:\^|\*\*)?(?:1/2|0\.5|½|\(1/2\))",
    re.IGNORECASE)
#: A square root of an hour, as gyroscope data sheets write angle random walk ("0.1 °/√h",
#: "deg/rt-hr", "degree per square root hour", "°/h^0.5"): its own unit, never an angle.
_SQRT_HOUR = re.compile(r"(?:√\(?|sqrt\(|rt-?|(?:square\s+)?root\s+(?:of\s+)?(?:an?\s+)?)(?:h|hr|hour)s?\)?(?![a-z])"
                        r"|(?:h|hr|hour)(?:\^|\*\*)?(?:1/2|0\.5|½|\(1/2\))(?![\d/])", re.IGNORECASE)
#: "(rms)" or "rms" after a unit ("30 pT (rms)/√Hz") qualifies the value; it is no unit factor.
_RMS = re.compile(r"\s*\(rms\)|\s+rms\b", re.IGNORECASE)
_ATOM = re.compile(r"^(?P<sym>.+?)(?:(?:\^|\*\*)?(?P<exp>-?\d)|(?P<sup>[⁻¹²³⁴⁵⁶⁷⁸⁹]+))?$")
#: A factor with a negative power after a space, as SI style writes a quotient: "fT Hz^-1/2",
#: "m s-1", "W cm⁻²" (= fT/√Hz, m/s, W/cm²). Rewritten as a denominator before parsing.
_NEGATIVE_POWER = re.compile(
    r"\s+(?P<sym>[^\s/·•*⋅^⁻\d-]+)(?:\^|\*\*)?\(?(?:[-−–]|⁻)(?P<exp>1/2|0\.5|½|[1-4¹²³⁴])\)?(?![\d/])"
)
_SPLIT = re.compile(r"\s*(/|\bper\b)\s*")
_PRODUCT = re.compile(r"\s*[·•*⋅]\s*|\s+|-(?=[^\d\s])")


def canonical_unit(written: str) -> str | None:
    """Return the normal spelling of a written unit, or None when it is not a unit.

    Args:
        written: The unit as written ("um", "micrometres", "W/cm2", "physical qubits").

    Returns:
        The canonical symbol ("µm", "µm", "W/cm²", "qubit"); idempotent.
    """
    text = " ".join(written.replace("μ", "µ").split())
    if not text:
        return None
    return _canonical(text)


@lru_cache(maxsize=4096)
def _canonical(text: str) -> str | None:
    lower = text.lower()
    if lower in COUNT_NOUNS:
        return COUNT_NOUNS[lower]
    if text in SYMBOLS:
        return SYMBOLS[text]
    if lower in WORDS:
        return WORDS[lower]
    text = _NEGATIVE_POWER.sub(_as_denominator, _RMS.sub("", text))
    rooted = _SQRT_HOUR.sub("√h", _SQRT_HZ.sub("√Hz", text))
    groups = [_product(part) for part in _SPLIT.split(rooted)[::2]]
    if not all(groups):
        return None
    numerator, *denominators = groups
    return numerator + ("/" + "·".join(denominators) if denominators else "")


def _as_denominator(match: re.Match[str]) -> str:
    """" Hz^-1/2" -> "/√Hz", " s-1" -> "/s", " cm⁻²" -> "/cm2" (for :data:`_NEGATIVE_POWER`)."""
    exponent = match["exp"].translate(_SUPERSCRIPTS)
    if exponent in ("1/2", "0.5", "½"):
        return f"/√{match['sym']}"
    return f"/{match['sym']}" + ("" if exponent == "1" else exponent)


def _product(written: str) -> str:
    """A product of unit factors ("ohm cm", "mm•mrad") -> "Ω·cm", or "" when not units."""
    if written.lower() in WORDS:
        return WORDS[written.lower()]
    factors = [_atom(f) for f in _PRODUCT.split(written) if f]
    if not factors or None in factors:
        return ""
    return "·".join(f for f in factors if f)


def _atom(written: str) -> str | None:
    """One unit factor with its exponent ("cm2" -> "cm²"), or None."""
    match = _ATOM.match(written)
    if match is None:
        return None
    sym = match["sym"]
    symbol = SYMBOLS.get(sym) or WORDS.get(sym.lower())
    if symbol is None:
        return None
    exponent = match["exp"] or (match["sup"] or "").translate(_SUPERSCRIPTS)
    return symbol + exponent.translate(_TO_SUPER) if exponent not in ("", "1") else symbol


_Conversion = Conversion


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one pint registry (built on first use: importing pint and creating one take ~0.5 s)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    # Samples per second are a dimension of their own: a "300 MHz" clock is no sample rate.
    ureg.define("SPS = [sample_rate]")
    ureg.define("flop = [computation]")
    ureg.define("FLOPS = flop / second")
    ureg.define("dose_rad = 0.01 * gray")  # the rad of absorbed dose (pint's "rad" is the radian)
    return ureg


# fmt: off
#: Names for SI-coherent derived units; their base-unit form is looked up in pint.
_PREFERRED = ("W", "J", "Pa", "Hz", "N", "V", "T", "Ω", "F", "H", "W/m²", "J/kg", "kg/m³",
              "m/s", "m/s²", "rad/s", "Bq", "W/kg", "T/√Hz", "Ω·m", "m²", "m³", "N·s", "J/m²")
# fmt: on


@lru_cache(maxsize=1)
def _preferred_names() -> dict[str, str]:
    """Base-unit string -> preferred symbol ("kilogram * meter ** 2 / second ** 3" -> "W")."""
    ureg = registry()
    names: dict[str, str] = {}
    for name in _PREFERRED:
        base = ureg.Quantity(1.0, pint_expression(name)).to_base_units()
        if abs(base.magnitude - 1.0) < 1e-12:
            names[str(base.units)] = name
    return names


def pint_expression(canonical: str) -> str:
    """The pint expression for a canonical unit ("µm/s²" -> "micrometer / second ** 2")."""
    if canonical in SPECIAL:
        return SPECIAL[canonical]
    numerator, _, denominator = canonical.partition("/")
    expr = " * ".join(_pint_atom(a) for a in numerator.split("·"))
    if denominator:
        expr += " / (" + " * ".join(_pint_atom(a) for a in denominator.split("·")) + ")"
    return expr


def _pint_atom(atom: str) -> str:
    symbol = atom.rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
    power = atom[len(symbol) :].translate(_SUPERSCRIPTS)
    name = f"({SPECIAL[symbol]})" if symbol in SPECIAL else _unprefixed(symbol)
    return f"{name} ** {power}" if power else name


def _unprefixed(symbol: str) -> str:
    """Pint name of a prefixed symbol from BASES ("kW" -> "kilowatt")."""
    for entry in re.split(r"[|\n]", BASES.strip()):
        base, name, _ = entry.split()
        if symbol == base:
            return name
        if symbol.endswith(base) and symbol[: -len(base)] in PREFIXES:
            return PREFIXES[symbol[: -len(base)]] + name
    raise ValueError(f"unknown unit symbol {symbol!r}; add it to extractors.analysis.unit_spellings.BASES")


@lru_cache(maxsize=1024)
def _conversion(canonical: str) -> _Conversion | None:
    """Factor, offset and base unit of a canonical unit: from the shipped table, else from pint."""
    return shipped().get(canonical) or pint_conversion(canonical)


def pint_conversion(canonical: str) -> _Conversion | None:
    """Factor, offset and base unit of a canonical unit, from pint; None for counts.

    For dBm and dBW the factor is the power of 0 dB in W (pint's scale of the unit).
    """
    if canonical in LOG_RATIOS or (canonical.startswith("dB") and "/" in canonical):
        return _Conversion(1.0, 0.0, canonical)
    import pint

    ureg = registry()
    try:
        unit = ureg.Quantity(1.0, pint_expression(canonical))
    except (pint.errors.PintError, ValueError, AttributeError, TypeError) as error:
        log.debug("pint cannot read unit %r: %s", canonical, error)
        return _Conversion(1.0, 0.0, canonical)
    base = unit.to_base_units()
    si_unit = _si_name(base.units)
    zero = ureg.Quantity(0.0, pint_expression(canonical)).to_base_units().magnitude
    if canonical in ("dBm", "dBW"):
        return _Conversion(float(zero), 0.0, si_unit, logarithmic=True)
    return _Conversion(float(base.magnitude) - float(zero), float(zero), si_unit)


def _si_name(units: Any) -> str:
    """A short name for a base-unit combination: "W", "m", "rad/s", or pint's compact form."""
    name = _preferred_names().get(str(units))
    if name is not None:
        return name
    return "" if str(units) == "dimensionless" else f"{units:~P}".replace(" ", "")


def to_si(value: float, unit: str) -> tuple[float | None, str]:
    """Convert a value in a canonical unit to the base unit of its dimension.

    Args:
        value: The number as written.
        unit: A canonical unit from :func:`canonical_unit`, or "" for a bare number.

    Returns:
        ``(si_value, si_unit)``: (1000.0, "W") for 1 kW, (None, "qubit") for 34 qubits,
        (0.18, "") for 18 %, (value, "") for a bare number.
    """
    if not unit:
        return value, ""
    if unit in _COUNT_UNITS:
        return None, unit
    conversion = _conversion(unit)
    if conversion is None:
        return None, unit
    if conversion.logarithmic:
        return _logarithmic(value, conversion.factor), conversion.si_unit
    return _tidy(value * conversion.factor + conversion.offset), conversion.si_unit


def _logarithmic(value: float, scale: float) -> float:
    """Convert dBm or dBW to watts: not linear, so not a factor; pint's formula (scale: 0 dB in W)."""
    return _tidy(scale * math.exp(math.log(10) * (value / 10)))


def pint_logarithmic(value: float, unit: str) -> float:
    """Convert dBm or dBW to watts with pint itself (what :func:`_logarithmic` must equal)."""
    converted = registry().Quantity(value, pint_expression(unit)).to_base_units()
    return _tidy(float(converted.magnitude))


def _tidy(value: float) -> float:
    """Round away float noise from unit factors (1064 nm is 1.064e-06 m, not ...0000001)."""
    return float(f"{value:.12g}")


def si_unit_of(unit: str) -> str:
    """The base unit a canonical unit converts to ("kW" -> "W", "qubits" -> "qubit")."""
    return to_si(1.0, unit)[1]


#: Mach numbers are read as a dimensionless unit of their own ("Mach 3", "Mach 1,2 or more").
MACH = "Mach"
_COUNT_UNITS = frozenset(COUNT_NOUNS.values()) | {MACH}
