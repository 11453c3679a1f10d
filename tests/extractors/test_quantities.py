"""Quantities in text and the shared unit vocabulary (extractors.analysis.quantities, extractors.analysis.units)."""

from __future__ import annotations

import json
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.analysis.quantities import find_quantities, parse_number
from extractors.analysis.units import COUNT_NOUNS, SYMBOLS, WORDS, canonical_unit, pint_expression, registry, to_si
from tests.paths import SHARED

SHARED = SHARED


class Case(TypedDict):
    text: str
    expected: list[tuple[float, str, float | None, str, str]]  # value, unit, si_value, si_unit, cmp


CASES: list[Case] = [
    {"text": "a 2.1 kW fibre laser", "expected": [(2.1, "kW", 2100.0, "W", "=")]},
    {"text": "en laser på 2,1 kW", "expected": [(2.1, "kW", 2100.0, "W", "=")]},
    {"text": "above 2 kW", "expected": [(2.0, "kW", 2000.0, "W", ">")]},
    # A rate's denominator is not a value: no depth of 100 m here.
    {"text": "pressure climbs by 1 MPa for each further 100 m", "expected": [(1.0, "MPa", 1e6, "Pa", "=")]},
    {"text": "losses of 3 dB per 10 km", "expected": [(3.0, "dB", 3.0, "dB", "=")]},
    {"text": "cooled up to 120 mK", "expected": [(120.0, "mK", 0.12, "K", "<=")]},
    {"text": "centred at 1064 nm", "expected": [(1064.0, "nm", 1.064e-6, "m", "=")]},
    {"text": "centred at 1 064 nm", "expected": [(1064.0, "nm", 1.064e-6, "m", "=")]},
    {"text": "centred at 1,064 nm", "expected": [(1064.0, "nm", 1.064e-6, "m", "=")]},
    {"text": "a dive to 10,058 m", "expected": [(10058.0, "m", 10058.0, "m", "=")]},
    {"text": "a thickness of 0,254 mm", "expected": [(0.254, "mm", 2.54e-4, "m", "=")]},
    {"text": "612 W of average power", "expected": [(612.0, "W", 612.0, "W", "=")]},
    {"text": "compressed to 863 fs", "expected": [(863.0, "fs", 8.63e-13, "s", "=")]},
    {"text": "a core of 20 um", "expected": [(20.0, "µm", 2e-5, "m", "=")]},
    {"text": "5.5 uJ per pulse", "expected": [(5.5, "µJ", 5.5e-6, "J", "=")]},
    {"text": "4.67 MW peak power", "expected": [(4.67, "MW", 4.67e6, "W", "=")]},
    {"text": "a processor with 34 qubits", "expected": [(34.0, "qubit", None, "qubit", "=")]},
    {"text": "a 53-qubit processor", "expected": [(53.0, "qubit", None, "qubit", "=")]},
    {"text": "12 kvantebiter", "expected": [(12.0, "qubit", None, "qubit", "=")]},
    {"text": "a C-NOT error of 3×10⁻⁵", "expected": [(3e-5, "", 3e-5, "", "=")]},
    {"text": "a C-NOT error of 3 x 10^-5", "expected": [(3e-5, "", 3e-5, "", "=")]},
    {"text": "an error rate of 3e-5", "expected": [(3e-5, "", 3e-5, "", "=")]},
    {"text": "C-NOT error below 10-4", "expected": [(1e-4, "", 1e-4, "", "<")]},
    {"text": "C-NOT error of 10-4 or less", "expected": [(1e-4, "", 1e-4, "", "<=")]},
    {"text": "frequencies exceeding 2 × 108 Hz", "expected": [(2e8, "Hz", 2e8, "Hz", ">")]},
    {"text": "at 80 MHz", "expected": [(80.0, "MHz", 8e7, "Hz", "=")]},
    {"text": "an efficiency of 20.8 %", "expected": [(20.8, "%", 0.208, "", "=")]},
    {"text": "purity greater than 99,999 %", "expected": [(99.999, "%", 0.99999, "", ">")]},
    {"text": "at 3 K (-270 degrees C)",
     "expected": [(3.0, "K", 3.0, "K", "="), (-270.0, "°C", 3.15, "K", "=")]},
    {"text": "20.5 dBm saturated output", "expected": [(20.5, "dBm", 0.112201845, "W", "=")]},
    {"text": "a gain of 15 dB", "expected": [(15.0, "dB", 15.0, "dB", "=")]},
    {"text": "5 pT/√Hz and 5 pT/sqrt(Hz)",
     "expected": [(5.0, "pT/√Hz", 5e-12, "T/√Hz", "="), (5.0, "pT/√Hz", 5e-12, "T/√Hz", "=")]},
    {"text": "0.21 g/cm3", "expected": [(0.21, "g/cm³", 210.0, "kg/m³", "=")]},
    {"text": "600 W per kilogram", "expected": [(600.0, "W/kg", 600.0, "W/kg", "=")]},
    {"text": "at 8000 rpm", "expected": [(8000.0, "rpm", 837.758041, "rad/s", "=")]},
    {"text": "1 arc second", "expected": [(1.0, "arcsec", 4.84813681e-6, "rad", "=")]},
    {"text": "10 Mbit/s", "expected": [(10.0, "Mbit/s", 1e7, "bit/s", "=")]},
    {"text": "a 110 MPa load", "expected": [(110.0, "MPa", 1.1e8, "Pa", "=")]},
    {"text": "430 nm to 800 nm",
     "expected": [(430.0, "nm", 4.3e-7, "m", "="), (800.0, "nm", 8e-7, "m", "=")]},
    {"text": "spans 430–800 nm",
     "expected": [(430.0, "nm", 4.3e-7, "m", "="), (800.0, "nm", 8e-7, "m", "=")]},
    {"text": "mellom 29,6 og 54,6 mikrosekunder",
     "expected": [(29.6, "µs", 2.96e-5, "s", "="), (54.6, "µs", 5.46e-5, "s", "=")]},
    {"text": "of 150 nm or more but not exceeding 510 nm",
     "expected": [(150.0, "nm", 1.5e-7, "m", ">="), (510.0, "nm", 5.1e-7, "m", "<=")]},
    {"text": "less (better) than 0,003°", "expected": [(0.003, "°", 5.23598776e-5, "rad", "<")]},
    {"text": "equal to or less than 50 W", "expected": [(50.0, "W", 50.0, "W", "<=")]},
    {"text": "1 ps and less than 1 ns",
     "expected": [(1.0, "ps", 1e-12, "s", "="), (1.0, "ns", 1e-9, "s", "<")]},
    {"text": "the beam quality factor M2 1.29", "expected": []},
    {"text": "in the 1990s, see Figure 2 A", "expected": []},
    {"text": "specified in 9E003 and 6A005", "expected": []},
    {"text": "C-NOT error of 10-4", "expected": []},  # no comparator: not read as 10⁻⁴
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_find_quantities(case: Case) -> None:
    found = find_quantities(case["text"])
    got = [(q.value, q.unit, q.si_value, q.si_unit, q.comparator) for q in found]
    assert len(got) == len(case["expected"]), got
    for (value, unit, si_value, si_unit, cmp), expected in zip(got, case["expected"], strict=True):
        assert value == pytest.approx(expected[0])
        assert (unit, si_unit, cmp) == (expected[1], expected[3], expected[4])
        assert si_value == (None if expected[2] is None else pytest.approx(expected[2]))


def test_positions_and_range_text() -> None:
    text = "The source emits 430–800 nm light at 2,5 W."
    found = find_quantities(text, sentence=7, page=3)
    assert [(q.sentence, q.page) for q in found] == [(7, 3)] * 3
    assert [q.text for q in found] == ["430–800 nm", "430–800 nm", "2,5 W"]
    assert [text[q.start : q.start + 3] for q in found] == ["430", "800", "2,5"]


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("1,064 µm", None, 1064.0),
        ("1,064 µm", True, 1.064),
        ("Bølgelengden er 1,064 µm", None, 1.064),  # Norwegian text: decimal comma
        ("2,1 kW and 1,064 µm", None, 1.064),  # the text uses decimal commas elsewhere
        ("13,326 kPa", True, 13.326),
        ("10,000 m", False, 10000.0),
    ],
)
def test_decimal_comma(text: str, decimal_comma: bool | None, value: float) -> None:
    found = [q for q in find_quantities(text, decimal_comma=decimal_comma) if q.unit == "µm"
             or q.unit in ("kPa", "m")]
    assert found[-1].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("written", "decimal_comma", "value"),
    [("2,1", False, 2.1), ("1,064", False, 1064.0), ("1,064", True, 1.064), ("0,254", False, 0.254),
     ("1 064", False, 1064.0), ("1,234,567", True, 1234567.0), ("1,234.5", False, 1234.5)],
)
def test_parse_number(written: str, decimal_comma: bool, value: float) -> None:
    assert parse_number(written, decimal_comma=decimal_comma) == pytest.approx(value)


