from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.analysis.language import detect_language, translate_norm
from extractors.text.normalise import normalise


class Case(TypedDict):
    text: str
    norm: str


CASES: list[Case] = [
    {"text": "High-power Fibre Lasers", "norm": "high power fiber laser"},
    {"text": 'Non-"tunable" continuous wave "(CW) lasers"', "norm": "non tunable continuous wave cw laser"},
    {"text": "optically pumped magnetometers", "norm": "optically pumped magnetometer"},
    {"text": "the separation of isotopes", "norm": "separation isotope"},
    {"text": "gases and lenses", "norm": "gas lens"},
    {"text": "linearly polarised", "norm": "linearly polarized"},
    {"text": "Émission µm", "norm": "emission um"},
    {"text": "analyses of the batteries", "norm": "analysis battery"},
]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_normalise_cases(case: Case) -> None:
    assert normalise(case["text"]) == case["norm"]


@given(st.text(max_size=60))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=200))
def test_detect_language_never_crashes(text: str) -> None:
    assert detect_language(text) in {"en", "nb"}


def test_norwegian_detected_and_glossed() -> None:
    text = "Prosjektet skal utvikle en autonom undervannsfarkost som kan operere under isen i Arktis."
    assert detect_language(text) == "nb"
    assert translate_norm("autonom undervannsfarkost") == "autonomous underwater vehicle"
    # Inflected forms reach the base entry: "satellitten" -> "satellitt".
    assert translate_norm("satellitten") == "satellite"
