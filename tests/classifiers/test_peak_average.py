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