def test_threshold_context_keeps_bare_bounds() -> None:
    text = "supporting 34 or more, but fewer than 100, qubits and a C-NOT error of 10-4 or less"
    plain = find_quantities(text)
    assert [(q.value, q.unit) for q in plain] == [(1e-4, "")]  # "100," is not "100 qubits"
    bounded = find_quantities(text, threshold_context=True)
    assert [(q.value, q.comparator) for q in bounded] == [(34.0, ">="), (100.0, "<"), (1e-4, "<=")]


@pytest.mark.parametrize(
    ("written", "canonical", "si_unit"),
    [("um", "µm", "m"), ("μm", "µm", "m"), ("micron", "µm", "m"), ("micrometres", "µm", "m"),
     ("W/cm2", "W/cm²", "W/m²"), ("pT/sqrt(Hz)", "pT/√Hz", "T/√Hz"), ("degrees C", "°C", "K"),
     ("physical qubits", "qubit", "qubit"), ("channels", "channel", "channel"),
     ("axes", "axis", "axis"), ("pixels", "pixel", "pixel"), ("r.p.m.", "rpm", "rad/s"),
     ("arc seconds", "arcsec", "rad"), ("mrad", "mrad", "rad"), ("FLOPS", "FLOPS", "flop/s"),
     ("ohm cm", "Ω·cm", "Ω·m"), ("%", "%", ""), ("dBm", "dBm", "W"), ("knots", "kn", "m/s"),
     ("bar", "bar", "Pa"), ("GPa", "GPa", "Pa"), ("m2", "m²", "m²"), ("mJ", "mJ", "J")],
)
def test_canonical_units(written: str, canonical: str, si_unit: str) -> None:
    assert canonical_unit(written) == canonical
    assert to_si(1.0, canonical)[1] == si_unit


