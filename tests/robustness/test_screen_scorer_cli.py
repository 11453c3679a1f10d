"""``exportscreen screen --scorer`` through the installed command: fitted by default, hand on request."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.robustness.cli import Outcome

LASER = (
    "A continuous wave ytterbium-doped fibre laser emitting 2.1 kW of output power at 1070 nm in a single "
    "transverse mode. We describe how the laser was built.\n"
)


def _screen(cli: Callable[..., Outcome], path: Path, *extra: str) -> dict:
    outcome = cli("screen", str(path), "--no-store", "--format", "json", *extra)
    assert outcome.code == 1, outcome.err  # needs review
    return json.loads(outcome.out)


def test_the_fitted_scorer_decides_by_default_and_the_record_says_so(
    cli: Callable[..., Outcome], tmp_path: Path
) -> None:
    path = tmp_path / "laser.txt"
    path.write_text(LASER)
    report = _screen(cli, path)
    document = report["documents"][0]
    assert document["decision"] == "review_required"
    assert "fitted scorer" in document["checked"]
    assert report["run"]["settings"]["scorer"] == "fitted"
    hand = _screen(cli, path, "--scorer", "hand")
    assert "hand-set scorer" in hand["documents"][0]["checked"]
    assert hand["run"]["settings"]["scorer"] == "hand"


def test_an_unknown_scorer_is_a_usage_error(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    path = tmp_path / "laser.txt"
    path.write_text(LASER)
    outcome = cli("screen", str(path), "--no-store", "--scorer", "nope")
    assert outcome.code == 2
    assert "Traceback" not in outcome.err
    assert [line for line in outcome.error_lines if line.startswith("Error:")] == [
        "Error: Invalid value for '--scorer': 'nope' is not one of 'fitted', 'hand'."
    ]
