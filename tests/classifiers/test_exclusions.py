"""Exclusion notes (itemlists.derive.exclusions) on the bundled lists, and when they apply to a document."""

from __future__ import annotations

from typing import Any, TypedDict

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifiers.documents.exclusions import applying_exclusions, exclusion_applies, exclusions_for
from extractors.text.normalise import normalise
from itemlists.derive.exclusion_objects import parse_exclusion
from itemlists.derive.exclusions import EXCLUSION_SCHEMA, exclusions_frame
from itemlists.install.store import BUNDLED_ROOT, ListStore


def exclusion_counts(exclusions: pl.DataFrame) -> dict[str, int]:
    """Exclusions, notes, and how many have a numeric condition or an item phrase."""
    per = exclusions.group_by("exclusion_id").agg(
        pl.col("comparator").is_not_null().any().alias("numeric"),
        (pl.col("item_norm").first() != "").alias("item"),
        (pl.col("purpose_norm").first() != "").alias("purpose"),
        pl.col("source").first(),
        pl.col("text").first(),
    )
    return {
        "exclusions": per.height,
        "notes": per.filter(pl.col("source") == "note")["text"].n_unique(),
        "with_numeric_condition": int(per["numeric"].sum()),
        "with_item": int(per["item"].sum()),
        "with_purpose": int(per["purpose"].sum()),
        "from_text": int((per["source"] == "text").sum()),
    }


@pytest.fixture(scope="module")
def exclusions() -> pl.DataFrame:
    return exclusions_frame(ListStore([BUNDLED_ROOT]).provisions("II"))


def _rows(frame: pl.DataFrame, code: str) -> list[dict[str, Any]]:
    return frame.filter(pl.col("code") == code).to_dicts()


def test_frame_shape(exclusions: pl.DataFrame) -> None:
    assert exclusions.schema == pl.Schema(EXCLUSION_SCHEMA)
    counts = exclusion_counts(exclusions)
    assert counts["notes"] > 150
    assert counts["with_numeric_condition"] > 50
    assert counts["with_item"] > 300


def test_argon_laser_note(exclusions: pl.DataFrame) -> None:
    rows = _rows(exclusions, "6A005.a.2")
    assert [(r["item_norm"], r["purpose_norm"], r["comparator"], r["value"], r["unit"]) for r in rows] == [
        ("argon laser", "", "<=", 50.0, "W")
    ]
    assert rows[0]["text"].startswith("Note: 6A005.a.2. does not control Argon")


def test_magnetometer_note_is_by_purpose(exclusions: pl.DataFrame) -> None:
    rows = _rows(exclusions, "6A006")
    assert {(r["item_norm"], r["purpose_norm"]) for r in rows} == {
        ("", "fishery"),
        ("", "biomagnetic measurement medical diagnostic"),
    }
    assert all(r["comparator"] is None for r in rows)


def test_lettered_list_takes_the_head_noun(exclusions: pl.DataFrame) -> None:
    rows = _rows(exclusions, "6A005")
    items = {r["item_norm"]: r for r in rows}
    assert set(items) >= {"ruby laser", "nitrogen laser", "krypton laser"}
    assert (items["ruby laser"]["comparator"], items["ruby laser"]["value"]) == ("<", 20.0)


def test_all_of_the_following_is_one_exclusion(exclusions: pl.DataFrame) -> None:
    rows = [r for r in _rows(exclusions, "1C010.b") if r["purpose_norm"] == "civil aircraft structure"]
    assert len({r["exclusion_id"] for r in rows}) == 1
    assert {(r["quantity"], r["comparator"], r["unit"]) for r in rows} == {
        ("area", "<=", "m²"),
        ("length", "<=", "m"),
        ("width", ">", "m"),
    }


def test_named_codes_and_alternative_purposes(exclusions: pl.DataFrame) -> None:
    ic = _rows(exclusions, "3A001.a.2")
    assert {(r["item_norm"], r["purpose_norm"]) for r in ic} == {
        ("integrated circuit", "civil automobile"),
        ("integrated circuit", "railway train"),
    }
    assert {r["purpose_norm"] for r in _rows(exclusions, "3A001.h")} == {
        "civil automobile",
        "civil railway",
        "civil aircraft",
    }
    # "Note: 7A001.a.1. and 7A001.a.2. do not control ..." is carried by 7A001.a.
    assert _rows(exclusions, "7A001.a.1") and _rows(exclusions, "7A001.a.2")


def test_mass_market_style_items_of_5a002(exclusions: pl.DataFrame) -> None:
    items = {r["item_norm"] for r in _rows(exclusions, "5A002.a")}
    assert {"cordless telephone equipment", "router", "server", "mobile radiotelephone"} <= items
    cordless = [r for r in _rows(exclusions, "5A002.a") if r["item_norm"] == "cordless telephone equipment"]
    assert [(r["comparator"], r["value"], r["unit"]) for r in cordless] == [("<", 400.0, "m")]