def test_unknown_units() -> None:
    assert canonical_unit("furlongs") is None
    assert canonical_unit("") is None
    assert canonical_unit("Error/bit/day") is None


def test_every_spelling_normalises_idempotently() -> None:
    for written in [*SYMBOLS, *WORDS, *COUNT_NOUNS]:
        canonical = canonical_unit(written)
        assert canonical is not None, written
        assert canonical_unit(canonical) == canonical, written
        to_si(1.0, canonical)  # every spelling converts (or is a count)


def test_conversions_agree_with_pint() -> None:
    ureg = registry()
    for canonical in ("kW", "nm", "µJ", "GHz", "mK", "g/cm³", "MW/m²", "km/h", "lb", "psi"):
        si_value, _ = to_si(2.5, canonical)
        direct = ureg.Quantity(2.5, pint_expression(canonical)).to_base_units().magnitude
        assert si_value == pytest.approx(direct)


_WRITTEN_UNITS = ["kW", "W", "mW", "nm", "µm", "um", "MHz", "GHz", "K", "mK", "fs", "ps", "ns",
                  "J", "mJ", "µJ", "Pa", "MPa", "kg", "g", "km", "mm", "mrad", "%", "qubits",
                  "channels", "m/s", "W/m2", "dB", "bar", "°C", "degrees", "hours"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_never_crashes_on_any_text(text: str) -> None:
    for q in find_quantities(text):
        assert q.text in text
        assert 0 <= q.start < len(text)
        assert q.comparator in ("=", ">", ">=", "<", "<=")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "above ", "up to ", "less than ", "1,5 and ", "x "]),
    st.integers(min_value=0, max_value=99999),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(_WRITTEN_UNITS),
    st.sampled_from([" ", ", ", "; ", ""]),
)
def test_si_value_consistent_with_value(
    prefix: str, mantissa: int, decimals: int, written: str, tail: str
) -> None:
    value = mantissa / 10**decimals
    found = find_quantities(f"{prefix}{value:.{decimals}f} {written}{tail}")
    assert found, (value, written)
    q = found[-1]
    assert q.value == pytest.approx(value)
    assert q.unit == canonical_unit(written)
    si_value, si_unit = to_si(q.value, q.unit)
    assert (q.si_value, q.si_unit) == (si_value, si_unit)
    factor = to_si(1.0, q.unit)[0]
    if si_value is not None and factor is not None and q.unit not in ("°C", "dB"):
        assert si_value == pytest.approx(q.value * factor, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-3, max_value=1e6, allow_nan=False), st.sampled_from(_WRITTEN_UNITS))
