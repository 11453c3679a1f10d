"""One document goes down the floors once: read (extractors), analyse completely (extractors), classify."""

from __future__ import annotations

from tests.benchmarks.walk import calls, floors
from tests.paths import EXAMPLES


def test_a_document_goes_down_the_floors_once() -> None:
    seq = calls(EXAMPLES / "fibre_laser_manuscript.pdf")
    assert floors(seq) == ["flows", "extractors", "flows", "extractors", "classifiers"]
    assert not any(s.startswith("itemlists/") and not s.endswith("types.py") for s in seq)
