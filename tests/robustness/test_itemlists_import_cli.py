"""``exportscreen itemlists import --source-format`` through the installed command: named, unknown, wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.robustness.cli import Outcome

PROVISIONS = [{"code": "4A506", "text": "Quantum computers, as follows:"}]


def test_a_named_source_format_is_used(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    path = tmp_path / "l3.json"
    path.write_text(json.dumps(PROVISIONS))
    outcome = cli("itemlists", "import", str(path), "--list", "III", "--version", "v1", "--source-format", "flat_jsonl")
    assert outcome.code == 0, outcome.err
    assert outcome.out == "Installed III@v1: 1 provisions, 1 entries (now current).\n"
    assert "* III@v1" in cli("itemlists").out


def test_an_unknown_source_format_is_a_usage_error_naming_the_known_ones(
    cli: Callable[..., Outcome], tmp_path: Path
) -> None:
    path = tmp_path / "l3.json"
    path.write_text(json.dumps(PROVISIONS))
    outcome = cli("itemlists", "import", str(path), "--list", "III", "--source-format", "nope")
    outcome.assert_one_line_error(2, "unknown source format 'nope'", "flat_jsonl", "list_two_pdf")


def test_a_file_that_is_not_of_the_named_format_exits_4_with_one_line(
    cli: Callable[..., Outcome], tmp_path: Path
) -> None:
    path = tmp_path / "l3.json"
    path.write_text(json.dumps({"not": "provisions"}))
    outcome = cli("itemlists", "import", str(path), "--list", "III", "--source-format", "flat_jsonl")
    outcome.assert_one_line_error(4, "l3.json")
    assert "* III@provisional-2025-11-15" in cli("itemlists").out  # nothing already installed is lost
