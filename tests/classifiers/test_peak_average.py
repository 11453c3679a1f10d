"""Peak and average values told apart (issue 14, part 3): a peak power is no average output power."""

from __future__ import annotations

import pytest

from extractors.analysis.quantity_context import quantity_mode
from tests.classifiers.test_document_judgement import _screen


@pytest.mark.parametrize(
    ("sentence", "number", "mode"),
    [
        ("an amplifier with 466 W average output power and 8.8 kW peak power", "466 W", "average"),
        ("an amplifier with 466 W average output power and 8.8 kW peak power", "8.8 kW", "peak"),
        ("a peak power of 12 MW and an average power of 40 W", "12 MW", "peak"),
        ("a peak power of 12 MW and an average power of 40 W", "40 W", "average"),
        ("en gjennomsnittlig utgangseffekt på 115 W", "115 W", "average"),
        ("an output power of 2.1 kW", "2.1 kW", ""),
    ],
)
def test_the_mode_word_closest_to_a_number_is_its_mode(sentence: str, number: str, mode: str) -> None:
    start = sentence.index(number)
    assert quantity_mode(sentence, start, len(number)) == mode


def test_an_average_power_threshold_reads_the_average_not_the_peak() -> None:
    result = _screen(
        "We demonstrate a nanosecond pulsed ytterbium fibre amplifier with 466 W average output power and "
        "8.8 kW peak power at 1064 nm."
    )
    checks = [c for f in result.findings for c in f.thresholds if c.quantity == "average output power" and c.found]
    assert checks, [f.code for f in result.findings]
    assert all(c.found_text == "466 W" for c in checks), [(c.code, c.found_text) for c in checks]


def test_a_cw_power_threshold_is_not_met_by_a_peak_power() -> None:
    """6A005.e.3.a.1's "CW output power exceeding 1000 W" is continuous power: 12 MW peak is not it."""
    result = _screen(
        "We built a non-tunable pulsed fibre laser at 1064 nm with a peak power of 12 MW and a pulse "
        "duration of 2 ns. We describe how the laser was built."
    )
    cw = [c for f in result.findings for c in f.thresholds if "cw" in c.quantity.lower() and c.found_text]
    assert not any(c.found_text == "12 MW" for c in cw), [(c.code, c.found_text) for c in cw]
    assert not [f.code for f in result.flags if f.code.startswith("6A005.e.3")]