def test_normalised_form_reads_back_the_same(value: float, written: str) -> None:
    first = find_quantities(f"{value:.6g} {written}")[0]
    again = find_quantities(f"{first.value!r} {first.unit}")[0]
    assert (again.value, again.unit, again.si_unit) == (first.value, first.unit, first.si_unit)
    assert canonical_unit(first.unit) == first.unit


def _dev_texts() -> dict[str, str]:
    path = SHARED / "data" / "eval" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"evaluation texts not found at {path} (set EXPORTSCREEN_SHARED)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {row["id"]: row["text"] for row in rows}


def test_dev_laser_paper_quantities() -> None:
    found = find_quantities(_dev_texts()["A-6A005-02"])
    by_unit = {(q.si_unit, q.value) for q in found}
    assert {("W", 612.0), ("s", 863.0), ("m", 20.0), ("J", 5.5), ("W", 4.67), ("Hz", 80.0)} <= by_unit
    average = next(q for q in found if q.value == 612.0)
    assert average.comparator == "<="  # "up to 612 W"
    assert not any(q.value == 1.29 for q in found)  # "M2 roughly 1.29" has no unit


def test_dev_norwegian_decimal_commas() -> None:
    found = find_quantities(_dev_texts()["B-4A506-NB-01"])
    assert [(q.value, q.si_unit) for q in found[:3]] == [(12.0, "qubit"), (29.6, "s"), (54.6, "s")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The chapter models two transmon qubits coupled via a cavity.", [("two transmon qubits", 2.0, "qubit")]),
        ("a processor with twelve qubits", [("twelve qubits", 12.0, "qubit")]),
        ("the two qubits' regimes", [("two qubits", 2.0, "qubit")]),
        ("the two-qubit gate error is 0.5 %", []),  # a hyphenated count modifies the gate
        ("one of the qubits", []),
    ],
)
def test_a_count_written_as_a_word_is_a_quantity(text: str, expected: list) -> None:
    assert [(q.text, q.value, q.unit) for q in find_quantities(text) if q.unit == "qubit"] == expected


def test_a_number_word_before_an_uncounted_noun_is_no_quantity() -> None:
    assert find_quantities("the two regimes of operation") == []
    assert [(q.value, q.unit) for q in find_quantities("two channels and three detectors")] == [
        (2.0, "channel"),
        (3.0, "detector"),
    ]


