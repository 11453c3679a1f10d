"""Numeric conditions parsed from provision text (itemlists.derive.thresholds), on the bundled lists."""

from __future__ import annotations

import json
from typing import TypedDict

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itemlists.derive.thresholds import coverage_report, parse_thresholds, thresholds_frame
from itemlists.install.store import BUNDLED_ROOT, ListStore
from itemlists.types import THRESHOLD_SCHEMA
from tests.paths import SHARED

SHARED = SHARED

Bound = tuple[str, str, float, str]  # quantity, comparator, value, unit


@pytest.fixture(scope="module")
def provisions() -> pl.DataFrame:
    return ListStore([BUNDLED_ROOT]).provisions("II")


def _bounds(provisions: pl.DataFrame, code: str) -> list[Bound]:
    text = provisions.filter(pl.col("code") == code)["text"].item()
    return [(t.quantity, t.comparator, t.value, t.unit) for t in parse_thresholds(code, text)]


def _assert_bounds(got: list[Bound], expected: list[Bound]) -> None:
    assert len(got) == len(expected), got
    for (quantity, comparator, value, unit), want in zip(got, expected, strict=True):
        assert (quantity, comparator, unit) == (want[0], want[1], want[3])
        assert value == pytest.approx(want[2])


class Case(TypedDict):
    code: str
    expected: list[Bound]


CASES: list[Case] = [
    {"code": "6A005.a.1", "expected": [("output wavelength", "<", 1.5e-7, "m"),
                                       ("output power", ">", 1.0, "W")]},
    {"code": "6A005.a.2", "expected": [("output wavelength", ">=", 1.5e-7, "m"),
                                       ("output wavelength", "<=", 5.1e-7, "m"),
                                       ("output power", ">", 30.0, "W")]},
    {"code": "6A005.a.6.b.2", "expected": [("output power", ">", 2000.0, "W")]},
    {"code": "6A005.b.6", "expected": [("output wavelength", ">", 9.75e-7, "m"),
                                       ("output wavelength", "<=", 1.15e-6, "m")]},
    {"code": "6A005.b.6.a", "expected": [("pulse duration", "<", 1e-12, "s")]},
    {"code": "6A005.b.6.a.2", "expected": [("average output power", ">", 30.0, "W")]},
    {"code": "6A005.b.6.a.3", "expected": [("output energy", ">", 0.002, "J")]},
    {"code": "6A005.b.6.b", "expected": [("pulse duration", ">=", 1e-12, "s"),
                                         ("pulse duration", "<", 1e-9, "s")]},
    {"code": "6A005.b.6.c.1.b", "expected": [
        ("average output power", ">", 20.0, "W"),
        ("maximum pulse repetition frequency", "<=", 1000.0, "Hz")]},
    {"code": "4A506.a.1", "expected": [("physical qubits", ">=", 34.0, "qubit"),
                                       ("physical qubits", "<", 100.0, "qubit"),
                                       ("c-not error", "<=", 1e-4, "")]},
    {"code": "4A506.a.8", "expected": [("physical qubits", ">=", 2000.0, "qubit")]},
    {"code": "1C010.a", "expected": []},  # "having all of the following:" - no number
    {"code": "1C010.a.1", "expected": [("specific modulus", ">", 1.27e7, "m")]},
    {"code": "1C010.a.2", "expected": [("specific tensile strength", ">", 2.35e5, "m")]},
    {"code": "0A001.f", "expected": [("quantities", ">", 10.0, "kg")]},
    {"code": "1C001.a", "expected": [("frequencies", ">", 2e8, "Hz"),
                                     ("frequencies", "<", 3e12, "Hz")]},
    {"code": "1C117.a", "expected": [("tungsten content", ">=", 0.97, ""),
                                     ("particle size", "<=", 5e-5, "m")]},
    {"code": "3A001.d.1", "expected": [("power dissipation per gate", "<", 1e-14, "J")]},
    {"code": "0B001.c.1", "expected": [("pore size", ">=", 1e-8, "m"), ("pore size", "<=", 1e-7, "m"),
                                       ("thickness", "<=", 0.005, "m"),
                                       ("diameter", "<=", 0.025, "m")]},
    {"code": "3B501.n.7.c.2", "expected": [("process pressure", ">", 0.133, "Pa"),
                                           ("process pressure", "<", 13.3, "Pa"),
                                           ("temperature", "<", 773.15, "K")]},
    {"code": "9A106.d.b", "expected": [("shaft speeds", ">=", 837.758041, "rad/s"),  # 8000 r.p.m.
                                       ("discharge pressures", ">=", 7e6, "Pa")]},
]


@pytest.mark.parametrize("case", CASES, ids=[c["code"] for c in CASES])
def test_provision_thresholds(provisions: pl.DataFrame, case: Case) -> None:
    _assert_bounds(_bounds(provisions, case["code"]), case["expected"])


@pytest.mark.parametrize(
    ("code", "low", "high", "error"),
    [("4A506.a.1", 34, 100, 1e-4), ("4A506.a.2", 100, 200, 1e-3), ("4A506.a.3", 200, 350, 2e-3),
     ("4A506.a.4", 350, 500, 3e-3), ("4A506.a.5", 500, 700, 4e-3), ("4A506.a.6", 700, 1100, 5e-3),
     ("4A506.a.7", 1100, 2000, 6e-3)],
)
def test_qubit_ranges(provisions: pl.DataFrame, code: str, low: int, high: int, error: float) -> None:
    _assert_bounds(_bounds(provisions, code), [("physical qubits", ">=", low, "qubit"),
                                               ("physical qubits", "<", high, "qubit"),
                                               ("c-not error", "<=", error, "")])


