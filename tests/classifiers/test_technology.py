"""E-technology links (itemlists.derive.technology) on the bundled List II, and document purpose cues."""

from __future__ import annotations

from typing import TypedDict

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifiers.documents.technology import technology_for
from extractors.analysis.technology import purpose_cues
from extractors.types import PURPOSES
from itemlists.derive.technology import (
    LINK_SCHEMA,
    code_refs,
    covers,
    expand_range,
    technology_links,
    text_purposes,
)
from itemlists.install.store import BUNDLED_ROOT, ListStore


@pytest.fixture(scope="module")
def provisions() -> pl.DataFrame:
    return ListStore([BUNDLED_ROOT]).provisions("II")


@pytest.fixture(scope="module")
def links(provisions: pl.DataFrame) -> pl.DataFrame:
    return technology_links(provisions)


class ForCase(TypedDict):
    code: str
    purposes: set[str]
    first: str  # the most specific E provision expected first
    absent: list[str]  # E provisions that must not be returned


FOR_CASES: list[ForCase] = [
    {"code": "6A005.b.6.a.2", "purposes": {"development"}, "first": "6E001", "absent": ["6E002", "6E201"]},
    {"code": "6A005.b.6.a.2", "purposes": {"production"}, "first": "6E002", "absent": ["6E001", "6E201"]},
    {"code": "6A005.b.6.a.2", "purposes": {"use"}, "first": "6E201", "absent": ["6E001", "6E002"]},
    {"code": "4A506.a.1", "purposes": {"development"}, "first": "4E001.a", "absent": ["4E001.b.3"]},
    {"code": "4A506.b", "purposes": {"production"}, "first": "4E001.b.3", "absent": []},
    {"code": "1C233", "purposes": {"development"}, "first": "1E001", "absent": ["1E201"]},
    {"code": "1C233", "purposes": {"use"}, "first": "1E201", "absent": ["1E001"]},
    {"code": "3A001.a.2", "purposes": {"use"}, "first": "3E101", "absent": ["3E001"]},
    {"code": "0A001.i", "purposes": {"production"}, "first": "0E001", "absent": []},
    {"code": "9A004", "purposes": {"production"}, "first": "9E002", "absent": ["9E001"]},
]


@pytest.mark.parametrize("case", FOR_CASES, ids=lambda c: f"{c['code']}-{'+'.join(sorted(c['purposes']))}")
def test_technology_for(case: ForCase, links: pl.DataFrame) -> None:
    got = technology_for(case["code"], case["purposes"], links)
    assert got and got[0] == case["first"], got
    assert not set(got) & set(case["absent"]), got


def test_specific_target_ranks_before_group(links: pl.DataFrame) -> None:
    got = technology_for("6A005.b.6.a.2", {"development", "production", "use"}, links)
    assert got.index("6E201") < got.index("6E001")
    assert set(got) >= {"6E001", "6E002", "6E201"}


def test_no_purposes_gives_nothing(links: pl.DataFrame) -> None:
    assert technology_for("6A005.b.6.a.2", set(), links) == []


def test_links_frame_shape(links: pl.DataFrame) -> None:
    assert links.schema == pl.Schema(LINK_SCHEMA)
    assert links.filter(pl.col("target").str.slice(1, 1) == "E").is_empty()
    six = links.filter(pl.col("e_code") == "6E001")
    assert six["target"].to_list() == ["6A", "6B", "6C", "6D"]
    assert set(six["purpose"]) == {"development"}


def test_materials_used_are_not_targets(links: pl.DataFrame) -> None:
    """9E003.f.1: engine systems 'employing ceramics materials specified in 1C007'."""
    assert links.filter(pl.col("e_code").str.starts_with("9E003"), pl.col("target") == "1C007").is_empty()


def test_sub_item_inherits_purposes(links: pl.DataFrame) -> None:
    row = links.filter(pl.col("e_code") == "4E001.b.3")
    assert set(row["target"]) == {"4A506.b", "4A506.c"}
    assert set(row["purpose"]) == {"development,production"}


class RefCase(TypedDict):
    text: str
    expected: list[str]