def test_a_beam_parameter_product_is_a_length_times_an_angle() -> None:
    """6A005.e.3.b.3's "1,5 mm mrad" is no length: a laser's "1064 nm" must not meet it."""
    for text, value in (("less than 1,5 mm mrad", 1.5e-6), ("a BPP of 3 mm-mrad", 3e-6), ("2.5 mm·mrad", 2.5e-6)):
        (found,) = find_quantities(text, threshold_context=True)
        assert (found.unit, found.si_value) == ("mm·mrad", pytest.approx(value))
    assert [q.unit for q in find_quantities("a divergence of 2 mrad at 1064 nm")] == ["mrad", "nm"]


def test_a_noise_density_per_root_hour_is_its_own_unit() -> None:
    """Angle random walk ("0.15 °/√h", the annex's "degree per square root hour") is never an angle."""
    for text in ("0.15 °/√h", "0.1 deg/rt-hr", "0,0035 degree per square root hour", "0.003 °/h^0.5"):
        (found,) = find_quantities(text, threshold_context=True)
        assert found.unit == "°/√h", text
    assert [q.unit for q in find_quantities("bias 2 °/h and 5 pT/√Hz")] == ["°/h", "pT/√Hz"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("støygulvet er om lag 30 pT (rms)/√Hz ved 1 Hz", [(30.0, "pT/√Hz"), (1.0, "Hz")]),
        ("a sensitivity less (better) than 1 nT (rms) per square root Hz", [(1.0, "nT/√Hz")]),
        ("20 pT rms per square root Hz", [(20.0, "pT/√Hz")]),
        ("samplingsrate 240 MS/s per kanal", [(240.0, "MSPS")]),  # "per kanal" counts, it is no unit
        ("sample rate 240 MS/s per channel", [(240.0, "MSPS")]),
        ("5 W per element", [(5.0, "W")]),
        ("flight noise below 0,5 nT", [(0.5, "nT")]),
    ],
)
def test_noise_densities_and_trailing_counted_things(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a magnetic field sensitivity of 0.54 fT Hz^-1/2 with", [(0.54, "fT/√Hz", 5.4e-16)]),
        ("a velocity of 12 m s-1 and", [(12.0, "m/s", 12.0)]),
        ("a fluence of 2 J cm⁻² at", [(2.0, "J/cm²", 2e4)]),
        ("1.5 W cm^-2 and 3 GHz", [(1.5, "W/cm²", 1.5e4), (3.0, "GHz", 3e9)]),
    ],
)
def test_a_negative_power_after_a_space_is_a_quotient(text: str, expected: list[tuple[float, str, float]]) -> None:
    """SI style "fT Hz^-1/2", "m s-1", "W cm⁻²" is fT/√Hz, m/s, W/cm² (before: no unit, no quantity)."""
    found = [(q.value, q.unit, q.si_value) for q in find_quantities(text)]
    assert [(v, u) for v, u, _ in found] == [(v, u) for v, u, _ in expected]
    assert [s for _, _, s in found] == pytest.approx([s for _, _, s in expected])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a temporal resolution of tens of picoseconds.", [(10.0, "ps", ">="), (100.0, "ps", "<")]),
        ("hundreds of watts of output", [(100.0, "W", ">="), (1000.0, "W", "<")]),
        ("en tidsoppløsning på titalls av nanosekunder", [(10.0, "ns", ">="), (100.0, "ns", "<")]),
        ("sub-nanosecond pulses", [(1.0, "ns", "<")]),
        ("a sub-micron feature", [(1.0, "µm", "<")]),
        ("tens of qubits", []),  # a count in words stays vague: no bound is read
        ("thousands of users", []),
    ],
)
def test_an_order_of_magnitude_in_words_is_a_pair_of_bounds(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(q.value, q.unit, q.comparator) for q in find_quantities(text)] == expected
