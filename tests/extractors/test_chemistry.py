"""Chemical formulas read as the lists' words, and hostile tokens that must not hang the reader."""

from __future__ import annotations

import subprocess
import sys

from extractors.analysis.chemistry import MAX_FORMULA_CHARS, elements, is_iii_v


def test_formulas_are_read() -> None:
    assert elements("Al0.28Ga0.72N") == ["Al", "Ga", "N"]
    assert is_iii_v("In0.53Ga0.47As")
    assert not is_iii_v("SiC")
    assert not is_iii_v("CNN")


def test_a_long_token_is_never_a_formula() -> None:
    assert elements("Al" * (MAX_FORMULA_CHARS // 2 + 1)) is None


def test_a_hostile_token_returns_at_once() -> None:
    # "AxAx...Ax!" made the formula pattern backtrack exponentially: one such token in a
    # real specification hung its analysis. Run in a child so a regression fails, not hangs.
    code = "from extractors.analysis.chemistry import elements; print(elements('Ax' * 60 + '!'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "None"