REF_CASES: list[RefCase] = [
    {"text": "specified in 6A, 6B, 6C or 6D.", "expected": ["6A", "6B", "6C", "6D"]},
    {"text": "specified in 1C002.b.3. or .b.4., 1C010.b.", "expected": ["1C002.b.3", "1C002.b.4", "1C010.b"]},
    {"text": "specified in 3A001.a.1. or 2., 3A101", "expected": ["3A001.a.1", "3A001.a.2", "3A101"]},
    {"text": "specified in 6A007.b. and .c., 6A008", "expected": ["6A007.b", "6A007.c", "6A008"]},
    {"text": "items specified in 6A005", "expected": ["6A005"]},
    {"text": "goods specified in this Category.", "expected": ["0"]},
    {"text": "as follows: 1. Output; or 2. Other", "expected": []},
]


@pytest.mark.parametrize("case", REF_CASES, ids=lambda c: c["text"][:30])
def test_code_refs(case: RefCase) -> None:
    assert code_refs(case["text"], category="0") == case["expected"]


def test_ranges_expand_against_codes(provisions: pl.DataFrame) -> None:
    codes = provisions["code"].to_list()
    assert code_refs("specified in 1A225 to 1A227", codes) == ["1A225", "1A226", "1A227"]
    assert expand_range("6A203.a", "6A203.c", codes) == ["6A203.a", "6A203.b", "6A203.c"]
    assert code_refs("specified in 6A005.a. to 6A005.c.", codes) == ["6A005.a", "6A005.b", "6A005.c"]


@pytest.mark.parametrize(
    ("target", "code", "expected"),
    [
        ("6A", "6A005.b", True),
        ("6A005", "6A005.b.6", True),
        ("6A005.b", "6A005.bx", False),
        ("6A005", "6A0051", False),
        ("0", "0A001", True),
        ("6B", "6A005", False),
    ],
)
def test_covers(target: str, code: str, expected: bool) -> None:
    assert covers(target, code) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Technology" for the "development" or "production" of X', ["development", "production"]),
        ('"Technology" for the design or "production" of ceramic powders', ["development", "production"]),
        ('"Technology" for the repair, refurbishing or overhaul of equipment', ["use"]),
        ('"Technology", in the form of codes or keys, to enhance or release the performance of', ["use"]),
        ("Ceramic powders having all of the following:", []),
    ],
)
def test_text_purposes(text: str, expected: list[str]) -> None:
    assert text_purposes(text) == expected


class CueCase(TypedDict):
    text: str
    expected: set[str]


CUE_CASES: list[CueCase] = [
    {"text": "We describe how the laser was built and its gain fibre fabricated in-house.", "expected": {"production"}},
    {"text": "The resonator was manufactured by diamond turning.", "expected": {"production"}},
    {"text": "We designed and optimised a new amplifier stage.", "expected": {"development"}},
    {"text": "A numerical model of the cavity predicts the mode.", "expected": {"development"}},
    {"text": "We explain how to operate, calibrate and maintain the magnetometer.", "expected": {"use"}},
    {"text": "Repair of the turbine blades is described.", "expected": {"use"}},
    {"text": "We used a commercial laser (model LX-200) to illuminate the sample.", "expected": set()},
    {"text": "Laser model LX-200 from Thorlabs was used for the measurements.", "expected": set()},
    {"text": "We did not fabricate the device ourselves.", "expected": set()},
    {"text": "The survey asked 40 nurses about their workload.", "expected": set()},
    {
        "text": "We designed the chip. It was then fabricated at a foundry and operated at 4 K.",
        "expected": {"development", "production", "use"},
    },
]


@pytest.mark.parametrize("case", CUE_CASES, ids=lambda c: c["text"][:30])
def test_purpose_cues(case: CueCase) -> None:
    assert purpose_cues(case["text"]) == case["expected"]


@given(st.text(max_size=300))
def test_purpose_cues_any_text(text: str) -> None:
    assert purpose_cues(text) <= set(PURPOSES)


@given(st.text(max_size=200))
def test_code_refs_any_text(text: str) -> None:
    refs = code_refs(text)
    assert len(refs) == len(set(refs))
    assert all(not r.endswith(".") for r in refs)