def test_not_exceed_is_an_upper_bound(exclusions: pl.DataFrame) -> None:
    """3A001.b.1 Note 1: 'a. Does not exceed 31,8 GHz'."""
    rows = [r for r in _rows(exclusions, "3A001.b.1") if r["unit"] == "Hz"]
    assert ("<=", 31.8e9) in {(r["comparator"], r["value"]) for r in rows}
    assert all(r["quantity"][0].isalpha() for r in rows if r["quantity"])


def test_leftover_words_are_not_items(exclusions: pl.DataFrame) -> None:
    """'four "effective grammes" or less when contained ...' must not exclude on the word 'less'."""
    single = exclusions.filter(~pl.col("item_norm").str.contains(" "), pl.col("purpose_norm") == "")
    assert not set(single["item_norm"]) & {"less", "more", "having", "n", "they", "finished"}
    assert not exclusions.filter(pl.col("item_norm") == "", pl.col("purpose_norm").is_in(["civil", "system"])).height


def test_chemical_names_keep_their_commas(exclusions: pl.DataFrame) -> None:
    assert "n n dimethylaminophosphoryl dichloride" in set(_rows_frame(exclusions, "1C450.b.2")["item_norm"])


def _rows_frame(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    return frame.filter(pl.col("code") == code)


def test_relative_clause_is_not_a_note(exclusions: pl.DataFrame) -> None:
    """'equipment or systems to which 5A002.a. does not control' starts no exclusion."""
    assert not exclusions.filter(pl.col("item_norm").str.contains("reason")).height


def test_other_than_in_provision_text(exclusions: pl.DataFrame) -> None:
    rows = exclusions.filter(pl.col("source") == "text", pl.col("code") == "3C507.a")
    assert set(rows["item_norm"]) == {"silicon 28", "silicon 30"}


def test_list_one_does_not_apply_notes() -> None:
    frame = exclusions_frame(ListStore([BUNDLED_ROOT]).provisions("I"))
    assert {r["item_norm"] for r in _rows(frame, "ML2.b")} == {"signal pistol"}


class AppliesCase(TypedDict):
    code: str
    text: str
    quantities: list[tuple[float, str]]
    applies: bool


APPLIES_CASES: list[AppliesCase] = [
    {
        "code": "6A005.a.2",
        "text": "A 40 W argon laser at 488 nm",
        "quantities": [(40.0, "W"), (4.88e-7, "m")],
        "applies": True,
    },
    {"code": "6A005.a.2", "text": "A 60 W argon ion laser", "quantities": [(60.0, "W")], "applies": False},
    {"code": "6A005.a.2", "text": "A 40 W frequency-doubled laser", "quantities": [(40.0, "W")], "applies": False},
    {"code": "6A005.a.2", "text": "An argon laser of unstated power", "quantities": [], "applies": False},
    {
        "code": "6A006.a",
        "text": "SQUID magnetometers for biomagnetic measurements in medical diagnostics",
        "quantities": [],
        "applies": True,
    },
    {"code": "6A006.a", "text": "SQUID magnetometers for submarine detection", "quantities": [], "applies": False},
    {
        "code": "3A001.a.2",
        "text": "Radiation-hard integrated circuits for satellites",
        "quantities": [],
        "applies": False,
    },
    {"code": "3A001.a.2", "text": "Integrated circuits for civil automobiles", "quantities": [], "applies": True},
]


@pytest.mark.parametrize("case", APPLIES_CASES, ids=lambda c: f"{c['code']}:{c['text'][:25]}")
def test_applying_exclusions(case: AppliesCase, exclusions: pl.DataFrame) -> None:
    words = set(normalise(case["text"]).split())
    found = applying_exclusions(exclusions, case["code"], words, case["quantities"])
    assert (found.height > 0) is case["applies"], found


def test_exclusions_for_includes_ancestors(exclusions: pl.DataFrame) -> None:
    codes = set(exclusions_for(exclusions, "6A005.a.2")["code"])
    assert codes == {"6A005", "6A005.a.2"}


@pytest.mark.parametrize(
    ("row", "applies"),
    [
        ([{"item_norm": "argon laser", "purpose_norm": "", "comparator": "<=", "value": 50.0, "unit": "W"}], True),
        (
            [
                {"item_norm": "argon laser", "purpose_norm": "", "comparator": "<=", "value": 50.0, "unit": "W"},
                {"item_norm": "argon laser", "purpose_norm": "", "comparator": ">", "value": 1.0, "unit": "kg"},
            ],
            False,
        ),
        ({"item_norm": "", "purpose_norm": "", "comparator": None, "value": None, "unit": None}, False),
        ({"item_norm": "", "purpose_norm": "medical", "comparator": None, "value": None, "unit": None}, True),
    ],
)
def test_exclusion_applies_rows(row: Any, applies: bool) -> None:
    assert exclusion_applies(row, {"argon", "laser", "medical"}, [(30.0, "W")]) is applies


@given(st.text(max_size=300))
def test_parse_exclusion_any_text(text: str) -> None:
    for exclusion in parse_exclusion("6A005", text):
        assert exclusion.item_norm == normalise(exclusion.item_norm)
        assert exclusion.item_norm or exclusion.purpose_norm or exclusion.conditions
