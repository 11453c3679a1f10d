"""Source repairs and parsers: exponent and note-subject rules, definitions, code patterns."""

from __future__ import annotations

from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itemlists.derive.definitions import parse_annex_definitions, parse_article_definitions
from itemlists.sources.common import clean_text, code_matches
from itemlists.sources.repairs import (
    fix_exponents,
    normalise_code,
    note_subject,
    repair_note_placement,
)


class ExpCase(TypedDict):
    text: str
    expected: str


EXPONENT_CASES: list[ExpCase] = [
    {"text": "frequencies exceeding 2 × 108 Hz", "expected": "frequencies exceeding 2 × 10⁸ Hz"},
    {"text": "error of less than or equal to 10-4;", "expected": "error of less than or equal to 10⁻⁴;"},
    {"text": "exceeding 10,15 x 106 m", "expected": "exceeding 10,15 x 10⁶ m"},
    {"text": "(χ(2)) of 3,3×10-11 m/V", "expected": "(χ(2)) of 3,3×10⁻¹¹ m/V"},
    {"text": "1× 10-8 Error/bit/day", "expected": "1× 10⁻⁸ Error/bit/day"},
    # not thresholds: sizes, ranges and plain numbers stay as written
    {"text": "1024 × 1024 pixels", "expected": "1024 × 1024 pixels"},
    {"text": "2 x 100 mm", "expected": "2 x 100 mm"},
    {"text": "in the range 10-20 GHz", "expected": "in the range 10-20 GHz"},
    {"text": "exceeding 108 W", "expected": "exceeding 108 W"},
]


@pytest.mark.parametrize("case", EXPONENT_CASES, ids=lambda c: c["text"][:30])
def test_fix_exponents(case: ExpCase) -> None:
    assert fix_exponents(case["text"]) == case["expected"]


@given(st.text(alphabet="0123456789 ×x-,.abW", max_size=60))
def test_fix_exponents_is_idempotent_and_total(text: str) -> None:
    once = fix_exponents(text)
    assert fix_exponents(once) == once


@pytest.mark.parametrize(
    ("note", "subject"),
    [
        ("Note 1: 4A506 applies to circuit model quantum computers.", "4A506"),
        ("Note 3: Items specified by 4A506.b. include qubit chips", "4A506.b"),
        ("Technical Note: For the purposes of 2E503g, 'coating systems'", "2E503.g"),
        ("Technical Note: In 0A001.h. 'nuclear reactor internals' means", "0A001.h"),
        ("Note: 1C111a.2.a. and 1C111a.2.b. controls powder mixtures", None),
        ("Note: 6A203.a. to 6A203.c. does not control cameras", None),
        ("N.B. For zirconium pressure tubes see 0A001.e.", None),
        ("Note: Metal or carbon-coated fibres are specified in 1C010.a.", None),
    ],
)
def test_note_subject(note: str, subject: str | None) -> None:
    assert note_subject(note) == subject


def test_note_placement_moves_and_deduplicates() -> None:
    note = "Note 3: 1C450 does not control chemical mixtures"
    records = [
        {"code": "1C450", "entry_code": "1C450", "notes": []},
        {"code": "1C450.a", "entry_code": "1C450", "notes": [note]},
        {"code": "1C450.b", "entry_code": "1C450", "notes": [note]},
        {"code": "1C451", "entry_code": "1C451", "notes": ["Note: 1C450.a. is elsewhere"]},
    ]
    log = repair_note_placement(records)
    assert records[0]["notes"] == [note]
    assert records[1]["notes"] == [] and records[2]["notes"] == []
    assert records[3]["notes"] == ["Note: 1C450.a. is elsewhere"]  # other entry: left alone
    assert [r.kind for r in log] == ["note_moved", "note_deduplicated"]


@given(st.text(max_size=40))
def test_normalise_code_never_crashes(raw: str) -> None:
    assert isinstance(normalise_code(raw), str)


@pytest.mark.parametrize(
    ("list_id", "code", "ok"),
    [("II", "6A005.b.6.b", True), ("II", "1C350.12", True), ("I", "ML8.a.1", True),
     ("II", "ML8", False), ("II", "6A005..b", False), ("III", "4A506", True), ("II", "6a005", False)],
)
def test_code_patterns(list_id: str, code: str, ok: bool) -> None:
    assert code_matches(list_id, code) is ok


def test_clean_text_drops_html_and_running_heads() -> None:
    raw = "Frame rates of 1 kHz; and 6A004. continued \n<br>&emsp;   more"
    assert clean_text(raw) == "Frame rates of 1 kHz; and more"


def test_definitions_parsers() -> None:
    annex = (
        '"Accuracy" (2 3 6 7), usually measured in terms of inaccuracy.\n'
        'N.B. See also "precision".\n'
        '"Bias" (gyro) (7) means the average gyro output.\n'
        '"Data device" (def) means equipment.'
    )
    frame = parse_annex_definitions(annex)
    assert frame["term"].to_list() == ["Accuracy", "Bias", "Data device"]
    assert frame["categories"].to_list() == [["2", "3", "6", "7"], ["7"], None]
    assert frame["qualifier"].to_list() == [None, "(gyro)", "(def)"]
    assert frame["definition"][0].endswith('N.B. See also "precision".')
    article = "Article 2: (1) ‘dual-use items’ means items; (2) ‘export’ means: (a) a procedure;"
    assert parse_article_definitions(article)["term"].to_list() == ["dual-use items", "export"]