# The official source flattens superscripts ("10-4" is 10⁻⁴, "× 106" is × 10⁶); the bundled
# data has them repaired. Both spellings must give the same thresholds.
FLATTENED = [
    ("4A506.a.3", "Quantum computers supporting 200 or more, but fewer than 350, 'fully "
     "controlled', 'connected' and 'working' 'physical qubits', and having a 'C-NOT error' of "
     "less than or equal to 2 × 10-3;"),
    ("1C010.a.1", '"Specific modulus" exceeding 12,7 × 106 m; and'),
    ("1C001.a", "Materials for absorbing frequencies exceeding 2 × 108 Hz but less than "
     "3 × 1012 Hz;"),
    ("3A001.d.1", "Current switching for digital circuits using \"superconductive\" gates with a "
     "product of delay time per gate (in seconds) and power dissipation per gate (in watts) of "
     "less than 10-14 J; or"),
]


@pytest.mark.parametrize(("code", "flattened"), FLATTENED, ids=[c for c, _ in FLATTENED])
def test_flattened_superscripts(provisions: pl.DataFrame, code: str, flattened: str) -> None:
    got = [(t.quantity, t.comparator, t.value, t.unit) for t in parse_thresholds(code, flattened)]
    _assert_bounds(got, _bounds(provisions, code))


def test_threshold_records_carry_code_and_clause(provisions: pl.DataFrame) -> None:
    text = provisions.filter(pl.col("code") == "6A005.a.2")["text"].item()
    clauses = [(t.code, t.text) for t in parse_thresholds("6A005.a.2", text)]
    assert clauses == [("6A005.a.2", "Output wavelength of 150 nm or more"),
                       ("6A005.a.2", "but not exceeding 510 nm"),
                       ("6A005.a.2", "output power exceeding 30 W")]


def test_notes_restatements_and_plain_conditions() -> None:
    restated = parse_thresholds("X", "Output power exceeding 1 W (30 dBm) at 20 °C;")
    assert [(t.comparator, t.value, t.unit) for t in restated] == [(">", 1.0, "W")]
    assert parse_thresholds("X", "Primary cells having any of the following at 20 °C;") == []


def test_thresholds_frame(provisions: pl.DataFrame) -> None:
    sample = provisions.filter(pl.col("entry_code").is_in(["6A005", "4A506", "1C010"]))
    frame = thresholds_frame(sample)
    assert frame.schema == pl.Schema(THRESHOLD_SCHEMA)
    expected = sum(len(parse_thresholds(c, t)) for c, t in sample.select("code", "text").iter_rows())
    assert frame.height == expected > 100
    qubits = frame.filter((pl.col("code") == "4A506.a.1") & (pl.col("unit") == "qubit"))
    assert qubits.select("comparator", "value").rows() == [(">=", 34.0), ("<", 100.0)]
    assert thresholds_frame(provisions.head(0)).height == 0


def test_coverage_report(provisions: pl.DataFrame) -> None:
    report = coverage_report(provisions)
    assert report["provisions"] == provisions.height
    assert report["with_numbers"] > 1000
    assert report["parsed"] / report["with_numbers"] > 0.95
    assert len(report["unparsed"]) == report["with_numbers"] - report["parsed"]
    assert "1C116.a.1" in report["unparsed"]  # its comparator is in the parent's text
    assert "6A005.a.2" not in report["unparsed"]


def test_raw_source_parses_like_the_bundled_data(provisions: pl.DataFrame) -> None:
    path = SHARED / "data" / "itemlists" / "eu_annex_i_2025" / "eu_annex_i_2025-11-15_flat.jsonl"
    if not path.exists():
        pytest.skip(f"raw annex not found at {path} (set EXPORTSCREEN_SHARED)")
    raw = pl.DataFrame([json.loads(line) for line in path.read_text("utf-8").splitlines()])
    wanted = ["4A506", "1C010", "1C001", "6A005", "3B501"]
    raw_frame = thresholds_frame(raw.filter(pl.col("entry_code").is_in(wanted)))
    bundled = thresholds_frame(provisions.filter(pl.col("entry_code").is_in(wanted)))
    assert raw_frame.select("code", "comparator", "unit").rows() == bundled.select(
        "code", "comparator", "unit").rows()
    assert raw_frame["value"].to_list() == pytest.approx(bundled["value"].to_list())


PHRASES = {"exceeding": ">", "more than": ">", "greater than": ">", "above": ">", "over": ">",
           "at least": ">=", "equal to or exceeding": ">=", "equal to or greater than": ">=",
           "less than": "<", "below": "<", "under": "<", "fewer than": "<", "up to": "<=",
           "not exceeding": "<=", "equal to or less than": "<=",
           "less than or equal to": "<=", "up to and including": "<="}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(PHRASES)), st.integers(1, 9999), st.sampled_from(
    [("W", 1.0), ("kW", 1e3), ("nm", 1e-9), ("GHz", 1e9), ("mJ", 1e-3), ("ps", 1e-12)]))
def test_comparator_phrases(phrase: str, number: int, unit: tuple[str, float]) -> None:
    found = parse_thresholds("X", f"Output power {phrase} {number} {unit[0]};")
    assert [(t.quantity, t.comparator) for t in found] == [("output power", PHRASES[phrase])]
    assert found[0].value == pytest.approx(number * unit[1])
