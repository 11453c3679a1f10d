"""The shipped unit conversions (extractors.analysis.unit_table) give what pint gives, without pint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractors.analysis import units
from extractors.analysis.unit_table import TABLE_PATH, render, shipped, spelled_units, threshold_units

ROOT = Path(__file__).resolve().parents[2]


def test_every_row_is_pints_conversion() -> None:
    table = shipped()
    assert len(table) > 250
    for unit, row in table.items():
        assert row == units.pint_conversion(unit), unit


def test_the_file_is_in_canonical_form() -> None:
    assert TABLE_PATH.read_text(encoding="utf-8") == render(shipped())


def test_spelled_and_threshold_units_need_no_pint() -> None:
    table = shipped()
    missing = (spelled_units() | threshold_units(ROOT / "itemlists" / "data")) - set(table)
    assert not missing


@pytest.mark.parametrize("unit", ["dBm", "dBW"])
def test_decibel_powers_equal_pints(unit: str) -> None:
    scale = shipped()[unit].factor
    for tenths in range(-3000, 3001, 7):
        value = tenths / 10
        assert units._logarithmic(value, scale) == units.pint_logarithmic(value, unit), value
    assert units.to_si(30.0, "dBm") == (1.0, "W")


def test_a_unit_not_in_the_table_goes_to_pint() -> None:
    unit = "kW/mm²·sr"
    assert unit not in shipped()
    si_value, si_unit = units.to_si(2.0, unit)
    conversion = units.pint_conversion(unit)
    assert conversion is not None
    assert (si_value, si_unit) == (units._tidy(2.0 * conversion.factor + conversion.offset), conversion.si_unit)


def test_quantities_are_read_without_importing_pint() -> None:
    code = (
        "import sys\n"
        "from extractors.analysis.quantities import find_quantities\n"
        "q = find_quantities('a 2.1 kW laser at 1064 nm, -7 dBm, 20 pT/√Hz and 3 ms⁻¹')\n"
        "assert [x.si_unit for x in q] == ['W', 'm', 'W', 'T/√Hz', 'Hz'], q\n"
        "print('pint' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr
